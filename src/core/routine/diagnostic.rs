//! One problem found in a routine file, and how `check` prints it (SPEC section 4).

use crate::text::clean;
use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// 1-based line and column, as ron and editors count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where the parser stopped, when it knows.
    pub position: Option<Position>,
    /// The item the problem belongs to (`steps[3] "Wall calf stretch"`), when known.
    pub item: Option<String>,
    pub message: String,
}

/// The constructors clean the message and the item, so that a diagnostic is
/// safe to show wherever it goes (a message may quote the file: a token, a
/// name, ron's own words); [`Diagnostic::render`] and [`Diagnostic::short`]
/// clean again for fields set by hand.
impl Diagnostic {
    pub fn at(position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            position: Some(position),
            ..Diagnostic::file(message)
        }
    }

    pub fn file(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            position: None,
            item: None,
            message: cleaned(message.into()),
        }
    }

    pub fn item(item: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            item: Some(cleaned(item.into())),
            ..Diagnostic::file(message)
        }
    }

    #[must_use]
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The line `check` prints: `PATH:LINE:COL: error: MESSAGE` or
    /// `PATH: error: steps[3] "Name": MESSAGE`.
    pub fn render(&self, path: &str) -> String {
        self.with_path(path).to_string()
    }

    pub fn with_path<'a>(&'a self, path: &'a str) -> WithPath<'a> {
        WithPath { diag: self, path }
    }

    /// The problem on one line without the path: for `list`'s reason column.
    pub fn short(&self) -> String {
        let mut out = String::new();
        if let Some(p) = self.position {
            let _ = write!(out, "{}:{}: ", p.line, p.col);
        }
        if let Some(item) = &self.item {
            out.push_str(&clean(item));
            out.push_str(": ");
        }
        out.push_str(&clean(&self.message));
        out
    }
}

/// `text`, cleaned without a copy when it is clean already (nearly always).
fn cleaned(text: String) -> String {
    match clean(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(shown) => shown,
    }
}

pub struct WithPath<'a> {
    diag: &'a Diagnostic,
    path: &'a str,
}

impl fmt::Display for WithPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        f.write_str(&clean(self.path))?;
        if let Some(p) = d.position {
            write!(f, ":{}:{}", p.line, p.col)?;
        }
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: ")?;
        if let Some(item) = &d.item {
            write!(f, "{}: ", clean(item))?;
        }
        f.write_str(&clean(&d.message))
    }
}
