//! Loading a host's own config struct, keeping the spans of its keys so that
//! mpconfig's diagnostics point into the host's file.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::node::{Node, NodeKind};
use super::{
    Format, InvalidConfig, LoadError, LoadIssue, LoadIssueKind, SourceEntry, SourceFile, SourceMap,
    Span, json, read_text, toml,
};
use crate::check::CheckOptions;
use crate::diagnostic::Diagnostic;
use crate::embed::{Bootstrap, check_host};
use crate::model::TargetSpec;

/// A host's own config, loaded with the spans of every key.
#[derive(Debug, Clone)]
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

impl<T: Bootstrap> LoadedAs<T> {
    /// mpconfig's rules and the host's own, as diagnostics pointing into the
    /// host's file (none = every target).
    pub fn check(&self, targets: &[TargetSpec]) -> Vec<Diagnostic> {
        self.check_with(targets, &CheckOptions::default())
    }

    /// [`check`](Self::check) with options.
    pub fn check_with(&self, targets: &[TargetSpec], options: &CheckOptions) -> Vec<Diagnostic> {
        check_host(&self.value, targets, options)
            .iter()
            .map(|f| f.to_diagnostic(Some((&self.source, &self.source_map))))
            .collect()
    }
}

/// Loads a host's own config struct from a TOML or JSON file.
///
/// ```
/// use mpconfig_core::{load_str_as, Format, StartMethod};
///
/// #[derive(serde::Deserialize)]
/// struct App {
///     workers: u32,
///     method: StartMethod,
/// }
///
/// let loaded = load_str_as::<App>("workers = 4\nmethod = \"spawn\"\n", Format::Toml, "app.toml").unwrap();
/// assert_eq!(loaded.value.method, StartMethod::Spawn);
/// assert_eq!(loaded.source.line_col(loaded.source_map.get("method").unwrap().key.unwrap().start).to_string(), "2:1");
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
    let parsed = match format {
        Format::Toml => toml::parse(source.text()),
        Format::Json => json::parse(&source),
    };
    let root = parsed.map_err(|issue| invalid(&source, issue))?;
    let mut source_map = SourceMap::default();
    collect(&root, "", &mut source_map);
    let value = match format {
        Format::Toml => ::toml::from_str::<T>(source.text()).map_err(|e| {
            let span = e.span().map(Span::from).unwrap_or_default();
            invalid(
                &source,
                LoadIssue::new(LoadIssueKind::Deserialize, e.message().trim_end(), span),
            )
        })?,
        Format::Json => serde_json::from_str::<T>(source.text()).map_err(|e| {
            let span = json::offset_of(&source, e.line(), e.column());
            invalid(
                &source,
                LoadIssue::new(LoadIssueKind::Deserialize, json::strip_position(&e), span),
            )
        })?,
    };
    Ok(LoadedAs {
        value,
        source,
        source_map,
        format,
    })
}

fn invalid(source: &SourceFile, issue: LoadIssue) -> LoadError {
    LoadError::Invalid(InvalidConfig {
        source: source.clone(),
        issues: vec![issue],
    })
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
