//! `rapport-core`: everything in Rapport that does not need a browser.
//!
//! Dependencies point one way: the Leptos app (UI -> app state) calls into this crate, never
//! the reverse. Nothing here touches `web-sys`, so it is tested, fuzzed and benchmarked on the
//! host. Rule ids (R1.1 …) are explained in `docs/RULES.md`.

pub mod bench;
pub mod calendar;
pub mod dashboard;
pub mod dates;
pub mod docs;
pub mod domain;
pub mod measures;
pub mod review;
pub mod rules;
pub mod store;
pub mod summary;
pub mod sync;
pub mod text;
pub mod today_view;

pub use chrono::NaiveDate;
