//! The article's rules (rule ids: docs/RULES.md) as pure functions that return findings.
//!
//! A finding is data, not an error string: the UI shows flags next to the thing they concern
//! and still lets the user proceed, while refusals stop a command (docs/RULES.md: "flag" vs
//! "refuse"). Rules read hydrated state only and are never stored.

pub mod development;
pub mod one_on_one;
pub mod performance;
pub mod team;

pub use crate::domain::finding::{Finding, Severity};
