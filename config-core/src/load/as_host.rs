//! Loading a host's own config struct, keeping the spans of its keys so that
//! mpconfig's diagnostics point into the host's file.
//!
//! serde reads the host's struct; the model's values inside it (a
//! `StartMethod`, a flattened `MultiprocessingConfig` …) deserialize
//! through the one decoder. When one of them is wrong, serde stops at it
//! and says where; its node in the file's tree is then decoded again with
//! spans, so every mistake in that value is reported at its key, in the
//! words `mpconfig check` uses.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::{InvalidConfig, LoadError, read_text, syntax_error};
use crate::codes::{LoadIssueKind, Severity};
use crate::decode::Decoder;
use crate::decode::serde_bridge::{Redecode, watching};
use crate::diagnostic::Diagnostic;
use crate::syntax::{Format, Node, NodeKind, offset_of, parse, strip_position};
use crate::text::{SourceEntry, SourceFile, SourceMap, Span};

/// A host's own config, loaded with the spans of every key.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoadedAs<T> {
    /// The host's struct, as serde deserialized it.
    pub value: T,
    /// The file as read.
    pub source: SourceFile,
    /// Every key path in the file → its spans.
    pub source_map: SourceMap,
    /// The format it was parsed as.
    pub format: Format,
}

/// Loads a host's own config struct from a TOML or JSON file.
///
/// ```
/// use mpconfig_core::{load_str_as, Format, StartMethod};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct App {
///     workers: u32,
///     method: StartMethod,
/// }
///
/// let loaded = load_str_as::<App>("workers = 4\nmethod = \"spawn\"\n", Format::Toml, "app.toml").unwrap();
/// assert_eq!(loaded.value.method, StartMethod::Spawn);
/// assert_eq!(loaded.source.line_col(loaded.source_map.get("method").unwrap().key.unwrap().start).to_string(), "2:1");
///
/// // mpconfig's values are read by mpconfig's decoder, in its words, at their key.
/// let err = load_str_as::<App>("workers = 4\nmethod = \"spwan\"\n", Format::Toml, "app.toml").unwrap_err();
/// assert_eq!(err.to_string(), "app.toml:2:10: error: unknown start method `spwan`");
/// ```
pub fn load_as<T: DeserializeOwned>(path: impl AsRef<Path>) -> Result<LoadedAs<T>, LoadError> {
    let (text, format, name) = read_text(path.as_ref())?;
    load_str_as(&text, format, &name)
}

/// [`load_as`] from text; `name` is what messages call the file.
pub fn load_str_as<T: DeserializeOwned>(
    text: &str,
    format: Format,
    name: &str,
) -> Result<LoadedAs<T>, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceFile::new(name, text);
    let root = parse(&source, format).map_err(|e| LoadError::Invalid(syntax_error(&source, e)))?;
    let mut source_map = SourceMap::default();
    collect(&root, "", &mut source_map);
    let (result, failed) = watching(|| match format {
        Format::Toml => ::toml::from_str::<T>(source.text()).map_err(|e| {
            let span = e.span().map(Span::from).unwrap_or_default();
            (e.message().trim_end().to_owned(), span, Found::Span)
        }),
        Format::Json => serde_json::from_str::<T>(source.text()).map_err(|e| {
            let span = offset_of(&source, e.line(), e.column());
            (strip_position(&e), span, Found::EndingAt)
        }),
    });
    let (message, span, found) = match result {
        Ok(value) => {
            return Ok(LoadedAs {
                value,
                source,
                source_map,
                format,
            });
        }
        Err(e) => e,
    };
    if let Some(issues) = failed.and_then(|redecode| again(&source, &root, span, found, redecode)) {
        return Err(LoadError::Invalid(InvalidConfig::new(source, issues)));
    }
    let issue = Diagnostic::new(LoadIssueKind::Deserialize, Severity::Error, message)
        .with_location(&source, span);
    Err(LoadError::Invalid(InvalidConfig::new(source, vec![issue])))
}

/// How serde's position names the value it failed on.
#[derive(Clone, Copy)]
enum Found {
    /// `toml`: the value's span.
    Span,
    /// `serde_json`: the value's last character.
    EndingAt,
}

/// The failed model value's node decoded again with spans: its issues.
fn again(
    source: &SourceFile,
    root: &Node,
    span: Span,
    found: Found,
    redecode: Redecode,
) -> Option<Vec<Diagnostic>> {
    let is_it = |n: &Node| match found {
        Found::Span => n.span == span,
        Found::EndingAt => n.span.end == span.end && n.span.start <= span.start,
    };
    let (path, node) = find(root, String::new(), &is_it)?;
    let mut d = Decoder::new(source, Vec::new());
    redecode(&mut d, node, &path);
    (!d.issues.is_empty()).then_some(d.issues)
}

/// The deepest node `is_it` holds for, with its key path.
fn find<'n>(
    node: &'n Node,
    path: String,
    is_it: &dyn Fn(&Node) -> bool,
) -> Option<(String, &'n Node)> {
    let deeper = match &node.kind {
        NodeKind::Table(entries) => entries.iter().find_map(|e| {
            let child = if path.is_empty() {
                e.key.clone()
            } else {
                format!("{path}.{}", e.key)
            };
            find(&e.value, child, is_it)
        }),
        NodeKind::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find(item, format!("{path}[{i}]"), is_it)),
        _ => None,
    };
    deeper.or_else(|| is_it(node).then_some((path, node)))
}

/// Records every key and array item under `prefix`.
fn collect(node: &Node, prefix: &str, map: &mut SourceMap) {
    match &node.kind {
        NodeKind::Table(entries) => {
            for e in entries {
                let path = if prefix.is_empty() {
                    e.key.clone()
                } else {
                    format!("{prefix}.{}", e.key)
                };
                map.insert(
                    path.clone(),
                    SourceEntry {
                        key: Some(e.key_span),
                        value: e.value.span,
                    },
                );
                collect(&e.value, &path, map);
            }
        }
        NodeKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let path = format!("{prefix}[{i}]");
                map.insert(
                    path.clone(),
                    SourceEntry {
                        key: None,
                        value: item.span,
                    },
                );
                collect(item, &path, map);
            }
        }
        _ => {}
    }
}
