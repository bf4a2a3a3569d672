//! The one decoder: a [`Node`] tree — from a TOML or JSON file with the
//! span of every key, from the JSON a parent host exported, or from any
//! serde deserializer ([`serde_bridge`], without spans) — to the model's
//! values, collecting every mistake rather than stopping at the first and
//! recording where each key stands. Every input gets the same wording.
//!
//! A type takes part by implementing [`Decode`]; a table by implementing
//! [`DecodeTable`] (the settings registry in `model` does that for every
//! table). The decoder knows nothing of the model's keys.

pub(crate) mod serde_bridge;
mod values;

use std::collections::HashSet;

use crate::codes::{LoadIssueKind, Severity};
use crate::diagnostic::Diagnostic;
use crate::syntax::{Node, NodeKind};
use crate::text::{SourceEntry, SourceFile, SourceMap, Span, did_you_mean, list, printable};

pub(crate) use values::decode_name;

/// A value the decoder can read from a [`Node`].
pub trait Decode: Sized {
    /// For a table, its keys (to say where a misplaced key belongs); empty
    /// for other values.
    const KEYS: &'static [&'static str] = &[];

    /// What an array of them holds, in "expected an array of …".
    const PLURAL: &'static str = "values";

    /// The value at `path`, or `None` (with the mistakes in `d`) when the
    /// node is not one; a table is decoded even with mistakes inside it.
    fn decode(d: &mut Decoder, node: &Node, path: &str) -> Option<Self>;
}

/// A table of keys, each with a default.
pub trait DecodeTable: Default {
    /// Every key, in declaration order.
    const TABLE_KEYS: &'static [&'static str];

    /// Decodes `value` into the field of `key`; `false` when the table has
    /// no such key.
    fn decode_key(&mut self, d: &mut Decoder, key: &str, value: &Node, path: &str) -> bool;
}

/// A table of the model ([`MultiprocessingConfig`](crate::MultiprocessingConfig),
/// [`InterpreterConfig`](crate::InterpreterConfig), …) that
/// [`load_table_str`](crate::load_table_str) can read on its own.
/// Implemented by the model's tables only.
pub trait Table: Decode + DecodeTable {}

/// Collects the mistakes and the source map of one decoding.
pub struct Decoder {
    /// The file spans point into; `None` for a decoding without spans.
    file: Option<SourceFile>,
    /// Tables and their keys, to say where a misplaced key belongs.
    tables: Vec<(&'static str, &'static [&'static str])>,
    pub issues: Vec<Diagnostic>,
    pub map: SourceMap,
}

impl Decoder {
    /// A decoder whose diagnostics point into `file`; `tables` name the
    /// document's tables and their keys.
    pub fn new(file: &SourceFile, tables: Vec<(&'static str, &'static [&'static str])>) -> Self {
        Decoder {
            file: Some(file.clone()),
            tables,
            issues: Vec::new(),
            map: SourceMap::default(),
        }
    }

    /// A decoder for a value that has no file (a serde deserializer's).
    pub fn spanless() -> Self {
        Decoder {
            file: None,
            tables: Vec::new(),
            issues: Vec::new(),
            map: SourceMap::default(),
        }
    }

    /// A mistake of `kind` about the text at `span`, at `path`; the caller
    /// adds label and help, then [`Decoder::push`]es it.
    pub fn issue(
        &self,
        kind: LoadIssueKind,
        message: String,
        span: Span,
        path: &str,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(kind, Severity::Error, message).with_key_path(path);
        if let Some(file) = &self.file {
            d = d.with_location(file, span);
        }
        d
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.issues.push(d);
    }

    /// Records where `path` stands.
    pub fn record(&mut self, path: String, key: Option<Span>, value: Span) {
        if self.file.is_some() {
            self.map.insert(path, SourceEntry { key, value });
        }
    }

    /// The value of a table: its known keys decoded, unknown and duplicate
    /// keys reported, a value that is not a table at all reported.
    pub fn table<T: DecodeTable>(&mut self, node: &Node, path: &str) -> Option<T> {
        let NodeKind::Table(entries) = &node.kind else {
            self.wrong_type(node, path, "a table");
            return None;
        };
        let mut value = T::default();
        // A set, not a list: a file with 100 000 keys must not take minutes.
        let mut seen: HashSet<&str> = HashSet::new();
        for entry in entries {
            if !seen.insert(&entry.key) {
                let issue = self
                    .issue(
                        LoadIssueKind::DuplicateKey,
                        format!("duplicate key `{}`", printable(&entry.key)),
                        entry.key_span,
                        &join(path, &printable(&entry.key)),
                    )
                    .with_label("defined again here");
                self.push(issue);
                continue;
            }
            let child = join(path, &entry.key);
            if value.decode_key(self, &entry.key, &entry.value, &child) {
                self.record(child, Some(entry.key_span), entry.value.span);
            } else {
                self.unknown_key(&entry.key, entry.key_span, path, T::TABLE_KEYS);
            }
        }
        Some(value)
    }

    fn unknown_key(&mut self, key: &str, span: Span, table: &str, known: &[&str]) {
        let where_ = match (table.is_empty(), self.file.is_some()) {
            (false, _) => format!(" in `[{table}]`"),
            (true, true) => " at the top level".to_owned(),
            (true, false) => String::new(),
        };
        let mut issue = self
            .issue(
                LoadIssueKind::UnknownKey,
                format!("unknown key `{}`{where_}", printable(key)),
                span,
                // Cut like in the message: `check --format json` prints the path.
                &join(table, &printable(key)),
            )
            .with_label("unknown key");
        if let Some(s) = did_you_mean(key, known) {
            issue = issue.with_help(format!("did you mean `{s}`?"));
        } else if let Some((home, k)) = self
            .tables
            .iter()
            .filter(|(t, _)| *t != table)
            .find_map(|(t, keys)| did_you_mean(key, keys).map(|k| (*t, k)))
        {
            issue = issue.with_help(format!("`{k}` belongs in the `[{home}]` table"));
        } else {
            issue = issue.with_help(format!("expected one of {}", list(known)));
        }
        self.push(issue);
    }

    /// Reports a value of the wrong type: "expected {expected}, found …".
    pub fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let found = node.kind.describe();
        let mut issue = self
            .issue(
                LoadIssueKind::WrongType,
                format!("invalid type for `{path}`: expected {expected}, found {found}"),
                node.span,
                path,
            )
            .with_label(format!("expected {expected}"));
        if let NodeKind::String(s) = &node.kind
            && expected == "a boolean"
            && matches!(s.as_str(), "true" | "false")
        {
            issue = issue.with_help(format!("write `{s}` without quotes"));
        }
        self.push(issue);
    }

    /// Reports a value of the right type that means nothing.
    pub fn invalid_value(
        &mut self,
        node: &Node,
        path: &str,
        message: String,
        label: &str,
        help: String,
    ) {
        let issue = self
            .issue(LoadIssueKind::InvalidValue, message, node.span, path)
            .with_label(label)
            .with_help(help);
        self.push(issue);
    }
}

/// `table.key`, or `key` at the top level.
pub(crate) fn join(table: &str, key: &str) -> String {
    if table.is_empty() {
        key.to_owned()
    } else {
        format!("{table}.{key}")
    }
}
