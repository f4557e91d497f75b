//! `inspect` + `open` of arbitrary bytes as Bob, who knows Alice's card (R7.5: never panic,
//! never accept garbage). Seeds: core/examples/make_fuzz_seeds.rs.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rapport_core::sync::{inspect, open, ContactCard, Identity, Recipient};

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
    let outer = inspect(data);
    // Only cheap Argon2 costs get the passphrase: costs within the accepted bounds (up to
    // 64 MiB x 8 passes) are legitimate but would slow the fuzzer to a crawl.
    let passphrase = match &outer {
        Ok(o) => match o.recipient {
            Recipient::Passphrase { params, .. } if params.m_kib <= 64 && params.t <= 2 => Some("fuzz"),
            _ => None,
        },
        Err(_) => None,
    };
    let contacts = |pid: &str| (pid == "alice").then(|| f.alice_card.clone());
    let opened = open(data, &f.bob, passphrase, &contacts);
    if outer.is_err() {
        assert!(opened.is_err(), "open accepted what inspect refused");
    }
    if let Ok(opened) = opened {
        assert!(opened.header.sender.verify().is_ok());
    }
});
