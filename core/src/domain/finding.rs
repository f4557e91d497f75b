//! A rule's verdict, as data. Lives with the domain types because input drafts validate
//! themselves and return findings; the rules themselves are in `crate::rules`.

/// Whether a finding lets the user proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// A visible, explained warning; the user may still proceed.
    Flag,
    /// The action is not possible; the message says why.
    Refuse,
}

/// One rule's verdict on some piece of state or input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id (docs/RULES.md), e.g. `"R3.3"`.
    pub rule: &'static str,
    pub severity: Severity,
    /// A complete sentence for the user.
    pub message: String,
}

impl Finding {
    pub fn flag(rule: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: Severity::Flag,
            message: message.into(),
        }
    }

    pub fn refuse(rule: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: Severity::Refuse,
            message: message.into(),
        }
    }

    pub fn is_refusal(&self) -> bool {
        self.severity == Severity::Refuse
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
