//! [`Node`] tree → [`Config`], collecting every mistake rather than stopping
//! at the first, and recording where each key stands.

use std::collections::HashSet;
use std::str::FromStr;

use super::node::{Entry, Node, NodeKind};
use super::suggest::did_you_mean;
use super::{LoadIssue, LoadIssueKind, SourceEntry, SourceMap};
use crate::check::{RULES, rule};
use crate::model::{
    Apply, CheckConfig, Config, Executable, HostConfig, InterpreterConfig, MultiprocessingConfig,
    Os, StartMethod, TargetError, TargetSpec,
};

const ROOT_KEYS: &[&str] = &["$schema", "multiprocessing", "interpreter", "check", "host"];
const MULTIPROCESSING_KEYS: &[&str] = &[
    "start_method",
    "auto_dispatch",
    "sys_frozen",
    "executable",
    "forkserver_preload",
    "apply",
];
const INTERPRETER_KEYS: &[&str] = &["isolated", "site"];
const CHECK_KEYS: &[&str] = &["targets", "allow", "deny"];
const HOST_KEYS: &[&str] = &["multithreaded"];

/// Each table and the keys it holds, to say where a misplaced key belongs.
const TABLES: &[(&str, &[&str])] = &[
    ("multiprocessing", MULTIPROCESSING_KEYS),
    ("interpreter", INTERPRETER_KEYS),
    ("check", CHECK_KEYS),
    ("host", HOST_KEYS),
];

