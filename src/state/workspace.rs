//! Commands on my private workspace (roster, profile, settings, context),
//! as typed calls for the views.

use rapport_core::docs::workspace::{self, Profile, Settings};
use rapport_core::domain::Person;
use rapport_core::text::TextEdit;

use super::edit::{run_on_workspace, EditError};
use super::AppState;

impl AppState {
    /// R1.3: my private context about a person (merged with other tabs' typing).
    pub fn set_context(self, person_id: &str, edit: TextEdit) -> Result<(), EditError> {
        run_on_workspace(self, |d, now| {
            workspace::set_context(d, person_id, edit, now)
        })
    }

    /// Adds or updates a person on the roster; `what` is the history line.
    pub fn put_person(self, p: &Person, what: &str) -> Result<(), EditError> {
        run_on_workspace(self, |d, now| workspace::put_person(d, p, what, now))
    }

    pub fn set_profile(self, p: &Profile) -> Result<(), EditError> {
        run_on_workspace(self, |d, now| workspace::set_profile(d, p, now))
    }

    pub fn set_settings(self, s: &Settings) -> Result<(), EditError> {
        run_on_workspace(self, |d, now| workspace::set_settings(d, s, now))
    }
}
