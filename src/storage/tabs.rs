//! Other tabs of the app learn that a document changed through a BroadcastChannel (R8.4).
//! The message carries only the document id; the receiver loads the new chunks itself, so a
//! lost message only delays an update until the next one.

use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{BroadcastChannel, MessageEvent};

pub struct TabChannel {
    channel: BroadcastChannel,
    _on_message: Option<Closure<dyn FnMut(MessageEvent)>>,
}

impl TabChannel {
    /// Joins the channel `name`; `on_change` is called with the id of a document another tab saved.
    pub fn join(name: &str, mut on_change: impl FnMut(String) + 'static) -> Option<TabChannel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let cb = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(doc_id) = ev.data().as_string() {
                on_change(doc_id);
            }
        });
        channel.set_onmessage(Some(cb.as_ref().unchecked_ref()));
        Some(TabChannel {
            channel,
            _on_message: Some(cb),
        })
    }

    /// Tells the other tabs that `doc_id` has new chunks.
    pub fn announce(&self, doc_id: &str) {
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str(doc_id));
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