pub(crate) struct Decoder {
    pub issues: Vec<LoadIssue>,
    pub map: SourceMap,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            issues: Vec::new(),
            map: SourceMap::default(),
        }
    }

    pub fn config(&mut self, root: &Node) -> Config {
        let mut config = Config::default();
        for entry in self.table(root, "", ROOT_KEYS) {
            let path = entry.key.clone();
            let v = &entry.value;
            match entry.key.as_str() {
                "$schema" => config.schema = self.string(v, &path),
                "multiprocessing" => config.multiprocessing = self.multiprocessing(v, &path),
                "interpreter" => config.interpreter = self.interpreter(v, &path),
                "check" => config.check = self.check(v, &path),
                "host" => config.host = self.host(v, &path),
                _ => unreachable!("table() yields known keys only"),
            }
        }
        config
    }

    fn multiprocessing(&mut self, node: &Node, table: &str) -> MultiprocessingConfig {
        let mut mp = MultiprocessingConfig::default();
        for entry in self.table(node, table, MULTIPROCESSING_KEYS) {
            let path = format!("{table}.{}", entry.key);
            let v = &entry.value;
            match entry.key.as_str() {
                "start_method" => set(
                    &mut mp.start_method,
                    self.name(v, &path, "start method", &StartMethod::NAMES),
                ),
                "auto_dispatch" => set(&mut mp.auto_dispatch, self.bool(v, &path)),
                "sys_frozen" => set(&mut mp.sys_frozen, self.bool(v, &path)),
                "executable" => set(&mut mp.executable, self.executable(v, &path)),
                "forkserver_preload" => set(&mut mp.forkserver_preload, self.strings(v, &path)),
                "apply" => set(
                    &mut mp.apply,
                    self.name(v, &path, "apply mode", &Apply::NAMES),
                ),
                _ => unreachable!("table() yields known keys only"),
            }
        }
        mp
    }

    fn interpreter(&mut self, node: &Node, table: &str) -> InterpreterConfig {
        let mut interp = InterpreterConfig::default();
        for entry in self.table(node, table, INTERPRETER_KEYS) {
            let path = format!("{table}.{}", entry.key);
            let v = &entry.value;
            match entry.key.as_str() {
                "isolated" => set(&mut interp.isolated, self.bool(v, &path)),
                "site" => set(&mut interp.site, self.bool(v, &path)),
                _ => unreachable!("table() yields known keys only"),
            }
        }
        interp
    }

    fn check(&mut self, node: &Node, table: &str) -> CheckConfig {
        let mut check = CheckConfig::default();
        for entry in self.table(node, table, CHECK_KEYS) {
            let path = format!("{table}.{}", entry.key);
            match entry.key.as_str() {
                "targets" => check.targets = self.targets(&entry.value, &path),
                "allow" => check.allow = self.rule_codes(&entry.value, &path),
                "deny" => check.deny = self.rule_codes(&entry.value, &path),
                _ => unreachable!("table() yields known keys only"),
            }
        }
        check
    }

    fn host(&mut self, node: &Node, table: &str) -> HostConfig {
        let mut host = HostConfig::default();
        for entry in self.table(node, table, HOST_KEYS) {
            let path = format!("{table}.{}", entry.key);
            if entry.key == "multithreaded" {
                set(&mut host.multithreaded, self.bool(&entry.value, &path));
            }
        }
        host
    }

    /// The known entries of a table; reports unknown and duplicate keys, and
    /// a value that is not a table at all.
    fn table<'n>(&mut self, node: &'n Node, path: &str, known: &[&str]) -> Vec<&'n Entry> {
        let NodeKind::Table(entries) = &node.kind else {
            self.wrong_type(node, path, "a table");
            return Vec::new();
        };
        // A set, not a list: a file with 100 000 keys must not take minutes.
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for entry in entries {
            let child = join(path, &entry.key);
            if !seen.insert(&entry.key) {
                self.issues.push(
                    LoadIssue::new(
                        LoadIssueKind::DuplicateKey,
                        format!("duplicate key `{}`", printable(&entry.key)),
                        entry.key_span,
                    )
                    .path(join(path, &printable(&entry.key)))
                    .label("defined again here"),
                );
                continue;
            }
            if known.contains(&entry.key.as_str()) {
                self.map.insert(
                    child,
                    SourceEntry {
                        key: Some(entry.key_span),
                        value: entry.value.span,
                    },
                );
                out.push(entry);
            } else {
                self.unknown_key(entry, path, known);
            }
        }
        out
    }

    fn unknown_key(&mut self, entry: &Entry, table: &str, known: &[&str]) {
        let where_ = if table.is_empty() {
            "at the top level".to_owned()
        } else {
            format!("in `[{table}]`")
        };
        let mut issue = LoadIssue::new(
            LoadIssueKind::UnknownKey,
            format!("unknown key `{}` {where_}", printable(&entry.key)),
            entry.key_span,
        )
        // Cut like in the message: `check --format json` prints the path.
        .path(join(table, &printable(&entry.key)))
        .label("unknown key");
        if let Some(s) = did_you_mean(&entry.key, known) {
            issue = issue.help(format!("did you mean `{s}`?"));
        } else if let Some((home, key)) = TABLES
            .iter()
            .filter(|(t, _)| *t != table)
            .find_map(|(t, keys)| did_you_mean(&entry.key, keys).map(|k| (*t, k)))
        {
            issue = issue.help(format!("`{key}` belongs in the `[{home}]` table"));
        } else {
            issue = issue.help(format!("expected one of {}", list(known)));
        }
        self.issues.push(issue);
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let found = node.kind.describe();
        let mut issue = LoadIssue::new(
            LoadIssueKind::WrongType,
            format!("invalid type for `{path}`: expected {expected}, found {found}"),
            node.span,
        )
        .path(path)
        .label(format!("expected {expected}"));
        if let NodeKind::String(s) = &node.kind
            && expected == "a boolean"
            && matches!(s.as_str(), "true" | "false")
        {
            issue = issue.help(format!("write `{s}` without quotes"));
        }
        self.issues.push(issue);
    }

    fn bool(&mut self, node: &Node, path: &str) -> Option<bool> {
        match node.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, path, "a boolean");
                None
            }
        }
    }

    fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.kind {
            NodeKind::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    /// A string naming one value of an enum (`what`: "start method").
    fn name<T: FromStr>(
        &mut self,
        node: &Node,
        path: &str,
        what: &str,
        names: &[&str],
    ) -> Option<T> {
        let expected = format!("a string, one of {}", list(names));
        let NodeKind::String(s) = &node.kind else {
            self.wrong_type(node, path, &expected);
            return None;
        };
        if let Ok(v) = s.parse() {
            return Some(v);
        }
        let mut issue = LoadIssue::new(
            LoadIssueKind::InvalidValue,
            format!("unknown {what} `{}`", printable(s)),
            node.span,
        )
        .path(path)
        .label(format!("unknown {what}"));
        issue = match did_you_mean(s, names) {
            Some(c) => issue.help(format!(
                "did you mean `{c}`? expected one of {}",
                list(names)
            )),
            None => issue.help(format!("expected one of {}", list(names))),
        };
        self.issues.push(issue);
        None
    }

    fn executable(&mut self, node: &Node, path: &str) -> Option<Executable> {
        let s = self.string(node, path)?;
        match s.parse() {
            Ok(e) => Some(e),
            Err(e) => {
                self.issues.push(
                    LoadIssue::new(LoadIssueKind::InvalidValue, e.to_string(), node.span)
                        .path(path)
                        .label("empty")
                        .help("write \"host\" for the host binary, \"python\" for a real interpreter, or an absolute path"),
                );
                None
            }
        }
    }

    fn array<'n>(&mut self, node: &'n Node, path: &str, expected: &str) -> Option<&'n [Node]> {
        match &node.kind {
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.map.insert(
                        format!("{path}[{i}]"),
                        SourceEntry {
                            key: None,
                            value: item.span,
                        },
                    );
                }
                Some(items)
            }
            _ => {
                self.wrong_type(node, path, expected);
                None
            }
        }
    }

    fn strings(&mut self, node: &Node, path: &str) -> Option<Vec<String>> {
        let items = self.array(node, path, "an array of strings")?;
        let mut ok = true;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match self.string(item, &format!("{path}[{i}]")) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn rule_codes(&mut self, node: &Node, path: &str) -> Vec<String> {
        let Some(items) = self.array(node, path, "an array of rule codes") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let Some(s) = self.string(item, &item_path) else {
                continue;
            };
            if rule(&s).is_some() {
                out.push(s);
                continue;
            }
            let names: Vec<&str> = RULES.iter().flat_map(|r| [r.code, r.name]).collect();
            let help = match did_you_mean(&s, &names) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "`mpconfig explain --list` lists every rule".to_owned(),
            };
            self.issues.push(
                LoadIssue::new(
                    LoadIssueKind::InvalidValue,
                    format!("unknown rule `{}`", printable(&s)),
                    item.span,
                )
                .path(item_path)
                .label("unknown rule")
                .help(help),
            );
        }
        out
    }

    fn targets(&mut self, node: &Node, path: &str) -> Vec<TargetSpec> {
        let Some(items) = self.array(node, path, "an array of target strings") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{i}]");
            let Some(s) = self.string(item, &item_path) else {
                continue;
            };
            match s.parse::<TargetSpec>() {
                Ok(t) => out.push(t),
                Err(e) => {
                    let help = match &e {
                        TargetError::UnknownOs(os) => match did_you_mean(os, &Os::NAMES) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => "write `OS` or `OS:3.X` with OS one of linux, macos, macos-framework, windows, or a Rust target triple".to_owned(),
                        },
                        TargetError::BadVersion(_) => "write the version as `3.X`, e.g. \"linux:3.12\"".to_owned(),
                        TargetError::UnsupportedVersion(_) => "leave the version out to mean every supported version, 3.8 … 3.14".to_owned(),
                    };
                    // The error quotes the text again: escaped and cut too.
                    let e = match e {
                        TargetError::UnknownOs(os) => TargetError::UnknownOs(printable(&os)),
                        TargetError::BadVersion(v) => TargetError::BadVersion(printable(&v)),
                        other => other,
                    };
                    self.issues.push(
                        LoadIssue::new(
                            LoadIssueKind::InvalidValue,
                            format!("invalid target `{}`: {e}", printable(&s)),
                            item.span,
                        )
                        .path(item_path)
                        .label("invalid target")
                        .help(help),
                    );
                }
            }
        }
        out
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn join(table: &str, key: &str) -> String {
    if table.is_empty() {
        key.to_owned()
    } else {
        format!("{table}.{key}")
    }
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A user string as shown in a message: escaped, and cut when long (a 10 MB
/// key must not become a 10 MB message).
fn printable(s: &str) -> String {
    const MAX: usize = 60;
    let escaped: String = s.escape_debug().collect();
    if escaped.chars().count() <= MAX {
        escaped
    } else {
        let cut: String = escaped.chars().take(MAX).collect();
        format!("{cut}…")
    }
}
