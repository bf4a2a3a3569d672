//! A host run against python3, test by test: which failures are the
//! host's own, and which of those the committed list explains.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::host_support::root;
use super::run::{Results, Verdict};

/// The committed list: tests that fail in the strict host (python_cli off)
/// and pass under python3, each with the reason.
pub const LIST: &str = "tests/cpython_suite/host_only.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    #[serde(default)]
    test: Vec<Entry>,
}

/// One entry of [`LIST`].
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `Class.method`.
    pub id: String,
    /// Why it fails in the host and not under python3.
    pub why: String,
    /// The CPython versions (`3.13`) it applies to; every one if empty.
    #[serde(default)]
    pub versions: Vec<String>,
    /// The start methods it applies to; every one if empty.
    #[serde(default)]
    pub methods: Vec<String>,
}

impl Entry {
    fn applies(&self, version: &str, method: &str) -> bool {
        (self.versions.is_empty() || self.versions.iter().any(|v| v == version))
            && (self.methods.is_empty() || self.methods.iter().any(|m| m == method))
    }
}

/// Reads [`LIST`]; panics (failing the suite) when it is malformed.
pub fn load_list() -> Vec<Entry> {
    let path = root().join(LIST);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{LIST}: {e}"));
    let file: ListFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{LIST}: {e}"));
    for entry in &file.test {
        assert!(
            !entry.why.trim().is_empty() && entry.id.contains('.'),
            "{LIST}: every entry needs an id `Class.method` and a reason: {entry:?}"
        );
    }
    file.test
}

/// What became of a test that failed in the host's full run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Fails in the host (again when run alone) and not under python3:
    /// with the list's reason if it has one.
    HostOnly { listed: Option<String> },
    /// Passed when the host ran it alone.
    Flaky,
    /// Fails under python3 too.
    PythonFails,
    /// In the list for this version and method, yet passed in the host.
    Stale { listed: String },
}

/// The comparison for one version × method × mode.
#[derive(Debug, Default)]
pub struct Comparison {
    pub findings: BTreeMap<String, (Finding, String)>,
}

impl Comparison {
    /// Compares `host` (the full run) with `host_alone` and `python` (the
    /// host's failures run alone in the host and under python3, or
    /// python3's full run); `list` applies when it is given (the strict
    /// host).
    pub fn new(
        host: &Results,
        host_alone: &Results,
        python: &Results,
        list: Option<(&[Entry], &str, &str)>,
    ) -> Comparison {
        let listed = |test: &str| {
            list.and_then(|(entries, version, method)| {
                entries
                    .iter()
                    .find(|e| e.id == test && e.applies(version, method))
                    .map(|e| e.why.clone())
            })
        };
        let mut findings = BTreeMap::new();
        for (test, outcome) in &host.tests {
            if !outcome.verdict.failed() {
                continue;
            }
            let python_failed = python.tests.get(test).is_some_and(|t| t.verdict.failed());
            // Skipped alone (a test that depends on what ran before it):
            // the full run's failure stands.
            let alone_failed = host_alone
                .tests
                .get(test)
                .is_none_or(|t| t.verdict.failed() || t.verdict == Verdict::Skip);
            let finding = if python_failed {
                Finding::PythonFails
            } else if !alone_failed {
                Finding::Flaky
            } else {
                Finding::HostOnly {
                    listed: listed(test),
                }
            };
            findings.insert(test.clone(), (finding, tail(&outcome.detail, 25)));
        }
        if let Some((entries, version, method)) = list {
            for entry in entries.iter().filter(|e| e.applies(version, method)) {
                let passed = host
                    .tests
                    .get(&entry.id)
                    .is_some_and(|t| !t.verdict.failed() && t.verdict != Verdict::Skip);
                if passed {
                    findings.insert(
                        entry.id.clone(),
                        (
                            Finding::Stale {
                                listed: entry.why.clone(),
                            },
                            String::new(),
                        ),
                    );
                }
            }
        }
        Comparison { findings }
    }

    /// Host-only failures (listed or not).
    pub fn host_only(&self) -> impl Iterator<Item = (&String, Option<&String>)> {
        self.findings.iter().filter_map(|(t, (f, _))| match f {
            Finding::HostOnly { listed } => Some((t, listed.as_ref())),
            _ => None,
        })
    }

    pub fn count(&self, want: fn(&Finding) -> bool) -> usize {
        self.findings.values().filter(|(f, _)| want(f)).count()
    }

    /// What fails the suite: an unlisted host-only failure, or a stale
    /// entry of the list.
    pub fn problems(&self) -> Vec<String> {
        self.findings
            .iter()
            .filter_map(|(test, (finding, detail))| match finding {
                Finding::HostOnly { listed: None } => Some(format!(
                    "{test}: fails in the host, passes under python3 (not in {LIST}):\n{detail}"
                )),
                Finding::Stale { listed } => Some(format!(
                    "{test}: in {LIST} ({listed}) but passed in the host: remove the entry"
                )),
                _ => None,
            })
            .collect()
    }
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
