//! Browser tests (headless Chromium): components render accessible, correct markup.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use rapport::ui::widgets::{RatioBars, Sparkline, StatCard, SyncedTextarea};
use rapport_core::text::TextEdit;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

/// Lets Leptos run its scheduled effects (they run after the current task).
async fn tick() {
    sleep(20).await;
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn stat_card_shows_label_value_and_warning_state() {
    let root = container();
    let value = RwSignal::new("1 of 3".to_string());
    let warn = RwSignal::new(false);
    let v: Signal<String> = value.into();
    let w: Signal<bool> = warn.into();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <StatCard label="Connected today" value=v warn=w/> },
    );
    let text = root.text_content().unwrap();
    assert!(
        text.contains("Connected today") && text.contains("1 of 3"),
        "{text}"
    );
    assert!(root.query_selector(".stat.warn").unwrap().is_none());
    value.set("3 of 3".into());
    warn.set(true);
    tick().await;
    assert!(root.text_content().unwrap().contains("3 of 3"));
    assert!(root.query_selector(".stat.warn").unwrap().is_some());
}

#[wasm_bindgen_test]
fn ratio_bars_have_a_text_alternative_and_one_bar_per_day() {
    let root = container();
    let bars = RwSignal::new(vec![
        ("1 Nov".to_string(), Some(1.0)),
        ("2 Nov".to_string(), Some(0.5)),
        ("3 Nov".to_string(), None),
    ]);
    let b: Signal<Vec<(String, Option<f64>)>> = bars.into();
    let _handle = leptos::mount::mount_to(
        root.clone(),
        move || view! { <RatioBars title="Coverage" bars=b/> },
    );
    assert_eq!(root.query_selector_all("rect.bar").unwrap().length(), 3);
    assert_eq!(root.query_selector_all("rect.full").unwrap().length(), 1);
    let svg = root.query_selector("svg").unwrap().unwrap();
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    let label = svg.get_attribute("aria-label").unwrap();
    assert!(label.contains("Average 75 %"), "{label}");
}

#[wasm_bindgen_test]
async fn sparklines_have_a_text_alternative_and_their_data_on_demand() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Sparkline label="Connection coverage" points=vec![None, Some(0.5), Some(0.25)]
                ticks=vec!["6 Nov".into(), "13 Nov".into(), "20 Nov".into()] percent=true/>
            <Sparkline label="Open actions" points=vec![None, None] ticks=vec!["a".into(), "b".into()]/>
        }
    });
    let svgs = root.query_selector_all("svg").unwrap();
    assert_eq!(svgs.length(), 2);
    let first: web_sys::Element = svgs.get(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        first.get_attribute("aria-label").as_deref(),
        Some("Connection coverage: 25 % now, 50 % 3 weeks ago")
    );
    // The line joins the known points only (the empty first week is a gap).
    let line = root.query_selector("polyline").unwrap().unwrap();
    assert_eq!(line.get_attribute("points").unwrap().split(' ').count(), 2);
    // The data table: built only when asked for, then one row per week, "–" where nothing
    // was expected.
    assert!(root.query_selector(".spark-data table").unwrap().is_none());
    let details = root.query_selector(".spark-data").unwrap().unwrap();
    details.set_attribute("open", "").unwrap();
    sleep(50).await;
    let first_table = root.query_selector(".spark-data tbody").unwrap().unwrap();
    assert_eq!(first_table.query_selector_all("tr").unwrap().length(), 3);
    let table = root.query_selector(".spark-data table").unwrap().unwrap();
    let text = table.text_content().unwrap();
    assert!(
        text.contains("6 Nov–") && text.contains("20 Nov25 %"),
        "{text}"
    );
    let second: web_sys::Element = svgs.get(1).unwrap().unchecked_into();
    assert_eq!(
        second.get_attribute("aria-label").as_deref(),
        Some("Open actions: no data yet")
    );
}

/// Types `text` at the end of the textarea the way a keyboard does: value, caret, `input`.
fn type_at_end(ta: &web_sys::HtmlTextAreaElement, text: &str) {
    ta.focus().unwrap();
    let v = format!("{}{text}", ta.value());
    ta.set_value(&v);
    let end = v.encode_utf16().count() as u32;
    ta.set_selection_range(end, end).unwrap();
    let ev = web_sys::Event::new("input").unwrap();
    ta.dispatch_event(&ev).unwrap();
}

