//! 1:1s (Goal 3): the list of series I take part in, and one series with its meetings,
//! topics, shared notes, actions, private notes, export and history.

mod actions;
mod list;
mod meeting;
mod series;

pub use list::OneOnOnes;
pub use series::Series;

use actions::{ActionList, AddAction};
use meeting::MeetingCard;

use leptos::prelude::*;
use rapport_core::domain::one_on_one::Side;

pub(super) fn now_local() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

pub(super) fn other_role(role: Side) -> Side {
    match role {
        Side::Leader => Side::Employee,
        Side::Employee => Side::Leader,
    }
}

pub(super) fn findings_view(findings: Vec<rapport_core::rules::Finding>) -> impl IntoView {
    crate::ui::widgets::findings_list(findings, "Flags")
}

/// The app's own address with `hash` (e.g. `#/one-on-ones/<id>`): where the agenda is, for a
/// calendar event. Relative to wherever the app is hosted.
pub(super) fn app_link(hash: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    format!("{base}{hash}")
}
