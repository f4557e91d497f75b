//! The leader's working calendar (R1.1): which weekdays are worked and which dates are off.
//! Every "per working day" measure goes through [`WorkWeek::is_working_day`].

use autosurgeon::{Hydrate, Reconcile};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, Serialize, Deserialize)]
pub struct WorkWeek {
    /// Worked weekdays, Monday first (`[Mon, Tue, Wed, Thu, Fri, Sat, Sun]`).
    pub days: Vec<bool>,
    /// Holidays and days off, as ISO dates, kept sorted.
    pub days_off: Vec<String>,
}

impl Default for WorkWeek {
    fn default() -> Self {
        WorkWeek {
            days: vec![true, true, true, true, true, false, false],
            days_off: Vec::new(),
        }
    }
}

pub const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl WorkWeek {
    pub fn works_on(&self, day: Weekday) -> bool {
        self.days
            .get(day.num_days_from_monday() as usize)
            .copied()
            .unwrap_or(false)
    }

    pub fn is_day_off(&self, date: NaiveDate) -> bool {
        let iso = date.format("%Y-%m-%d").to_string();
        self.days_off.binary_search(&iso).is_ok()
    }

    /// R1.1: a working day is a worked weekday that is not a day off.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.works_on(date.weekday()) && !self.is_day_off(date)
    }

    /// True when no weekday is worked at all; measures then have nothing to count.
    pub fn is_empty(&self) -> bool {
        !self.days.iter().any(|d| *d)
    }

    /// Working days in `from..=to`, oldest first.
    pub fn working_days(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = NaiveDate> + '_ {
        from.iter_days()
            .take_while(move |d| *d <= to)
            .filter(move |d| self.is_working_day(*d))
    }

    /// The latest working day on or before `date`, looking back at most a year.
    pub fn working_day_on_or_before(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..366 {
            if self.is_working_day(d) {
                return Some(d);
            }
            d = d.pred_opt()?;
        }
        None
    }

    pub fn add_day_off(&mut self, date: NaiveDate) {
        let iso = date.format("%Y-%m-%d").to_string();
        if let Err(pos) = self.days_off.binary_search(&iso) {
            self.days_off.insert(pos, iso);
        }
    }

    pub fn remove_day_off(&mut self, date: NaiveDate) {
        let iso = date.format("%Y-%m-%d").to_string();
        if let Ok(pos) = self.days_off.binary_search(&iso) {
            self.days_off.remove(pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn default_week_is_monday_to_friday() {
        let w = WorkWeek::default();
        assert!(w.is_working_day(d("2026-11-23"))); // Monday
        assert!(!w.is_working_day(d("2026-11-28"))); // Saturday
    }

    #[test]
    fn days_off_are_not_working_days_and_stay_sorted() {
        let mut w = WorkWeek::default();
        w.add_day_off(d("2026-12-25"));
        w.add_day_off(d("2026-12-24"));
        w.add_day_off(d("2026-12-25"));
        assert_eq!(w.days_off, vec!["2026-12-24", "2026-12-25"]);
        assert!(!w.is_working_day(d("2026-12-25")));
        w.remove_day_off(d("2026-12-25"));
        assert!(w.is_working_day(d("2026-12-25")));
    }

    #[test]
    fn working_day_on_or_before_skips_weekend() {
        let w = WorkWeek::default();
        assert_eq!(
            w.working_day_on_or_before(d("2026-11-29")),
            Some(d("2026-11-27"))
        );
        let none = WorkWeek {
            days: vec![false; 7],
            days_off: vec![],
        };
        assert_eq!(none.working_day_on_or_before(d("2026-11-29")), None);
    }
}
