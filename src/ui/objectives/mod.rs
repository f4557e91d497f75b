//! Team objectives and the metrics meeting (Goal 2): the Objectives page (the team I lead, the
//! teams I am on), one team's document — organisational priorities, SMART objectives, KPIs with
//! their values drawn over time, the alignment tree, the meeting's cadence and records,
//! questions and answers — and meeting mode, a focused full-window view with a timer.
//!
//! Like the other shared documents, the page renders its frame once and reads the document
//! through memos, so a merge or a commit never rebuilds a form someone is typing in.

mod alignment;
mod chart;
mod goals;
mod list;
mod meeting;
mod page;
mod questions;

pub use chart::KpiChart;
pub use list::Objectives;
pub use meeting::{timer_phase, MeetingMode};
pub use page::TeamPage;

use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::domain::team::TeamObjectives;
use rapport_core::domain::workspace::SharedDoc;

use crate::state::team_objectives as team_state;

/// What every part of a team page needs.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub(super) team: Memo<Option<TeamObjectives>>,
    pub(super) entry: Memo<Option<SharedDoc>>,
    pub(super) leader: bool,
    /// The document's commands, acting as me.
    pub(super) cmd: team_state::Team,
}

impl Ctx {
    pub(super) fn doc_id(&self) -> String {
        self.cmd.doc_id.get_value()
    }

    pub(super) fn me(&self) -> String {
        self.cmd.me.get_value()
    }

    /// Reads the document (tracked); `f` sees it once it is loaded.
    pub(super) fn with<T: Default>(&self, f: impl FnOnce(&TeamObjectives) -> T) -> T {
        self.team.with(|t| t.as_ref().map(f).unwrap_or_default())
    }
}

pub(super) fn fmt_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A number as people write it: no trailing ".0", at most two decimals.
pub(crate) fn fmt_num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A number typed in a form ("1,5" and "1.5" both work); `None` when empty or not a number.
pub(super) fn parse_num(s: &str) -> Option<f64> {
    let t = s.trim().replace(',', ".");
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A labelled one-line text field bound to `value`: the field every form of these pages uses.
/// `decimal` asks phones for the number keyboard (numbers are parsed leniently, `parse_num`).
#[component]
pub(super) fn Field(
    #[prop(into)] label: leptos::text_prop::TextProp,
    value: RwSignal<String>,
    #[prop(optional)] id: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] decimal: bool,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <label>
            {move || label.get().to_string()}
            <input
                id=id
                type="text"
                inputmode=decimal.then_some("decimal")
                placeholder=placeholder
                required=required
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// A form's refusal, in words, where the form can show it.
pub(super) fn error_line(error: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="field-error" role="alert">
                    {e}
                </p>
            }
        })
    }
}

/// The options of a select of people `(id, name)`, the one in `selected` marked.
pub(super) fn person_options(
    people: Memo<Vec<(String, String)>>,
    selected: RwSignal<String>,
) -> impl IntoView {
    move || {
        people
            .get()
            .into_iter()
            .map(|(id, n)| {
                let sel = id.clone();
                view! {
                    <option value=id selected=move || selected.get() == sel>
                        {n}
                    </option>
                }
            })
            .collect_view()
    }
}

/// A form's two buttons: save (submits the form) and cancel (closes it through `done`).
pub(super) fn save_or_cancel(save: &'static str, done: Callback<()>) -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="primary">
                {save}
            </button>
            <button type="button" class="ghost" on:click=move |_| done.run(())>
                "Cancel"
            </button>
        </div>
    }
}
