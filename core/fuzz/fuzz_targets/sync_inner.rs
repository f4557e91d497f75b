//! The post-decryption checks of `open` on arbitrary plaintext: anyone holding Bob's public
//! card can encrypt any bytes to him, so this parser faces hostile input too (R7.4, R7.5).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rapport_core::sync::envelope::fuzz_verify_plaintext;
use rapport_core::sync::{ContactCard, Identity};

struct Fixture {
    bob: Identity,
    alice_card: ContactCard,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| Fixture {
        bob: Identity::from_secret_bytes(&[0xB0; 64]).expect("fixed key"),
        alice_card: Identity::from_secret_bytes(&[0xA1; 64])
            .expect("fixed key")
            .public("alice", "Alice")
            .expect("fixed card"),
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let contacts = |pid: &str| (pid == "alice").then(|| f.alice_card.clone());
    // Without Alice's secret key no input can carry a valid signature.
    assert!(fuzz_verify_plaintext(data, &f.bob, &contacts).is_err());
});
