//! Browser persistence: the IndexedDB adapter of core's chunk store, other-tab notifications
//! over BroadcastChannel, and the storage-persistence request (R8.1, R8.4).
//!
//! This layer knows bytes and keys, not documents: `rapport_core::store` decides what to
//! write, and `state::repo` when.

pub mod chunks;
pub mod tabs;

pub use chunks::{ChunkStore, StoreError};
pub use rapport_core::store::{Chunk, ChunkKey, ChunkKind, KeyPrefix, StorageAdapter};

/// Asks the browser to keep our data under storage pressure (R8.1) and reports the quota.
/// Returns `(persisted, used_bytes, quota_bytes)`; any failure is reported as "not persisted"
/// rather than an error, since the app works either way.
pub async fn request_persistence() -> (bool, Option<f64>, Option<f64>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let Some(window) = web_sys::window() else {
        return (false, None, None);
    };
    let storage = window.navigator().storage();
    let persisted = match storage.persist() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    };
    let (used, quota) = match storage.estimate() {
        Ok(p) => match JsFuture::from(p).await {
            Ok(v) => {
                let est: web_sys::StorageEstimate = v.unchecked_into();
                (est.get_usage(), est.get_quota())
            }
            Err(_) => (None, None),
        },
        Err(_) => (None, None),
    };
    (persisted, used, quota)
}
