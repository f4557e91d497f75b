//! Hostile Automerge bytes, as they come out of a correctly signed and decrypted sync file or
//! a backup (anyone can make those): every entry point that reads a payload must refuse bad
//! input with an error, never panic, and never work or allocate without bound (R7.5; the
//! caps of `docs::bounds`). One target for all of them, to keep CI time modest: the first
//! byte picks the entry point, the rest is the payload.
#![no_main]

use std::sync::OnceLock;

use automerge::{ActorId, AutoCommit};
use libfuzzer_sys::fuzz_target;
use rapport_core::docs::bounds;
use rapport_core::docs::exchange;
use rapport_core::domain::Side;
use rapport_core::docs::one_on_one::{self as oo, SCHEMA};
use rapport_core::docs::DocKind;
use rapport_core::domain::one_on_one::Participant;
use rapport_core::sync::limits::PayloadLimits;

/// The local copy a payload is previewed against and merged into. Must match
/// core/examples/make_fuzz_seeds.rs, which writes payloads that build on it.
fn local() -> &'static AutoCommit {
    static DOC: OnceLock<AutoCommit> = OnceLock::new();
    DOC.get_or_init(|| {
        let lea = Participant::new("leader-1", "Lea");
        let eve = Participant::new("employee-1", "Eve");
        let mut doc = oo::create("series-1", &lea, &eve, Side::Leader, 1_767_225_600_000)
            .expect("fixture document");
        doc.set_actor(ActorId::from([0x11u8; 16].as_slice()));
        doc
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, payload)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => {
            let _ = exchange::preview(local(), "series-1", payload);
        }
        1 => {
            let mut doc = local().clone();
            let heads = doc.get_heads();
            if exchange::merge(&mut doc, payload).is_err() {
                // A refused payload leaves the document exactly as it was.
                assert_eq!(doc.get_heads(), heads);
            }
            // The app's import path: the same, plus who-writes-what on every operation.
            let mut doc = local().clone();
            if exchange::merge_by(&mut doc, payload, &[], Side::Employee).is_err() {
                assert_eq!(doc.get_heads(), heads);
            }
        }
        2 => {
            let _ = exchange::receive_new("series-1", DocKind::OneOnOne, SCHEMA, payload);
            let _ = exchange::preview_new("series-1", DocKind::OneOnOne, SCHEMA, payload);
        }
        _ => {
            // Restore's path, and the bounds check on its own (it must agree with itself).
            let first = bounds::check(payload, &PayloadLimits::BACKUP_DOCUMENT);
            assert_eq!(first, bounds::check(payload, &PayloadLimits::BACKUP_DOCUMENT));
            let _ = exchange::load_bounded(payload, &PayloadLimits::BACKUP_DOCUMENT);
        }
    }
});
