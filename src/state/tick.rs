//! Yielding to the browser inside a long job, so it paints and answers clicks between pieces
//! (issue 11: no freeze over 100 ms); and waiting on a timer.

/// Lets the browser paint (and answer clicks) between two pieces of a long job. A message on
/// a `MessageChannel` is a new task like `setTimeout(0)`, but browsers do not throttle it in a
/// background tab (timers there fire at most once a second), so a restore left running behind
/// another tab is not slowed down by the yields. Built with `js_sys` only (no extra web-sys
/// features); falls back to `setTimeout` if the channel cannot be made.
pub async fn next_tick() {
    use wasm_bindgen::JsValue;
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let via_channel = (|| -> Result<(), JsValue> {
            let ctor: js_sys::Function =
                js_sys::Reflect::get(&global, &"MessageChannel".into())?.into();
            let channel = js_sys::Reflect::construct(&ctor, &js_sys::Array::new())?;
            let port1 = js_sys::Reflect::get(&channel, &"port1".into())?;
            let port2 = js_sys::Reflect::get(&channel, &"port2".into())?;
            js_sys::Reflect::set(&port1, &"onmessage".into(), &resolve)?;
            let post: js_sys::Function =
                js_sys::Reflect::get(&port2, &"postMessage".into())?.into();
            post.call1(&port2, &JsValue::NULL)?;
            Ok(())
        })();
        if via_channel.is_err() {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Waits `ms` milliseconds (a timer: throttled in a background tab, unlike [`next_tick`]).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
