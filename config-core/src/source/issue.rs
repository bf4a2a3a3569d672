//! One mistake found while loading a config.

use std::fmt;

use super::{SourceFile, Span};
use crate::diagnostic::{Diagnostic, Severity};

/// What kind of mistake a [`LoadIssue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoadIssueKind {
    /// Not valid TOML or JSON.
    Syntax,
    /// The file is not UTF-8.
    Encoding,
    /// A key the table does not have.
    UnknownKey,
    /// A key given twice (JSON; TOML reports it as syntax).
    DuplicateKey,
    /// A value of the wrong type (a string where a boolean goes).
    WrongType,
    /// A value of the right type that means nothing (an unknown start method).
    InvalidValue,
    /// A host's own struct (`load_as`) rejected the file, as serde reports it.
    Deserialize,
}

impl LoadIssueKind {
    /// A stable kebab-case name, used as the diagnostic code.
    pub const fn as_str(self) -> &'static str {
        match self {
            LoadIssueKind::Syntax => "syntax",
            LoadIssueKind::Encoding => "encoding",
            LoadIssueKind::UnknownKey => "unknown-key",
            LoadIssueKind::DuplicateKey => "duplicate-key",
            LoadIssueKind::WrongType => "wrong-type",
            LoadIssueKind::InvalidValue => "invalid-value",
            LoadIssueKind::Deserialize => "deserialize",
        }
    }
}

impl fmt::Display for LoadIssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mistake in a config file, with the span of the offending text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadIssue {
    /// What kind of mistake.
    pub kind: LoadIssueKind,
    /// One line saying what is wrong.
    pub message: String,
    /// The offending text.
    pub span: Span,
    /// The key path, when the mistake is about a key or its value.
    pub key_path: Option<String>,
    /// Text under the underline.
    pub label: Option<String>,
    /// Did-you-mean or how to fix.
    pub help: Option<String>,
}

impl LoadIssue {
    pub(crate) fn new(kind: LoadIssueKind, message: impl Into<String>, span: Span) -> Self {
        LoadIssue {
            kind,
            message: message.into(),
            span,
            key_path: None,
            label: None,
            help: None,
        }
    }

    pub(crate) fn syntax(message: impl Into<String>, span: Span) -> Self {
        let message = message.into();
        let message = if message.is_empty() {
            "invalid syntax".to_owned()
        } else {
            message
        };
        LoadIssue::new(LoadIssueKind::Syntax, message, span)
    }

    pub(crate) fn path(mut self, path: impl Into<String>) -> Self {
        self.key_path = Some(path.into());
        self
    }

    pub(crate) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// This mistake as an error diagnostic pointing into `file`.
    pub fn to_diagnostic(&self, file: &SourceFile) -> Diagnostic {
        let mut d = Diagnostic::new(Severity::Error, self.message.clone())
            .with_code(self.kind.as_str())
            .with_location(file, self.span);
        d.key_path = self.key_path.clone();
        d.label = self.label.clone();
        d.help = self.help.clone();
        d
    }
}
