//! Small shared view pieces.

use leptos::prelude::*;

use crate::state::AppState;

/// Saving state and storage errors, always visible (a storage error is never swallowed).
#[component]
pub fn SaveBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.save.error.get().is_some()>
            <div class="banner error" role="alert">
                <strong>"Not saved. "</strong>
                {move || state.save.error.get().unwrap_or_default()}
            </div>
        </Show>
        <div class="save-state" role="status" aria-live="polite">
            {move || if state.has_unsaved() { "Saving…" } else { "All changes saved" }}
        </div>
    }
}

#[component]
pub fn Toast() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || state.toast.get().map(|t| view! { <div class="toast">{t}</div> })}
        </div>
    }
}

#[component]
pub fn StatCard(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(optional)] warn: Option<Signal<bool>>,
) -> impl IntoView {
    let warn = warn.unwrap_or_else(|| Signal::derive(|| false));
    view! {
        <div class="stat" class:warn=move || warn.get()>
            <div class="stat-label">{label}</div>
            <div class="stat-value">{move || value.get()}</div>
            {hint.map(|h| view! { <div class="stat-hint">{move || h.get()}</div> })}
        </div>
    }
}

/// A bar chart of ratios (0..=1) with date labels; `None` bars (nobody to connect with) are
/// drawn as gaps. Drawn as SVG so it prints and scales, with a text alternative.
#[component]
pub fn RatioBars(
    #[prop(into)] title: String,
    #[prop(into)] bars: Signal<Vec<(String, Option<f64>)>>,
) -> impl IntoView {
    let summary = move || {
        let b = bars.get();
        let vals: Vec<f64> = b.iter().filter_map(|(_, v)| *v).collect();
        if vals.is_empty() {
            "No data yet".to_string()
        } else {
            let avg = vals.iter().sum::<f64>() / vals.len() as f64;
            format!(
                "Average {:.0} % over {} working days",
                avg * 100.0,
                vals.len()
            )
        }
    };
    view! {
        <figure class="chart">
            <figcaption>{title.clone()}<span class="muted">" · "{summary}</span></figcaption>
            <svg viewBox="0 0 800 120" role="img" aria-label=move || format!("{title}: {}", summary())>
                <line x1="0" y1="100" x2="800" y2="100" class="axis"/>
                <line x1="0" y1="10" x2="800" y2="10" class="gridline"/>
                {move || {
                    let b = bars.get();
                    let n = b.len().max(1) as f64;
                    let w = 800.0 / n;
                    b.into_iter().enumerate().map(|(i, (label, v))| {
                        let x = i as f64 * w + w * 0.15;
                        let h = v.unwrap_or(0.0) * 90.0;
                        let full = v.is_some_and(|v| v >= 0.999);
                        view! {
                            <g>
                                <title>{format!("{label}: {}", v.map(|v| format!("{:.0} %", v * 100.0)).unwrap_or_else(|| "nobody on the team".into()))}</title>
                                <rect x=x y=100.0 - h.max(1.5) width=w * 0.7 height=h.max(1.5) class:bar=true class:full=full class:empty=v.is_none()/>
                                {((i % 5 == 0 && i + 3 < n as usize) || i + 1 == n as usize).then(|| {
                                    // The last label is right-aligned so it never runs off the chart.
                                    let last = i + 1 == n as usize;
                                    let (tx, anchor) = if last { (x + w * 0.7, "end") } else { (x, "start") };
                                    view! { <text x=tx y="116" class="tick" text-anchor=anchor>{label.clone()}</text> }
                                })}
                            </g>
                        }
                    }).collect_view()
                }}
            </svg>
        </figure>
    }
}

/// Formats a number of bytes for people.
pub fn human_bytes(b: f64) -> String {
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else if b >= 1e6 {
        format!("{:.1} MB", b / 1e6)
    } else if b >= 1e3 {
        format!("{:.0} kB", b / 1e3)
    } else {
        format!("{b:.0} B")
    }
}

/// Offers `bytes` as a file download.
pub fn download(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| "The browser could not prepare the file.")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "The browser could not prepare the file.")?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A textarea bound to text stored in a document: shows the stored text, commits what is
/// typed after a short pause (and on blur or when it disappears), and follows edits that
/// arrive from elsewhere (another tab, a merged sync file) while the user is not typing.
#[component]
pub fn SyncedTextarea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] help: Option<String>,
    #[prop(into)] stored: Signal<String>,
    /// Stores the new text; returns an error message to show.
    on_commit: impl Fn(String) -> Result<(), String> + Clone + Send + Sync + 'static,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let draft = RwSignal::new(stored.get_untracked());
    let typing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let s = stored.get();
        if !typing.get_untracked() {
            draft.set(s);
        }
    });
    let seq = StoredValue::new(0u64);
    let commit = move || {
        if !typing.try_get_untracked().unwrap_or(false) {
            return;
        }
        let text = draft.get_untracked();
        match on_commit(text) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
        typing.set(false);
        state.typing.update(|n| *n = n.saturating_sub(1));
    };
    let on_input = {
        let commit = commit.clone();
        move |ev: leptos::ev::Event| {
            draft.set(event_target_value(&ev));
            if !typing.get_untracked() {
                typing.set(true);
                state.typing.update(|n| *n += 1);
            }
            seq.update_value(|n| *n += 1);
            let mine = seq.get_value();
            let commit = commit.clone();
            set_timeout(
                move || {
                    if seq.try_get_value() == Some(mine) {
                        commit();
                    }
                },
                std::time::Duration::from_millis(250),
            );
        }
    };
    let on_blur = {
        let commit = commit.clone();
        move |_| commit()
    };
    on_cleanup(commit);
    let help_id = format!("{id}-help");
    let described = help.is_some().then(|| help_id.clone());
    view! {
        <div class="synced-text">
            <label for=id.clone()>{label}</label>
            {help.map(|h| view! { <p class="help" id=help_id.clone()>{h}</p> })}
            <textarea id=id rows=rows.unwrap_or(3) aria-describedby=described
                prop:value=move || draft.get() on:input=on_input on:blur=on_blur></textarea>
            <p class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Whether the browser has a share sheet that accepts files (R7.6: mobile browsers, some
/// desktop ones). Read through `Reflect` because the Web Share API is not in every browser.
pub fn can_share_files() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"canShare".into()).ok())
        .is_some_and(|f| f.is_function())
}

/// Opens the share sheet with one file. Returns an error message when sharing is not possible.
pub async fn share_file(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let nav = web_sys::window().ok_or("no window")?.navigator();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type(mime);
    let file = web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &opts)
        .map_err(|_| "The browser could not prepare the file.")?;
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"files".into(), &js_sys::Array::of1(&file));
    let _ = js_sys::Reflect::set(&data, &"title".into(), &name.into());
    let get = |k: &str| {
        js_sys::Reflect::get(&nav, &k.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    let (Some(can), Some(share)) = (get("canShare"), get("share")) else {
        return Err("This browser has no share sheet; use the downloaded file.".into());
    };
    if can.call1(&nav, &data).ok().and_then(|v| v.as_bool()) != Some(true) {
        return Err("This browser cannot share files; use the downloaded file.".into());
    }
    let promise: js_sys::Promise = share
        .call1(&nav, &data)
        .map_err(|_| "Sharing failed; use the downloaded file.")?
        .dyn_into()
        .map_err(|_| "Sharing failed; use the downloaded file.")?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "Sharing was cancelled.".to_string())
}