/// R8.4, the two-tab case: this field has uncommitted typing when the other tab's committed
/// sentence arrives. Both sentences are on screen at once, the caret stays after what was
/// typed here, and the commit afterwards is an edit against the text that arrived, so the
/// other tab's sentence is not diffed away.
#[wasm_bindgen_test]
async fn synced_textarea_merges_incoming_text_into_uncommitted_typing() {
    let root = container();
    let stored = RwSignal::new("Notes.".to_string());
    let commits = RwSignal::new(Vec::<TextEdit>::new());
    let s: Signal<String> = stored.into();
    let on_commit = move |e: TextEdit| {
        commits.update(|c| c.push(e));
        Ok(())
    };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <SyncedTextarea id="ctx" label="Personal context" stored=s on_commit=on_commit/> }
    });
    let ta: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(ta.value(), "Notes.");
    assert!(root.query_selector("label[for=ctx]").unwrap().is_some());

    type_at_end(&ta, " BETA from tab two.");
    // The other tab's committed change arrives before this field commits.
    stored.set("ALPHA from tab one. Notes.".into());
    tick().await;
    let both = "ALPHA from tab one. Notes. BETA from tab two.";
    assert_eq!(ta.value(), both);
    let end = both.encode_utf16().count() as u32;
    assert_eq!(
        ta.selection_start().unwrap(),
        Some(end),
        "caret kept after my typing"
    );
    assert!(commits.get_untracked().is_empty(), "not committed yet");

    sleep(450).await; // the field commits within its interval
    let c = commits.get_untracked();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0], TextEdit::typed("ALPHA from tab one. Notes.", both));
    // Stored as committed: the field is settled and shows the same text.
    stored.set(both.into());
    tick().await;
    assert_eq!(ta.value(), both);
}

/// Steady typing is committed while it goes on, not only after a pause (R8.1).
#[wasm_bindgen_test]
async fn synced_textarea_commits_during_steady_typing() {
    let root = container();
    let stored = RwSignal::new(String::new());
    let commits = RwSignal::new(Vec::<TextEdit>::new());
    let s: Signal<String> = stored.into();
    let on_commit = move |e: TextEdit| {
        stored.set(e.resolve(&stored.get_untracked()));
        commits.update(|c| c.push(e));
        Ok(())
    };
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <SyncedTextarea id="steady" label="Notes" stored=s on_commit=on_commit/> }
    });
    let ta: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // One key every 100 ms for 1.5 s: a debounce would never fire.
    for i in 0..15 {
        type_at_end(&ta, &format!("{}", i % 10));
        sleep(100).await;
    }
    let c = commits.get_untracked();
    assert!(c.len() >= 3, "committed {} times while typing", c.len());
    assert!(
        stored.get_untracked().len() >= 10,
        "stored so far: {:?}",
        stored.get_untracked()
    );
}

/// Every field of `root` has a visible or screen-reader label (`<label for>`).
fn unlabelled_fields(root: &web_sys::HtmlElement) -> Vec<String> {
    let fields = root.query_selector_all("input, select, textarea").unwrap();
    (0..fields.length())
        .filter_map(|i| fields.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter(|el| {
            let id = el.id();
            let by_for = !id.is_empty()
                && root
                    .query_selector(&format!("label[for='{id}']"))
                    .unwrap()
                    .is_some();
            // A radio or checkbox inside its label.
            let wrapped = el.closest("label").unwrap().is_some();
            !(by_for || wrapped || el.has_attribute("aria-label"))
        })
        .map(|el| el.outer_html())
        .collect()
}

#[wasm_bindgen_test]
async fn the_metric_form_is_labelled_asks_for_anchors_and_reports_refusals() {
    use rapport::ui::performance::MetricForm;
    use rapport_core::domain::performance::MetricDraft;
    use std::sync::{Arc, Mutex};

    let root = container();
    let saved: Arc<Mutex<Vec<(MetricDraft, String)>>> = Arc::default();
    let locked = RwSignal::new(false);
    let seen = saved.clone();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let seen = seen.clone();
        view! {
            <MetricForm
                id_prefix="t"
                initial=MetricDraft::default()
                needs_reason=locked
                submit_label="Add metric"
                on_save=move |d: MetricDraft, reason: String| {
                    let refused = d.validate().map_err(|e| e.to_string());
                    seen.lock().unwrap().push((d, reason));
                    refused.map(|_| vec![])
                }
                reset=true
            />
        }
    });
    tick().await;
    assert!(
        unlabelled_fields(&root).is_empty(),
        "{:?}",
        unlabelled_fields(&root)
    );
    // Subjective: the five anchors and the reason appear, and are labelled too.
    let subjective = root
        .query_selector_all("input[type=radio]")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>();
    subjective.click();
    locked.set(true);
    tick().await;
    for i in 1..=5 {
        assert!(root
            .query_selector(&format!("#t-anchor-{i}"))
            .unwrap()
            .is_some());
    }
    assert!(root.query_selector("#t-why").unwrap().is_some());
    assert!(root.query_selector("#t-reason").unwrap().is_some());
    assert!(
        root.query_selector("#t-unit").unwrap().is_none(),
        "no unit for a rating"
    );
    assert!(
        unlabelled_fields(&root).is_empty(),
        "{:?}",
        unlabelled_fields(&root)
    );
    // Submitting an empty form shows the refusal, in words, and keeps the form.
    let form = root
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlFormElement>();
    form.request_submit().unwrap();
    tick().await;
    let error = root.query_selector(".field-error").unwrap().unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "Say what outcome the metric measures."
    );
    let (draft, _) = saved.lock().unwrap().last().cloned().unwrap();
    assert!(!draft.objective);
    assert_eq!(draft.anchors.len(), 5, "one entry per level, even empty");
}

