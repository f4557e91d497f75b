//! Plain domain types. They carry no storage concerns beyond the autosurgeon derives that let
//! them be hydrated from and reconciled into Automerge documents (see `crate::docs`).

pub mod checkin;
pub mod development;
pub mod one_on_one;
pub mod person;
pub mod workweek;

pub use checkin::{Channel, CheckIn};
pub use person::{Person, PersonDraft, PersonError};
pub use workweek::WorkWeek;

/// A fresh random identifier (UUID v4, hyphenated) for documents and items.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Dates are stored in documents as ISO-8601 strings (`YYYY-MM-DD`): readable by any Automerge
/// implementation and sortable. This module plugs that into autosurgeon with `#[autosurgeon(with = "...")]`.
pub mod iso_date {
    use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};
    use chrono::NaiveDate;

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<NaiveDate, HydrateError> {
        let s = <String as autosurgeon::Hydrate>::hydrate(doc, obj, prop)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|e| HydrateError::unexpected("an ISO date", e.to_string()))
    }

    pub fn reconcile<R: Reconciler>(d: &NaiveDate, reconciler: R) -> Result<(), R::Error> {
        autosurgeon::Reconcile::reconcile(&d.format("%Y-%m-%d").to_string(), reconciler)
    }
}

/// Like [`iso_date`] for an optional date (absent or `null` hydrates to `None`).
pub mod iso_date_opt {
    use autosurgeon::{HydrateError, Prop, ReadDoc, Reconciler};
    use chrono::NaiveDate;

    pub fn hydrate<D: ReadDoc>(
        doc: &D,
        obj: &automerge::ObjId,
        prop: Prop<'_>,
    ) -> Result<Option<NaiveDate>, HydrateError> {
        let s = <Option<String> as autosurgeon::Hydrate>::hydrate(doc, obj, prop)?;
        match s {
            None => Ok(None),
            Some(s) if s.is_empty() => Ok(None),
            Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(Some)
                .map_err(|e| HydrateError::unexpected("an ISO date", e.to_string())),
        }
    }

    pub fn reconcile<R: Reconciler>(d: &Option<NaiveDate>, reconciler: R) -> Result<(), R::Error> {
        autosurgeon::Reconcile::reconcile(&d.map(|d| d.format("%Y-%m-%d").to_string()), reconciler)
    }
}
