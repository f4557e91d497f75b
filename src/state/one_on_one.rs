//! One 1:1 series (Goal 3) as the views use it: the hydrated series, following every change,
//! and typed commands acting as me.

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use rapport_core::docs::one_on_one as doc;
use rapport_core::docs::DocKind;
use rapport_core::domain::one_on_one::{ActionDraft, OneOnOne, Section};
use rapport_core::text::TextEdit;

use super::edit::{run, EditError};
use super::shared::read_doc;

/// How many past 1:1s a series page shows in full at first, and how many more each "Show
/// older" adds (issue 11: five years are 130 meetings of notes; a page hydrates and draws
/// only what it shows).
pub const PAGE: usize = 6;

/// The series as its page shows it, following every change: every meeting's outline (the
/// figures and findings need them all), the `shown` latest past 1:1s and every planned one in
/// full (`load_recent`).
pub fn watch_recent(doc_id: String, shown: Signal<usize>) -> Memo<Option<OneOnOne>> {
    Memo::new(move |_| {
        let n = shown.get();
        read_doc(&doc_id, DocKind::OneOnOne, |d| doc::load_recent(d, n).ok())
    })
}

/// The meetings [`watch_recent`] holds in full, newest first: the ones a page may show.
pub fn shown_in_full(series: &OneOnOne, shown: usize) -> Vec<String> {
    doc::shown_in_full(series, shown)
}

/// The series without its prose (meetings, their status and actions: `load_outline`), for the
/// lists that show one line per series: years of notes are never read as text there.
pub fn watch_outline(doc_id: String) -> Memo<Option<OneOnOne>> {
    Memo::new(move |_| read_doc(&doc_id, DocKind::OneOnOne, |d| doc::load_outline(d).ok()))
}

/// Commands on one series, acting as `me` (my participant id in it).
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub doc_id: String,
    pub me: String,
}

impl Series {
    pub fn new(doc_id: impl Into<String>, me: impl Into<String>) -> Series {
        Series {
            doc_id: doc_id.into(),
            me: me.into(),
        }
    }

    /// R3.2: the employee proposes the next 1:1; returns its id.
    pub fn propose(&self, at: NaiveDateTime, minutes: u32) -> Result<String, EditError> {
        run(&self.doc_id, |d, now| {
            doc::propose_meeting(d, &self.me, at, minutes, now)
        })
    }

    pub fn reschedule(
        &self,
        meeting_id: &str,
        at: NaiveDateTime,
        minutes: u32,
    ) -> Result<(), EditError> {
        run(&self.doc_id, |d, now| {
            doc::reschedule_meeting(d, &self.me, meeting_id, at, minutes, now)
        })
    }

    pub fn add_topic(&self, meeting_id: &str, text: &str) -> Result<String, EditError> {
        run(&self.doc_id, |d, now| {
            doc::add_topic(d, &self.me, meeting_id, text, now)
        })
    }

    pub fn set_topic_discussed(
        &self,
        meeting_id: &str,
        topic_id: &str,
        discussed: bool,
    ) -> Result<(), EditError> {
        run(&self.doc_id, |d, now| {
            doc::set_topic_discussed(d, &self.me, meeting_id, topic_id, discussed, now)
        })
    }

    /// R3.4: typed text of a shared section, merged with what changed underneath it.
    pub fn edit_section(
        &self,
        meeting_id: &str,
        section: Section,
        edit: TextEdit,
    ) -> Result<(), EditError> {
        run(&self.doc_id, |d, now| {
            doc::edit_section(d, &self.me, meeting_id, section, edit, now)
        })
    }

    /// R3.3: records the 1:1 as held, with its real length.
    pub fn record_held(&self, meeting_id: &str, minutes: u32) -> Result<(), EditError> {
        run(&self.doc_id, |d, now| {
            doc::record_held(d, &self.me, meeting_id, minutes, now)
        })
    }

    pub fn record_missed(&self, meeting_id: &str, reason: &str) -> Result<(), EditError> {
        run(&self.doc_id, |d, now| {
            doc::record_missed(d, &self.me, meeting_id, reason, now)
        })
    }

    /// R3.5: an action with an owner and a due date; returns its id.
    pub fn add_action(&self, draft: &ActionDraft) -> Result<String, EditError> {
        run(&self.doc_id, |d, now| {
            doc::add_action(d, &self.me, draft, now)
        })
    }

    pub fn set_action_done(
        &self,
        action_id: &str,
        done_on: Option<NaiveDate>,
    ) -> Result<(), EditError> {
        run(&self.doc_id, |d, now| match done_on {
            Some(day) => doc::complete_action(d, &self.me, action_id, day, now),
            None => doc::reopen_action(d, &self.me, action_id, now),
        })
    }
}
