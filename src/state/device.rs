//! Settings of this browser, not of the workspace (R8.1, R8.2): when the last backup was
//! made here and after how many days the app reminds of the next one. They live in
//! localStorage because they describe this device: a backup restored elsewhere must not
//! claim that the other device has a recent backup.

use leptos::prelude::*;

const LAST_BACKUP: &str = "rapport.lastBackupMs";
const FIRST_SEEN: &str = "rapport.firstSeenMs";
const REMIND_DAYS: &str = "rapport.backupReminderDays";
const SNOOZED_UNTIL: &str = "rapport.backupReminderSnoozedUntilMs";

pub const DEFAULT_REMIND_DAYS: u32 = 14;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn storage() -> Option<web_sys::Storage> {
    crate::page::local_storage()
}

fn get_i64(key: &str) -> Option<i64> {
    storage()?.get_item(key).ok().flatten()?.parse().ok()
}

fn set(key: &str, value: impl ToString) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, &value.to_string());
    }
}

#[derive(Clone, Copy)]
pub struct Device {
    /// When this browser last downloaded a backup (ms since the epoch).
    pub last_backup_ms: RwSignal<Option<i64>>,
    /// Remind of a backup older than this many days (0: never remind).
    pub remind_days: RwSignal<u32>,
    snoozed_until_ms: RwSignal<i64>,
    first_seen_ms: i64,
}

impl Device {
    pub fn load() -> Device {
        let now = super::now_ms();
        let first_seen_ms = get_i64(FIRST_SEEN).unwrap_or_else(|| {
            set(FIRST_SEEN, now);
            now
        });
        Device {
            last_backup_ms: RwSignal::new(get_i64(LAST_BACKUP)),
            remind_days: RwSignal::new(
                get_i64(REMIND_DAYS)
                    .and_then(|d| u32::try_from(d).ok())
                    .unwrap_or(DEFAULT_REMIND_DAYS),
            ),
            snoozed_until_ms: RwSignal::new(get_i64(SNOOZED_UNTIL).unwrap_or(0)),
            first_seen_ms,
        }
    }

    pub fn record_backup(&self) {
        let now = super::now_ms();
        set(LAST_BACKUP, now);
        self.last_backup_ms.set(Some(now));
    }

    pub fn set_remind_days(&self, days: u32) {
        set(REMIND_DAYS, days);
        self.remind_days.set(days);
    }

    /// Hides the reminder until tomorrow.
    pub fn snooze(&self) {
        let until = super::now_ms() + DAY_MS;
        set(SNOOZED_UNTIL, until);
        self.snoozed_until_ms.set(until);
    }

    /// Whole days since the last backup here (`None`: never backed up on this device).
    pub fn backup_age_days(&self) -> Option<i64> {
        self.last_backup_ms
            .get()
            .map(|t| (super::now_ms() - t).max(0) / DAY_MS)
    }

    /// `Some(age)` when the app should remind of a backup now: the last one (or, without any,
    /// the first use of the app here) is older than the chosen number of days.
    pub fn reminder_due(&self) -> Option<Option<i64>> {
        let days = self.remind_days.get();
        if days == 0 || super::now_ms() < self.snoozed_until_ms.get() {
            return None;
        }
        let since = self.last_backup_ms.get().unwrap_or(self.first_seen_ms);
        ((super::now_ms() - since) / DAY_MS >= days as i64).then(|| self.backup_age_days())
    }
}
