//! A rule's report for a config: one finding per distinct problem, with the
//! targets it holds for.

use std::borrow::Cow;

use super::{Target, compress_targets};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, SourceMap, Span};

/// What a rule found, merged over every target it holds for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's code (`MP001`), or a host rule's own (`APP001`).
    pub code: Cow<'static, str>,
    /// Severity after `allow`/`deny`.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// The key it is about (`multiprocessing.start_method`).
    pub key_path: String,
    /// The targets it holds for, sorted; empty for findings about the config
    /// itself, whatever the target.
    pub targets: Vec<Target>,
    /// Text under the underlined key.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
}

/// Adds `finding` to `findings`, or, when one of them says the same thing
/// (code, key, message, notes), adds its targets to that one: how a report
/// over many targets becomes one finding.
pub(crate) fn merge_into(findings: &mut Vec<Finding>, finding: Finding) {
    let same = findings.iter_mut().find(|f| {
        f.code == finding.code
            && f.key_path == finding.key_path
            && f.message == finding.message
            && f.notes == finding.notes
    });
    match same {
        Some(f) => f.targets.extend(finding.targets),
        None => findings.push(finding),
    }
}

impl Finding {
    /// A finding with no targets, label, help or notes: what a host's own
    /// rule (`#[mpconfig(validate_with = "…")]`) returns.
    ///
    /// ```
    /// use mpconfig_core::{Finding, Severity};
    ///
    /// let f = Finding::new("APP001", Severity::Warning, "too many workers", "workers")
    ///     .with_help("use at most 64");
    /// assert_eq!(f.code, "APP001");
    /// ```
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        severity: Severity,
        message: impl Into<String>,
        key_path: impl Into<String>,
    ) -> Self {
        Finding {
            code: code.into(),
            severity,
            message: message.into(),
            key_path: key_path.into(),
            targets: Vec::new(),
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Sets the text under the underlined key.
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

    /// The targets written compactly (`windows:3.8–3.14`).
    pub fn targets_display(&self) -> String {
        compress_targets(&self.targets).join(", ")
    }

    /// The finding as a diagnostic. With a file and its source map the
    /// diagnostic points at the key (or, for a default the file leaves out,
    /// at the nearest table that is there).
    pub fn to_diagnostic(&self, source: Option<(&SourceFile, &SourceMap)>) -> Diagnostic {
        let mut d = Diagnostic::new(self.severity, self.message.clone())
            .with_code(self.code.clone())
            .with_key_path(self.key_path.clone());
        d.help = self.help.clone();
        if let Some((file, map)) = source {
            match map.nearest(&self.key_path) {
                Some((path, entry)) => {
                    let span = entry.key.unwrap_or(entry.value);
                    d = d.with_location(file, span);
                    if path == self.key_path {
                        d.label = self.label.clone();
                    } else {
                        d.label = Some(format!(
                            "`{}` is not set here: its default applies",
                            self.key_path
                        ));
                    }
                }
                None => {
                    d = d.with_location(file, Span::new(0, 0));
                    d.label = Some(format!(
                        "`{}` is not set in this file: its default applies",
                        self.key_path
                    ));
                }
            }
        } else {
            d.label = self.label.clone();
        }
        if !self.targets.is_empty() {
            d.notes.push(format!("targets: {}", self.targets_display()));
        }
        d.notes.extend(self.notes.iter().cloned());
        d
    }
}
