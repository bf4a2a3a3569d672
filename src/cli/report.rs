//! What `mpconfig check` collects over all files, and its JSON form.

use std::path::PathBuf;

use mpconfig::{Code, Diagnostic, Severity};
use serde_json::{Value, json};

/// Diagnostics of every file, with the targets each holds for.
#[derive(Default)]
pub struct Report {
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub targets: Vec<Vec<String>>,
    pub io_errors: Vec<(PathBuf, std::io::Error)>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic, targets: Vec<String>) {
        self.diagnostics.push(d);
        self.targets.push(targets);
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// `checked 2 files: 1 error, 3 warnings, 0 notes`.
    pub fn summary_line(&self) -> String {
        let n = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        format!(
            "checked {}: {}, {}, {}",
            n(self.files, "file"),
            n(self.count(Severity::Error), "error"),
            n(self.count(Severity::Warning), "warning"),
            n(self.count(Severity::Note), "note"),
        )
    }
}

/// `{"diagnostics": [...], "summary": {...}}`, documented in README.md.
pub fn json_report(report: &Report) -> String {
    let diagnostics: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(&report.targets)
        .map(|(d, targets)| {
            let lc = d.location.as_ref().map(|l| l.line_col());
            let end = d.location.as_ref().map(|l| l.file.line_col(l.span.end));
            let rule = match &d.code {
                Code::Rule(rule) => Some(rule),
                _ => None,
            };
            json!({
                "code": d.code,
                "name": rule.map(|r| r.name),
                "url": rule.map(|r| r.docs_url()),
                "severity": d.severity,
                "message": d.message,
                "file": d.location.as_ref().map(|l| l.file.name()),
                "line": lc.map(|lc| lc.line),
                "column": lc.map(|lc| lc.column),
                "end_line": end.map(|lc| lc.line),
                "end_column": end.map(|lc| lc.column),
                "key_path": d.key_path,
                "targets": targets,
                "help": d.help,
                "notes": d.shown_notes(),
            })
        })
        .collect();
    let io: Vec<Value> = report
        .io_errors
        .iter()
        .map(|(path, e)| json!({ "file": path.display().to_string(), "error": e.to_string() }))
        .collect();
    let value = json!({
        "diagnostics": diagnostics,
        "summary": {
            "files": report.files,
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "notes": report.count(Severity::Note),
            "io_errors": io,
        }
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
