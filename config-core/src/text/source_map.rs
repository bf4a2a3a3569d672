//! Where each key of a loaded config stands in its file.

use std::collections::BTreeMap;

use super::Span;

/// Where one key and its value stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceEntry {
    /// The key (`start_method` in `start_method = "fork"`); `None` for array
    /// items, which have no key.
    pub key: Option<Span>,
    /// The value.
    pub value: Span,
}

/// Key paths → spans, for every key and array item the file contains.
///
/// Paths are dotted, with `[i]` for array items: `multiprocessing`,
/// `multiprocessing.start_method`, `check.targets[1]`.
///
/// ```
/// use mpconfig_core::{load_str, Format};
///
/// let text = "[check]\ntargets = [\"linux\", \"windows\"]\n";
/// let loaded = load_str(text, Format::Toml, "app.toml").unwrap();
/// let item = loaded.source_map.get("check.targets[1]").unwrap();
/// assert_eq!(&text[item.value.range()], "\"windows\"");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    entries: BTreeMap<String, SourceEntry>,
}

impl SourceMap {
    pub(crate) fn insert(&mut self, path: String, entry: SourceEntry) {
        self.entries.insert(path, entry);
    }

    /// The entry at exactly this path.
    pub fn get(&self, path: &str) -> Option<&SourceEntry> {
        self.entries.get(path)
    }

    /// The entry at this path, or at its nearest ancestor present in the file
    /// (a default that was not written is reported at its table), with the
    /// path that matched.
    pub fn nearest(&self, path: &str) -> Option<(&str, &SourceEntry)> {
        let mut p = path;
        loop {
            if let Some((k, e)) = self.entries.get_key_value(p) {
                return Some((k.as_str(), e));
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// The span a diagnostic about `path` should underline: the key where
    /// there is one, else the value.
    pub fn key_span(&self, path: &str) -> Option<Span> {
        self.nearest(path).map(|(_, e)| e.key.unwrap_or(e.value))
    }

    /// The span of the value at `path` (or its nearest ancestor).
    pub fn value_span(&self, path: &str) -> Option<Span> {
        self.nearest(path).map(|(_, e)| e.value)
    }

    /// Every path with its entry, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &SourceEntry)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}
