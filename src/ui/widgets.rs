//! Small shared view pieces.

use leptos::prelude::*;
use rapport_core::text::{self, TextEdit};
use wasm_bindgen::JsCast;

use crate::state::AppState;

/// "1 member", "3 members": a count with its noun in the right number.
pub fn count_of(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Saving state and storage errors, always visible (a storage error is never swallowed).
#[component]
pub fn SaveBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.save.error.get().is_some()>
            <div class="banner error save-error" role="alert">
                <strong>"Not saved. "</strong>
                {move || state.save.error.get().unwrap_or_default()}
            </div>
        </Show>
        <div
            class="save-state"
            class:failed=move || state.save.error.get().is_some()
            role="status"
            aria-live="polite"
        >
            {move || {
                if state.save.error.get().is_some() {
                    "Not saved yet: kept in this tab, retrying"
                } else if state.has_unsaved() {
                    "Saving…"
                } else {
                    "All changes saved"
                }
            }}
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
            <svg
                viewBox="0 0 800 120"
                role="img"
                aria-label=move || format!("{title}: {}", summary())
            >
                <line x1="0" y1="100" x2="800" y2="100" class="axis" />
                <line x1="0" y1="10" x2="800" y2="10" class="gridline" />
                {move || {
                    let b = bars.get();
                    let n = b.len().max(1) as f64;
                    let w = 800.0 / n;
                    b.into_iter()
                        .enumerate()
                        .map(|(i, (label, v))| {
                            let x = i as f64 * w + w * 0.15;
                            let h = v.unwrap_or(0.0) * 90.0;
                            let full = v.is_some_and(|v| v >= 0.999);
                            view! {
                                <g>
                                    <title>
                                        {format!(
                                            "{label}: {}",
                                            v
                                                .map(|v| format!("{:.0} %", v * 100.0))
                                                .unwrap_or_else(|| "nobody on the team".into()),
                                        )}
                                    </title>
                                    <rect
                                        x=x
                                        y=100.0 - h.max(1.5)
                                        width=w * 0.7
                                        height=h.max(1.5)
                                        class:bar=true
                                        class:full=full
                                        class:empty=v.is_none()
                                    />
                                    {((i % 5 == 0 && i + 3 < n as usize) || i + 1 == n as usize)
                                        .then(|| {
                                            let last = i + 1 == n as usize;
                                            let (tx, anchor) = if last {
                                                (x + w * 0.7, "end")
                                            } else {
                                                (x, "start")
                                            };
                                            // The last label is right-aligned so it never runs off the chart.
                                            view! {
                                                <text x=tx y="116" class="tick" text-anchor=anchor>
                                                    {label.clone()}
                                                </text>
                                            }
                                        })}
                                </g>
                            }
                        })
                        .collect_view()
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
/// Opens the browser's print dialog; the print styles (style/main.css) keep the document's
/// content and drop navigation, buttons and forms.
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

pub fn download(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
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

/// How long typed text may wait before it is committed to its document. Not a debounce: a
/// steady typist commits every interval, so with the repo's save delay typed text is on
/// disk within a second of the keystroke (R8.1).
const COMMIT_EVERY: std::time::Duration = std::time::Duration::from_millis(300);

/// A textarea bound to text stored in a document.
///
/// It keeps the stored text it last showed (`base`) beside what is typed (`draft`) and
/// commits the typing as an edit *against that base* (`TextEdit`), so text that reached the
/// document meanwhile — from another tab or a merged sync file — is kept character by
/// character (R8.4). Incoming text is merged into the draft at once, even mid-typing, with
/// the caret kept in place. Typing is committed every [`COMMIT_EVERY`] while it goes on, on
/// blur, when the field goes away, and before the page is hidden or closed.
#[component]
pub fn SyncedTextarea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into, optional)] help: Option<String>,
    #[prop(into)] stored: Signal<String>,
    /// Stores the edit; returns an error message to show.
    on_commit: impl Fn(TextEdit) -> Result<(), String> + Clone + Send + Sync + 'static,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    // The app counts fields with uncommitted typing for its "Saving…" indicator; a field
    // mounted alone (component tests) has no app state.
    let typing = use_context::<AppState>().map(|s| s.typing);
    let initial = stored.get_untracked();
    let base = StoredValue::new(initial.clone());
    let draft = StoredValue::new(initial.clone());
    let dirty = RwSignal::new(false);
    let scheduled = StoredValue::new(false);
    let error = RwSignal::new(None::<String>);
    let textarea = NodeRef::<leptos::html::Textarea>::new();

    // Shows `text` in the textarea, moving the caret/selection the way `merge` moved it.
    let show = move |text: &str, carets: Option<(usize, usize)>| {
        let Some(el) = textarea.get_untracked() else {
            return;
        };
        el.set_value(text);
        if let Some((a, b)) = carets {
            let a = text::chars_to_utf16(text, a) as u32;
            let b = text::chars_to_utf16(text, b) as u32;
            let _ = el.set_selection_range(a, b);
        }
    };
    // The caret and selection end, as char offsets into what the textarea shows.
    let carets = move || -> Option<(usize, usize)> {
        let el = textarea.get_untracked()?;
        let focused = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|a| &a == el.unchecked_ref::<web_sys::Element>());
        if !focused {
            return None;
        }
        let v = el.value();
        let a = el.selection_start().ok().flatten()? as usize;
        let b = el.selection_end().ok().flatten()? as usize;
        Some((text::utf16_to_chars(&v, a), text::utf16_to_chars(&v, b)))
    };

    // Incoming stored text: merge it into the draft (typed or not) and keep the caret.
    Effect::new(move |_| {
        let s = stored.get();
        let Some(b) = base.try_get_value() else {
            return;
        };
        if s == b {
            return;
        }
        let d = draft.get_value();
        let sel = carets();
        let picks: Vec<usize> = sel.map(|(a, b)| vec![a, b]).unwrap_or_default();
        let merged = text::merge_with_carets(&b, &d, &s, &picks);
        base.set_value(s);
        draft.set_value(merged.text.clone());
        show(
            &merged.text,
            sel.map(|_| (merged.carets[0], merged.carets[1])),
        );
    });

    let commit = move || {
        if !dirty.try_get_untracked().unwrap_or(false) {
            return;
        }
        // `try_`: this also runs while the field is being torn down.
        let (Some(b), Some(d)) = (base.try_get_value(), draft.try_get_value()) else {
            return;
        };
        if let Err(e) = on_commit(TextEdit::typed(b, d.clone())) {
            // Not stored (e.g. too long): the typing stays pending, shown as unsaved, and
            // is tried again on blur or the next keystroke.
            error.try_set(Some(e));
            return;
        }
        error.try_set(None);
        // What was committed is the new base; whatever the document merged in meanwhile
        // arrives through `stored` and is merged into the draft by the effect above.
        let _ = base.try_set_value(d);
        dirty.try_set(false);
        if let Some(t) = typing {
            t.update(|n| *n = n.saturating_sub(1));
        }
    };
    let flush_id = crate::state::shared::on_leave_commit({
        let commit = commit.clone();
        move || commit()
    });

    let on_input = {
        let commit = commit.clone();
        move |ev: leptos::ev::Event| {
            draft.set_value(event_target_value(&ev));
            if !dirty.get_untracked() {
                dirty.set(true);
                if let Some(t) = typing {
                    t.update(|n| *n += 1);
                }
            }
            if !scheduled.get_value() {
                scheduled.set_value(true);
                let commit = commit.clone();
                set_timeout(
                    move || {
                        if scheduled.try_get_value().is_some() {
                            scheduled.set_value(false);
                            commit();
                        }
                    },
                    COMMIT_EVERY,
                );
            }
        }
    };
    let on_blur = {
        let commit = commit.clone();
        move |_| commit()
    };
    on_cleanup({
        let commit = commit.clone();
        move || {
            crate::state::shared::forget_typing(flush_id);
            commit()
        }
    });
    let help_id = format!("{id}-help");
    let described = help.is_some().then(|| help_id.clone());
    view! {
        <div class="synced-text">
            <label for=id.clone()>{label}</label>
            {help
                .map(|h| {
                    view! {
                        <p class="help" id=help_id.clone()>
                            {h}
                        </p>
                    }
                })}
            <textarea
                id=id
                rows=rows.unwrap_or(3)
                aria-describedby=described
                node_ref=textarea
                on:input=on_input
                on:blur=on_blur
            >
                {initial}
            </textarea>
            <p class="field-error" role="alert">
                {move || error.get()}
            </p>
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

/// A small trend line (R6.1): one point per period, gaps where nothing was expected. SVG so it
/// prints and scales; the accessible name says the last value and the change, and the data
/// table is one click away for anyone who wants the numbers.
#[component]
pub fn Sparkline(
    /// What is drawn, for the accessible name and the table caption.
    #[prop(into)]
    label: String,
    points: Vec<Option<f64>>,
    /// Label of each point (e.g. the week's last day), same length as `points`.
    ticks: Vec<String>,
    /// Values are shares (0..=1, shown as percentages) rather than counts.
    #[prop(optional)]
    percent: bool,
) -> impl IntoView {
    let fmt = move |v: f64| {
        if percent {
            format!("{:.0} %", v * 100.0)
        } else {
            format!("{v:.0}")
        }
    };
    let known: Vec<f64> = points.iter().copied().flatten().collect();
    let max = if percent {
        1.0
    } else {
        known.iter().copied().fold(1.0_f64, f64::max)
    };
    let (w, h) = (120.0, 32.0);
    let n = points.len().max(2) as f64 - 1.0;
    let coords: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i as f64 / n * w, h - 2.0 - v / max * (h - 4.0))))
        .collect();
    let line = coords
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let summary = match (known.first(), known.last()) {
        (Some(first), Some(last)) if known.len() > 1 => format!(
            "{label}: {} now, {} {} weeks ago",
            fmt(*last),
            fmt(*first),
            points.len()
        ),
        (_, Some(last)) => format!("{label}: {}", fmt(*last)),
        _ => format!("{label}: no data yet"),
    };
    // The table is built while "Data" is open (as the KPI chart's is): a dashboard of
    // fifty people draws sixty sparklines, and twelve-row tables for each were most of its DOM.
    let wanted = RwSignal::new(false);
    let rows: Vec<(String, String)> = ticks
        .iter()
        .zip(&points)
        .map(|(t, v)| (t.clone(), v.map(fmt).unwrap_or_else(|| "–".into())))
        .collect();
    view! {
        <span class="spark">
            <svg
                viewBox=format!("0 0 {w} {h}")
                width="120"
                height="32"
                preserveAspectRatio="none"
                role="img"
                aria-label=summary.clone()
            >
                <title>{summary.clone()}</title>
                <line x1="0" y1=h - 2.0 x2=w y2=h - 2.0 class="axis" />
                <polyline points=line class="spark-line" />
            </svg>
            <details
                class="spark-data"
                on:toggle=move |ev| {
                    wanted.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
                }
            >
                <summary>"Data"</summary>
                {move || {
                    wanted
                        .get()
                        .then(|| {
                            view! {
                                <table>
                                    <caption>{label.clone()}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Week to"</th>
                                            <th scope="col">"Value"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .iter()
                                            .map(|(t, v)| {
                                                view! {
                                                    <tr>
                                                        <td>{t.clone()}</td>
                                                        <td>{v.clone()}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                        })
                }}
            </details>
        </span>
    }
}

/// Rule findings shown next to what they concern (flags, never blocking); nothing when empty.
/// The rule id is an attribute for tests, never text a person reads.
pub fn findings_list(
    findings: Vec<rapport_core::rules::Finding>,
    label: &'static str,
) -> impl IntoView {
    (!findings.is_empty()).then(|| {
        view! {
            <ul class="findings" aria-label=label>
                {findings
                    .into_iter()
                    .map(|f| {
                        view! {
                            <li class="flag-item">
                                <span class="rule" data-rule=f.rule aria-hidden="true">
                                    "⚑"
                                </span>
                                " "
                                {f.message}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
