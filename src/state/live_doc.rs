//! One document in memory with what is known of its stored chunks: the logic lives in core
//! (`rapport_core::store::live`, host-tested in core/tests/store.rs); this name stays so the
//! state layer's paths do not change.

pub use rapport_core::store::LiveDoc;
