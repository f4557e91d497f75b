//! People on the leader's roster (the leader and their direct reports).

use autosurgeon::{Hydrate, Reconcile};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A direct report on the roster. Archived people keep their history but leave every
/// "today" list and every denominator from the day they were archived.
#[derive(Debug, Clone, PartialEq, Eq, Hydrate, Reconcile, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role_title: String,
    #[autosurgeon(with = "crate::domain::iso_date_opt")]
    pub start_date: Option<NaiveDate>,
    /// The day the person was added; connection measures start counting from here.
    #[autosurgeon(with = "crate::domain::iso_date")]
    pub added_on: NaiveDate,
    #[autosurgeon(with = "crate::domain::iso_date_opt")]
    pub archived_on: Option<NaiveDate>,
}

/// What a user types in the roster form, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDraft {
    pub name: String,
    pub role_title: String,
    /// Raw text of the date input (`YYYY-MM-DD` or empty).
    pub start_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonError {
    #[error("Enter a name.")]
    MissingName,
    #[error("A name cannot contain invisible characters (such as text-direction marks or zero-width spaces). Type the name again without them.")]
    HiddenCharacters,
    #[error("A name can be at most {max} characters.")]
    NameTooLong { max: usize },
    #[error("A role title can be at most {max} characters.")]
    RoleTooLong { max: usize },
    #[error("\"{0}\" is not a date. Use the date picker or write it as YYYY-MM-DD.")]
    BadDate(String),
    #[error("The start date {0} is more than a year in the future. Check the year.")]
    StartTooFarAhead(NaiveDate),
    #[error("The start date {0} is before 1900. Check the year.")]
    StartTooOld(NaiveDate),
    #[error("{0} is already on your team. Use a different name (add an initial) so you can tell them apart.")]
    DuplicateName(String),
}

pub const MAX_NAME: usize = 80;
pub const MAX_ROLE: usize = 80;

impl PersonDraft {
    /// Validates the form. `others` are the names already on the active roster (excluding the
    /// person being edited), so two people cannot share a name and be confused on "Today".
    pub fn validate<'a>(
        &self,
        today: NaiveDate,
        others: impl IntoIterator<Item = &'a str>,
    ) -> Result<ValidPerson, PersonError> {
        let name = clean_name(&self.name, true)?;
        let role_title = collapse_spaces(&self.role_title);
        if role_title.chars().count() > MAX_ROLE {
            return Err(PersonError::RoleTooLong { max: MAX_ROLE });
        }
        let start_date = parse_optional_date(&self.start_date)?;
        if let Some(start) = start_date {
            if start > today + chrono::Duration::days(366) {
                return Err(PersonError::StartTooFarAhead(start));
            }
            if start < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid") {
                return Err(PersonError::StartTooOld(start));
            }
        }
        if others
            .into_iter()
            .any(|o| o.trim().eq_ignore_ascii_case(&name))
        {
            return Err(PersonError::DuplicateName(name));
        }
        Ok(ValidPerson {
            name,
            role_title,
            start_date,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPerson {
    pub name: String,
    pub role_title: String,
    pub start_date: Option<NaiveDate>,
}

/// Parses an optional `YYYY-MM-DD` date as typed in a form.
pub fn parse_optional_date(raw: &str) -> Result<Option<NaiveDate>, PersonError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| PersonError::BadDate(raw.to_string()))
}