#[wasm_bindgen_test]
async fn a_kpi_chart_says_where_the_kpi_stands_and_keeps_its_numbers_on_demand() {
    use rapport::ui::objectives::KpiChart;
    use rapport_core::domain::team::{Kpi, KpiValue};
    use rapport_core::NaiveDate;

    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let mut kpi = Kpi {
        id: "k".into(),
        objective_id: "o".into(),
        name: "Self-serve sign-ups".into(),
        unit: "%".into(),
        baseline: 40.0,
        target: 80.0,
        owner_id: "eve".into(),
        in_control: Some(true),
        values: Default::default(),
    };
    for (id, d, v) in [("a", 2, 45.0), ("b", 9, 52.5), ("c", 16, 61.0)] {
        kpi.values.insert(
            id.into(),
            KpiValue {
                id: id.into(),
                date: day(d),
                value: v,
                by: "eve".into(),
                note: String::new(),
            },
        );
    }
    let root = container();
    let _handle =
        leptos::mount::mount_to(root.clone(), move || view! { <KpiChart kpi=kpi.clone() /> });
    tick().await;
    let svg = root.query_selector("svg[role=img]").unwrap().unwrap();
    let label = svg.get_attribute("aria-label").unwrap();
    assert!(label.contains("61 %"), "{label}");
    assert!(label.contains("baseline 40, target 80"), "{label}");
    assert!(label.contains("3 values"), "{label}");
    assert_eq!(root.query_selector_all("circle").unwrap().length(), 3);
    // The numbers, newest first, in a table under "Data", built when it is opened.
    assert_eq!(
        root.query_selector_all("details tbody tr")
            .unwrap()
            .length(),
        0
    );
    let details = root.query_selector("details").unwrap().unwrap();
    details.set_attribute("open", "").unwrap();
    sleep(50).await;
    let rows = root.query_selector_all("details tbody tr").unwrap();
    assert_eq!(rows.length(), 3);
    assert!(rows.item(0).unwrap().text_content().unwrap().contains("61"));
    assert!(root.query_selector("details summary").unwrap().is_some());
}

#[wasm_bindgen_test]
fn the_meeting_timer_turns_amber_in_the_last_fifth_and_red_past_the_time_box() {
    use rapport::ui::objectives::timer_phase;
    assert_eq!(timer_phase(0, 15), "ok");
    assert_eq!(timer_phase(11 * 60 + 59, 15), "ok");
    assert_eq!(timer_phase(12 * 60, 15), "near");
    assert_eq!(timer_phase(15 * 60, 15), "near");
    assert_eq!(timer_phase(15 * 60 + 1, 15), "over");
    assert_eq!(timer_phase(32 * 60, 40), "near");
}

#[wasm_bindgen_test]
async fn the_metric_form_picks_the_team_objective_it_supports_by_id() {
    use rapport::ui::performance::MetricForm;
    use rapport_core::domain::performance::MetricDraft;
    use std::sync::{Arc, Mutex};

    let root = container();
    let saved: Arc<Mutex<Vec<MetricDraft>>> = Arc::default();
    let seen = saved.clone();
    let objectives = Signal::derive(|| {
        vec![
            ("o1".to_string(), "Self-serve onboarding".to_string()),
            ("o2".to_string(), "Docs that answer questions".to_string()),
        ]
    });
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        let seen = seen.clone();
        view! {
            <MetricForm
                id_prefix="s"
                initial=MetricDraft {
                    objective: true,
                    ..MetricDraft::default()
                }
                needs_reason=Signal::derive(|| false)
                submit_label="Add metric"
                on_save=move |d: MetricDraft, _reason: String| {
                    seen.lock().unwrap().push(d);
                    Ok(vec![])
                }
                reset=true
                objectives=objectives
            />
        }
    });
    tick().await;
    assert!(
        unlabelled_fields(&root).is_empty(),
        "{:?}",
        unlabelled_fields(&root)
    );
    let select = root
        .query_selector("select#s-supports")
        .unwrap()
        .expect("a list of the team's objectives")
        .unchecked_into::<web_sys::HtmlSelectElement>();
    assert_eq!(select.length(), 3, "none + two objectives");
    select.set_value("o2");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    for (id, v) in [
        ("#s-outcome", "Pages reviewed each month"),
        ("#s-unit", "pages"),
        ("#s-target", "12"),
        ("#s-exceeds", "20"),
        ("#s-period", "each month"),
    ] {
        let input = root
            .query_selector(id)
            .unwrap()
            .unwrap()
            .unchecked_into::<web_sys::HtmlInputElement>();
        input.set_value(v);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }
    root.query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlFormElement>()
        .request_submit()
        .unwrap();
    tick().await;
    let drafts = saved.lock().unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].supports_objective, "o2");
    assert_eq!(drafts[0].supports, "Docs that answer questions");
}
