//! [`Diagnostic`]: everything mpconfig tells a user about a config — a
//! mistake that keeps it from loading, a rule's finding over the targets it
//! holds for, a host's own rule — one type, one builder, rendered like
//! rustc ([`render`]).

mod render;

use std::fmt;

use crate::codes::{Code, Severity};
use crate::platform::{Target, compress_targets};
use crate::text::{LineCol, SourceFile, SourceMap, Span};

pub use render::{RenderOptions, render};

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

/// One thing to tell the user: a code, a severity, a one-line message and
/// what places it (a key path, the targets it holds for, a span in a file),
/// with an optional label under the underlined text, help and notes.
///
/// ```
/// use mpconfig_core::{Diagnostic, Severity};
///
/// let d = Diagnostic::new("APP001", Severity::Error, "too many workers")
///     .with_key_path("workers")
///     .with_help("use at most 64");
/// assert_eq!(d.code, "APP001");
/// assert_eq!(d.to_string(), "error[APP001]: too many workers");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// A rule (`MP001`), a load mistake (`unknown-key`) or a host's own code.
    pub code: Code,
    /// How serious it is (a rule's, after `allow`/`deny`).
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// The dotted key path it is about (`multiprocessing.start_method`).
    pub key_path: Option<String>,
    /// The targets it holds for, sorted; empty for diagnostics about the
    /// config whatever the target.
    pub targets: Vec<Target>,
    /// The place in a file, when there is one.
    pub location: Option<Location>,
    /// Text shown under the underlined source.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with a code, a severity and a message, and nothing else.
    pub fn new(code: impl Into<Code>, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.into(),
            severity,
            message: message.into(),
            key_path: None,
            targets: Vec::new(),
            location: None,
            label: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// Sets the key path.
    pub fn with_key_path(mut self, path: impl Into<String>) -> Self {
        self.key_path = Some(path.into());
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

    /// Adds targets it holds for.
    pub fn with_targets(mut self, targets: impl IntoIterator<Item = Target>) -> Self {
        self.targets.extend(targets);
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

    /// The span, when the diagnostic has a place.
    pub fn span(&self) -> Option<Span> {
        self.location.as_ref().map(|l| l.span)
    }

    /// `file:line:col`, when the diagnostic has a place.
    pub fn position(&self) -> Option<String> {
        self.location
            .as_ref()
            .map(|l| format!("{}:{}", l.file.name(), l.line_col()))
    }

    /// The targets written compactly (`windows:3.8–3.15`).
    pub fn targets_display(&self) -> String {
        compress_targets(&self.targets).join(", ")
    }

    /// The notes as shown: `targets: …` first when there are targets, then
    /// [`Diagnostic::notes`].
    pub fn shown_notes(&self) -> Vec<String> {
        let targets =
            (!self.targets.is_empty()).then(|| format!("targets: {}", self.targets_display()));
        targets
            .into_iter()
            .chain(self.notes.iter().cloned())
            .collect()
    }

    /// Places the diagnostic in `file` at its key, found in `map`: the key
    /// where the file has it, else the nearest table that is there (a
    /// default the file leaves out is reported at its table, with a label
    /// saying so), else the start of the file.
    ///
    /// ```
    /// use mpconfig_core::{check, load_str, CheckOptions, Format};
    ///
    /// let text = "[multiprocessing]\nstart_method = \"fork\"\n";
    /// let loaded = load_str(text, Format::Toml, "app.toml").unwrap();
    /// let d = check(&loaded.config, &CheckOptions::default()).remove(0);
    /// let d = d.locate(&loaded.source, &loaded.source_map);
    /// assert_eq!(d.position().as_deref(), Some("app.toml:2:1"));
    /// ```
    pub fn locate(mut self, file: &SourceFile, map: &SourceMap) -> Diagnostic {
        let path = self.key_path.clone().unwrap_or_default();
        match map.nearest(&path) {
            Some((found, entry)) => {
                let span = entry.key.unwrap_or(entry.value);
                if found != path {
                    self.label = Some(format!("`{path}` is not set here: its default applies"));
                }
                self.with_location(file, span)
            }
            None => {
                self.label = Some(format!(
                    "`{path}` is not set in this file: its default applies"
                ));
                self.with_location(file, Span::new(0, 0))
            }
        }
    }
}

/// `severity[code]: message` — one line, no source; a load mistake's kind
/// is not shown as a code.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code.is_shown() {
            write!(f, "{}[{}]: {}", self.severity, self.code, self.message)
        } else {
            write!(f, "{}: {}", self.severity, self.message)
        }
    }
}

/// Adds `d` to `all`, or, when one of them says the same thing (code, key,
/// message, notes), adds its targets to that one: how a report over many
/// targets becomes one diagnostic.
pub(crate) fn merge_into(all: &mut Vec<Diagnostic>, d: Diagnostic) {
    let same = all.iter_mut().find(|f| {
        f.code == d.code && f.key_path == d.key_path && f.message == d.message && f.notes == d.notes
    });
    match same {
        Some(f) => f.targets.extend(d.targets),
        None => all.push(d),
    }
}
