//! Product rules evaluated on hydrated state. A rule never mutates anything: it returns
//! findings as data, and the UI decides how to show them (a flag beside the item, or a
//! refusal message on a form). Rule ids (`"R5.4"` …) refer to `PRODUCT.md`.

pub mod development;

/// How hard a rule pushes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// Allowed, but worth a look (shown as a flag).
    Flag,
    /// Not allowed; the edit is refused with the message.
    Refuse,
}

/// One rule's verdict about one thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id in `PRODUCT.md`, e.g. `"R5.4"`.
    pub rule: &'static str,
    pub severity: Severity,
    /// A sentence for the user, saying what is wrong and what to do.
    pub message: String,
}
