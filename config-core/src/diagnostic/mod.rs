//! Diagnostics: what mpconfig tells a user about a config, with the place in
//! the file it is about.

mod render;

use std::fmt;

use serde::Serialize;

use crate::source::{LineCol, SourceFile, Span};

pub use render::{RenderOptions, render};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something to know; never fails a check.
    Note,
    /// Likely to break on some target; fails a check under `--deny-warnings`.
    Warning,
    /// Will break: the config is invalid or a target cannot work.
    Error,
}

impl Severity {
    /// The lowercase name: `note`, `warning`, `error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in which file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: SourceFile,
    /// The offending text.
    pub span: Span,
}

impl Location {
    /// The 1-based line and column where the span starts.
    pub fn line_col(&self) -> LineCol {
        self.file.line_col(self.span.start)
    }
}

/// One finding: a load error or a rule's report.
///
/// ```
/// use mpconfig_core::{Diagnostic, Severity};
///
/// let d = Diagnostic::new(Severity::Error, "something is wrong").with_help("fix it");
/// assert_eq!(d.to_string(), "error: something is wrong");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable code such as `MP001`, or the kind of load error (`unknown-key`).
    pub code: Option<String>,
    /// How serious it is.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// The place it is about, when there is one.
    pub location: Option<Location>,
    /// The dotted key path it is about (`multiprocessing.start_method`).
    pub key_path: Option<String>,
    /// Text shown under the underlined source.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with a message and nothing else.
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: None,
            severity,
            message: message.into(),
            location: None,
            key_path: None,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Sets the code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Sets the place.
    pub fn with_location(mut self, file: &SourceFile, span: Span) -> Self {
        self.location = Some(Location {
            file: file.clone(),
            span,
        });
        self
    }

    /// Sets the key path.
    pub fn with_key_path(mut self, path: impl Into<String>) -> Self {
        self.key_path = Some(path.into());
        self
    }

    /// Sets the label under the underlined text.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `file:line:col`, when the diagnostic has a place.
    pub fn position(&self) -> Option<String> {
        self.location
            .as_ref()
            .map(|l| format!("{}:{}", l.file.name(), l.line_col()))
    }
}

/// Rule codes (`MP001`, a host's `APP001`) are upper case; the kinds of load
/// error (`unknown-key`) are not, and are not shown as `[code]`.
pub(crate) fn is_rule_code(code: &str) -> bool {
    code.starts_with(|c: char| c.is_ascii_uppercase())
}

/// `severity[code]: message` — one line, no source.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) if is_rule_code(code) => {
                write!(f, "{}[{code}]: {}", self.severity, self.message)
            }
            _ => write!(f, "{}: {}", self.severity, self.message),
        }
    }
}
