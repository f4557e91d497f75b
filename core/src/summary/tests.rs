use super::*;
use crate::docs::development_plan::testing::plan;
use crate::store::ChunkKind;

fn key(doc: &str, kind: ChunkKind, id: &str) -> ChunkKey {
    ChunkKey {
        doc_id: doc.into(),
        kind,
        chunk_id: id.into(),
    }
}

fn plan_summary() -> Summary {
    Summary::of_plan(plan("ada", "lea", "2026-01-05"))
}

#[test]
fn a_summary_is_read_back_while_the_store_holds_the_chunks_it_was_read_from() {
    let s = plan_summary();
    let keys = [
        key("p", ChunkKind::Snapshot, "aa"),
        key("p", ChunkKind::Incremental, "bb"),
    ];
    let stored = encode(&s, &keys);
    // The order the store lists them in does not matter.
    let listed = [keys[1].clone(), keys[0].clone()];
    assert_eq!(decode_if_fresh(&stored, &listed), Some(s));
}

#[test]
fn a_chunk_written_since_or_a_compaction_makes_it_stale() {
    let s = plan_summary();
    let keys = vec![key("p", ChunkKind::Snapshot, "aa")];
    let stored = encode(&s, &keys);
    let mut more = keys.clone();
    more.push(key("p", ChunkKind::Incremental, "cc"));
    assert_eq!(decode_if_fresh(&stored, &more), None, "another tab saved");
    let compacted = [key("p", ChunkKind::Snapshot, "dd")];
    assert_eq!(decode_if_fresh(&stored, &compacted), None, "compacted");
    assert_eq!(decode_if_fresh(&stored, &[]), None, "deleted");
}

#[test]
fn a_summary_of_another_release_or_unreadable_is_stale() {
    let keys = [key("p", ChunkKind::Snapshot, "aa")];
    let stored = encode(&plan_summary(), &keys);
    let mut older = stored.clone();
    older[0] = (VERSION + 1) as u8; // postcard: the version is the first varint
    assert_eq!(decode_if_fresh(&older, &keys), None);
    assert_eq!(decode_if_fresh(b"not a summary", &keys), None);
    assert_eq!(decode_if_fresh(&stored[..stored.len() / 2], &keys), None);
    // Read from no chunk at all (nothing stored yet): never fresh.
    assert_eq!(decode_if_fresh(&encode(&plan_summary(), &[]), &[]), None);
}

#[test]
fn keys_are_grouped_by_document() {
    let by = keys_by_doc(vec![
        key("a", ChunkKind::Snapshot, "1"),
        key("b", ChunkKind::Snapshot, "2"),
        key("a", ChunkKind::Incremental, "3"),
    ]);
    assert_eq!(by["a"].len(), 2);
    assert_eq!(by["b"].len(), 1);
}
