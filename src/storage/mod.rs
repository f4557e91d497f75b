//! Browser persistence: Automerge documents as chunks in IndexedDB, other-tab notifications
//! over BroadcastChannel, and the storage-persistence request (R8.1, R8.4).
//!
//! This layer knows bytes and keys, not documents: `state::repo` decides what to write.

pub mod chunks;
pub mod tabs;

pub use chunks::{Chunk, ChunkKey, ChunkKind, ChunkStore, StoreError};

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