/// Cleans a display name typed in any form (my name, my leader's name): collapses spaces and
/// checks the length. An empty name is an error only when `required`.
pub fn clean_name(raw: &str, required: bool) -> Result<String, PersonError> {
    let name = collapse_spaces(raw);
    // Invisible format characters let one name pass for another (a bidi override, a
    // zero-width space): refuse them everywhere a name is typed.
    // Checked on the raw text: collapsing spaces would quietly turn a line separator into a
    // space.
    if super::has_hidden_format_chars(raw) || name.chars().any(char::is_control) {
        return Err(PersonError::HiddenCharacters);
    }
    if required && name.is_empty() {
        return Err(PersonError::MissingName);
    }
    if name.chars().count() > MAX_NAME {
        return Err(PersonError::NameTooLong { max: MAX_NAME });
    }
    Ok(name)
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Person {
    pub fn new(id: String, valid: ValidPerson, today: NaiveDate) -> Person {
        Person {
            id,
            name: valid.name,
            role_title: valid.role_title,
            start_date: valid.start_date,
            added_on: today,
            archived_on: None,
        }
    }

    /// Whether the person counts on `date`: added on or before it and not yet archived.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.added_on <= date && self.archived_on.is_none_or(|a| date < a)
    }

    pub fn is_archived(&self) -> bool {
        self.archived_on.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn draft(name: &str, date: &str) -> PersonDraft {
        PersonDraft {
            name: name.into(),
            role_title: "Engineer".into(),
            start_date: date.into(),
        }
    }

    #[test]
    fn trims_and_accepts_a_valid_person() {
        let v = draft("  Ada   Lovelace ", "2024-02-29")
            .validate(today(), [])
            .unwrap();
        assert_eq!(v.name, "Ada Lovelace");
        assert_eq!(v.start_date, NaiveDate::from_ymd_opt(2024, 2, 29));
    }

    #[test]
    fn refuses_empty_name_bad_dates_and_duplicates() {
        assert_eq!(
            draft("   ", "").validate(today(), []),
            Err(PersonError::MissingName)
        );
        assert!(matches!(
            draft("Bo", "2025-02-30").validate(today(), []),
            Err(PersonError::BadDate(_))
        ));
        assert!(matches!(
            draft("Bo", "31/12/2024").validate(today(), []),
            Err(PersonError::BadDate(_))
        ));
        assert!(matches!(
            draft("Bo", "2099-01-01").validate(today(), []),
            Err(PersonError::StartTooFarAhead(_))
        ));
        assert!(matches!(
            draft("Bo", "1850-01-01").validate(today(), []),
            Err(PersonError::StartTooOld(_))
        ));
        assert!(matches!(
            draft("bo", "").validate(today(), ["Bo"]),
            Err(PersonError::DuplicateName(_))
        ));
        assert!(matches!(
            draft(&"x".repeat(81), "").validate(today(), []),
            Err(PersonError::NameTooLong { .. })
        ));
    }

    #[test]
    fn clean_name_collapses_spaces_and_checks_length() {
        assert_eq!(clean_name("  Lea   Martin ", true), Ok("Lea Martin".into()));
        assert_eq!(clean_name("   ", true), Err(PersonError::MissingName));
        assert_eq!(clean_name("   ", false), Ok(String::new()));
        for bad in ["Lea\u{202E}", "L\u{200B}ea", "Lea\u{2029}x", "\u{2067}Lea"] {
            assert_eq!(clean_name(bad, true), Err(PersonError::HiddenCharacters));
        }
        assert_eq!(
            clean_name("Zoë Ōtsuka-O'Brien 李", true),
            Ok("Zoë Ōtsuka-O'Brien 李".into())
        );
        assert!(matches!(
            clean_name(&"x".repeat(81), false),
            Err(PersonError::NameTooLong { .. })
        ));
    }

    #[test]
    fn joiners_are_kept_where_a_script_needs_them_and_refused_elsewhere() {
        // Persian: a non-joiner between two Arabic letters (the plural suffix -ha).
        let persian = "\u{0646}\u{0627}\u{0645}\u{0647}\u{200C}\u{0647}\u{0627}";
        // Malayalam: a virama followed by a joiner (a chillu letter written the older way).
        let malayalam = "\u{0D28}\u{0D4D}\u{200D}\u{0D28}";
        // An emoji sequence (woman technologist) after a name.
        let emoji = "Lea \u{1F469}\u{200D}\u{1F4BB}";
        for good in [persian, malayalam, emoji] {
            assert_eq!(clean_name(good, true).as_deref(), Ok(good), "{good:?}");
        }
        // Between Latin letters, at either end, beside a space or another format character,
        // a joiner changes nothing visible: one name could pass for another.
        for bad in [
            "Le\u{200D}a",
            "Jos\u{200C}\u{e9}",
            "\u{200D}\u{0646}\u{0627}",
            "\u{0646}\u{0627}\u{200C}",
            "\u{0646} \u{200C}\u{0627}",
            "\u{0646}\u{200C}\u{200C}\u{0627}",
        ] {
            assert_eq!(
                clean_name(bad, true),
                Err(PersonError::HiddenCharacters),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn archived_people_are_inactive_from_the_archive_day() {
        let mut p = Person::new(
            "1".into(),
            draft("Bo", "").validate(today(), []).unwrap(),
            today(),
        );
        assert!(p.active_on(today()));
        assert!(!p.active_on(today().pred_opt().unwrap()));
        p.archived_on = Some(today());
        assert!(!p.active_on(today()));
    }
}
