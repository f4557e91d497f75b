//! App state: the bridge between views and documents. Views read hydrated, reactive state from
//! here and call commands; commands run core functions on documents (`rapport_core::docs`),
//! and the repo persists the resulting Automerge changes. Dependencies point UI -> state -> core.

pub mod backup;
pub mod checkins;
pub mod dashboard;
pub mod development;
pub mod device;
pub mod edit;
pub mod export;
pub mod keys;
pub mod live_doc;
pub mod one_on_one;
pub mod passphrase;
pub mod pending;
pub mod performance;
pub mod private_notes;
pub mod repo;
pub mod restore_workers;
pub mod shared;
pub mod sharing;
pub mod summaries;
pub mod team_objectives;
pub mod tick;
pub mod today_view;
pub mod update;
pub mod workspace;

use chrono::NaiveDate;
use leptos::prelude::*;
use rapport_core::docs::{workspace as ws_doc, DocError, DocKind};
use rapport_core::domain::CheckIn;

/// The IndexedDB database of the app (tests use their own).
pub const DB_NAME: &str = "rapport";

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    /// No workspace yet: show first-run onboarding.
    Welcome,
    Ready,
    /// The Today module cannot say what Today shows (its stored view is missing, stale or for
    /// another day): the whole app, which opens the documents, takes the page.
    NeedsApp,
    /// Storage could not be opened: nothing works without it, say why.
    Failed(String),
}

/// Shared, `Copy` handles to the reactive state; provided as context to every view.
#[derive(Clone, Copy)]
pub struct AppState {
    pub phase: RwSignal<Phase>,
    pub workspace_id: RwSignal<Option<String>>,
    pub workspace: Memo<Option<ws_doc::Workspace>>,
    /// My check-ins of the months open here (`checkins`), and any in the workspace.
    pub checkins: Memo<rapport_core::domain::checkin::CheckIns>,
    pub checkin_months: checkins::Months,
    /// Which documents of private notes are stored (`private_notes`).
    pub notes_known: private_notes::Known,
    pub save: repo::SaveStatus,
    pub today: RwSignal<NaiveDate>,
    /// Short confirmation shown after an action ("Check-in logged").
    pub toast: RwSignal<Option<String>>,
    pub storage: RwSignal<StorageInfo>,
    /// Text fields with typing not yet committed to a document (they commit after a short pause).
    pub typing: RwSignal<usize>,
    extras: Extras,
}

/// What only the whole app does: start-up work and every write to a document. Registered by
/// the module that runs every screen ([`Extras::whole_app`]) and left out of the Today
/// module: code reached only through a function pointer that module never sets is not in its
/// download (issue 11). Where one is not set, the Today module hands the write to the whole
/// app (`pending`).
#[derive(Clone, Copy, Default)]
pub struct Extras {
    /// Runs once the workspace is open, before it is shown.
    pub on_open: Option<fn(AppState) -> LocalTask>,
    /// Stores a check-in in its month.
    pub check_in: Option<StoreCheckIn>,
    /// Opens the months of check-ins from the one holding this day on.
    pub want_months: Option<fn(AppState, NaiveDate)>,
    /// Creates the workspace (first run).
    pub create: Option<fn(AppState, String)>,
}

/// Stores a check-in in its month ([`Extras::check_in`]).
pub type StoreCheckIn = fn(AppState, &CheckIn) -> Result<(), String>;

/// A future run on this thread, boxed so it can be named in [`Extras`].
pub type LocalTask = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

impl Extras {
    /// The whole app: its keys are loaded at start (sharing and backups need them), each saved
    /// shared document gets its summary (the dashboard reads those, issue 14), and snapshots
    /// are stored deflated.
    pub fn whole_app() -> Extras {
        repo::after_save(summaries::schedule);
        repo::deflate_snapshots();
        Extras {
            on_open: Some(|state| {
                Box::pin(async move {
                    if let Err(e) = keys::load(state).await {
                        state
                            .toast
                            .set(Some(format!("Your keys could not be loaded: {e}")));
                    }
                    today_view::follow(state);
                    // Check-ins logged in the Today module before it handed the page over.
                    pending::apply(state);
                })
            }),
            check_in: Some(|state, c| state.put_checkin(c).map_err(String::from)),
            want_months: Some(checkins::want),
            create: Some(AppState::create_workspace_now),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageInfo {
    pub persisted: bool,
    pub used: Option<f64>,
    pub quota: Option<f64>,
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl AppState {
    /// Creates the state and starts loading; the returned handles are live immediately.
    pub fn start(extras: Extras) -> AppState {
        let phase = RwSignal::new(Phase::Loading);
        let workspace_id: RwSignal<Option<String>> = RwSignal::new(None);
        let save = repo::SaveStatus {
            error: RwSignal::new(None),
            unsaved: RwSignal::new(0),
        };
        // The heads the hydrated workspace reflects: after a change only what the change
        // touched is re-read (`ws_doc::refresh`), in place. The memo owns its value
        // (`new_owning`): at 50 people × 5 years the workspace holds 52 k check-ins, and
        // cloning it into a cache and comparing old with new on every check-in or keystroke
        // cost more than the refresh itself (issue 11, "check-in click to persisted").
        let seen: StoredValue<Option<Vec<automerge::ChangeHash>>, LocalStorage> =
            StoredValue::new_local(None);
        let workspace = Memo::new_owning(move |old: Option<Option<ws_doc::Workspace>>| {
            let old = old.flatten();
            let had = old.is_some();
            let Some(id) = workspace_id.get() else {
                return (None, had);
            };
            repo::revision(&id).track();
            let Some(d) = repo::get(&id) else {
                return (None, had);
            };
            let mut d = d.borrow_mut();
            let heads = d.doc.get_heads();
            let before = seen.try_update_value(|h| h.take()).flatten();
            if let (Some(before), Some(mut ws)) = (before, old) {
                if ws.meta.id == id {
                    if before == heads {
                        seen.set_value(Some(heads));
                        return (Some(ws), false);
                    }
                    let touched = rapport_core::docs::touched(&mut d.doc, &before, &heads);
                    if ws_doc::refresh(&mut ws, &d.doc, &touched).is_ok() {
                        seen.set_value(Some(heads));
                        d.doc.update_diff_cursor();
                        return (Some(ws), true);
                    }
                }
            }
            match crate::perf::measure("rapport:hydrate:workspace", || ws_doc::load(&d.doc)) {
                Ok(ws) => {
                    seen.set_value(Some(heads));
                    // From here Automerge indexes every change, so the next `touched` reads
                    // that index instead of scanning every op of the document (hundreds of
                    // milliseconds per check-in with five years of them).
                    d.doc.update_diff_cursor();
                    (Some(ws), true)
                }
                Err(e) => {
                    web_sys::console::error_1(&format!("workspace unreadable: {e}").into());
                    (None, had)
                }
            }
        });
        let checkin_months = checkins::Months::new();
        let state = AppState {
            phase,
            workspace_id,
            workspace,
            checkins: checkins::memo(workspace, checkin_months),
            checkin_months,
            notes_known: private_notes::Known::new(),
            save,
            today: RwSignal::new(local_today()),
            toast: RwSignal::new(None),
            storage: RwSignal::new(StorageInfo::default()),
            typing: RwSignal::new(0),
            extras,
        };
        checkins::follow(state);
        leptos::task::spawn_local(state.boot());
        // The date changes at midnight while the app may stay open all day. Stopped with the
        // view that owns this state (the Today module's, when it hands the page over).
        if let Ok(timer) = set_interval_with_handle(
            move || {
                let t = local_today();
                if state.today.try_get_untracked().is_some_and(|d| d != t) {
                    state.today.set(t);
                }
            },
            std::time::Duration::from_secs(60),
        ) {
            on_cleanup(move || timer.clear());
        }
        state
    }

    async fn boot(self) {
        crate::perf::mark("rapport:boot");
        let status = match repo::init(DB_NAME).await {
            Ok(s) => s,
            Err(e) => {
                self.phase.set(Phase::Failed(e.to_string()));
                return;
            }
        };
        // Mirror the repo's status into the signals views already hold.
        Effect::new(move |_| self.save.error.set(status.error.get()));
        Effect::new(move |_| self.save.unsaved.set(status.unsaved.get()));
        let docs = match repo::list().await {
            Ok(d) => d,
            Err(e) => {
                self.phase.set(Phase::Failed(e.to_string()));
                return;
            }
        };
        match docs.iter().find(|(_, k)| *k == DocKind::Workspace) {
            Some((id, _)) => match repo::open(id, DocKind::Workspace).await {
                Ok(_) => {
                    // An older workspace gains the maps newer features need (one change, only if missing).
                    if let Some(Err(e)) = repo::change(id, |doc| ws_doc::migrate(doc, now_ms())) {
                        web_sys::console::warn_1(&format!("workspace upgrade failed: {e}").into());
                    }
                    // Loading the workspace and hydrating it are one long task otherwise
                    // (issue 11: no freeze over 100 ms): let the browser breathe between them.
                    tick::next_tick().await;
                    self.workspace_id.set(Some(id.clone()));
                    // Today's months of check-ins, before Today is shown (issue 11).
                    self.checkin_months.set_known(&docs);
                    self.notes_known.set_known(&docs);
                    self.open_todays_checkins().await;
                    if let Some(on_open) = self.extras.on_open {
                        on_open(self).await;
                    }
                    // Shared documents are not opened here: Today needs none of them, and each
                    // screen opens what it shows (`shared::ensure_open`).
                    self.phase.set(Phase::Ready);
                    crate::perf::mark("rapport:ready");
                }
                Err(e) => self.phase.set(Phase::Failed(format!(
                    "Your workspace could not be read ({e}). Restore it from a backup, or use another browser profile."
                ))),
            },
            // The Today module's welcome asked for a workspace: create it.
            None => match pending::take_create() {
                Some(name) => self.create_workspace_now(name),
                None => self.phase.set(Phase::Welcome),
            },
        }
        let (persisted, used, quota) = crate::storage::request_persistence().await;
        self.storage.set(StorageInfo {
            persisted,
            used,
            quota,
        });
    }

    /// Opens the months of check-ins Today reads (`measures::today_reach`).
    pub async fn open_todays_checkins(self) {
        let today = self.today.get_untracked();
        let week = self
            .workspace
            .with_untracked(|w| w.as_ref().map(|w| w.settings.work_week.clone()))
            .unwrap_or_default();
        let reach = rapport_core::measures::today_reach(&week, today);
        checkins::open_from(self, rapport_core::docs::checkins::month_of(reach)).await;
    }

    /// First run: creates the private workspace with the owner's name (the Today module asks
    /// the whole app to).
    pub fn create_workspace(self, name: String) {
        match self.extras.create {
            Some(create) => create(self, name),
            None => {
                pending::ask_create(&name);
                self.phase.set(Phase::NeedsApp);
            }
        }
    }

    /// R1.1: logs a check-in: stored in its month by the whole app; kept until then, and shown
    /// as logged, by the Today module (`pending`).
    pub fn check_in(self, c: &CheckIn) -> Result<(), String> {
        match self.extras.check_in {
            Some(store) => store(self, c),
            None => pending::add_checkin(c),
        }
    }

    /// The check-ins from the month of `reach` on are wanted (a screen's figures read that
    /// far). The Today module's view already holds what Today reads.
    pub fn want_months(self, reach: NaiveDate) {
        if let Some(want) = self.extras.want_months {
            want(self, reach);
        }
    }

    /// Whether this is the whole app (the Today module hands the page to it for anything
    /// beyond Today's list and its one-click check-in).
    pub fn is_whole_app(self) -> bool {
        self.extras.check_in.is_some()
    }

    fn create_workspace_now(self, name: String) {
        leptos::task::spawn_local(async move {
            let id = rapport_core::domain::new_id();
            let owner = rapport_core::domain::new_id();
            let doc = match ws_doc::create(&id, &owner, &name, now_ms()) {
                Ok(d) => d,
                Err(e) => return self.toast.set(Some(e.to_string())),
            };
            match repo::insert_new(id.clone(), DocKind::Workspace, doc).await {
                Ok(_) => {
                    self.workspace_id.set(Some(id));
                    self.open_todays_checkins().await;
                    // The keys are made here by the whole app, or by it when it first runs
                    // after the Today module created the workspace.
                    if let Some(on_open) = self.extras.on_open {
                        on_open(self).await;
                    }
                    self.phase.set(Phase::Ready);
                }
                Err(e) => self.save.error.set(Some(e)),
            }
        });
    }

    /// Runs a core command on the workspace document (state modules only; views call the
    /// typed commands in `state::workspace`).
    pub(in crate::state) fn edit_workspace(
        self,
        f: impl FnOnce(&mut automerge::AutoCommit, i64) -> Result<(), DocError>,
    ) -> Result<(), edit::EditError> {
        edit::run_on_workspace(self, f)
    }

    /// Whether anything typed or changed is not yet stored.
    pub fn has_unsaved(self) -> bool {
        self.save.unsaved.get() > 0 || self.typing.get() > 0
    }

    pub fn notify(self, msg: impl Into<String>) {
        self.toast.set(Some(msg.into()));
        let toast = self.toast;
        set_timeout(
            move || toast.set(None),
            std::time::Duration::from_millis(2500),
        );
    }
}
