//! The module graph of a crate, read from its sources, to check the
//! layering: which module uses which, and whether sibling modules use each
//! other in a cycle.
//!
//! A module's uses are every `use` declaration and every inline path that
//! starts with `crate::`, `$crate::`, `super::` or `self::`, resolved
//! through the `pub use` re-exports of the modules on the way to the module
//! that defines the item. A use of a module inside a sibling (or of an
//! item one of its modules defines) is an edge between the two siblings;
//! a use of an ancestor's own items is not. Comments, string literals and
//! `#[cfg(test)]` modules are skipped: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root: `["load", "as_host"]`.
pub type ModPath = Vec<String>;

/// One crate's modules: each module's file and the paths its code names.
#[derive(Debug, Default)]
pub struct Crate {
    /// Module → its source file.
    pub files: BTreeMap<ModPath, PathBuf>,
    /// Module → `pub use` re-exports in it: name → absolute target path.
    reexports: BTreeMap<ModPath, BTreeMap<String, ModPath>>,
    /// Module → absolute paths its code names.
    uses: BTreeMap<ModPath, Vec<ModPath>>,
}

impl Crate {
    /// Reads the crate whose root file is `root` (`src/lib.rs`).
    pub fn read(root: &Path) -> Crate {
        let mut krate = Crate::default();
        krate.add(Vec::new(), root);
        krate
    }

    fn add(&mut self, path: ModPath, file: &Path) {
        let text = strip(&std::fs::read_to_string(file).unwrap_or_default());
        let dir = if file
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs")
        {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        let children = child_modules(&text);
        for child in &children {
            let a = dir.join(format!("{child}.rs"));
            let b = dir.join(child).join("mod.rs");
            let found = if a.exists() { a } else { b };
            if found.exists() {
                let mut p = path.clone();
                p.push(child.clone());
                self.add(p, &found);
            }
        }
        let mut uses = Vec::new();
        let mut reexports = BTreeMap::new();
        for (public, tree) in use_trees(&text) {
            for (name, mut target) in expand(&tree) {
                // `use child::x` names a child module of this one.
                if target.first().is_some_and(|f| children.contains(f)) {
                    target.insert(0, "self".to_owned());
                }
                if let Some(abs) = absolute(&path, &target) {
                    if public && name != "*" {
                        reexports.insert(name, abs.clone());
                    }
                    uses.push(abs);
                }
            }
        }
        uses.extend(
            inline_paths(&text)
                .iter()
                .filter_map(|p| absolute(&path, p)),
        );
        self.files.insert(path.clone(), file.to_path_buf());
        self.reexports.insert(path.clone(), reexports);
        self.uses.insert(path, uses);
    }

    /// The module that defines what `target` names, re-exports followed.
    fn resolve(&self, target: &[String], depth: usize) -> ModPath {
        let mut at: ModPath = Vec::new();
        for (i, seg) in target.iter().enumerate() {
            let mut child = at.clone();
            child.push(seg.clone());
            if self.files.contains_key(&child) {
                at = child;
                continue;
            }
            if depth < 16
                && let Some(to) = self.reexports.get(&at).and_then(|r| r.get(seg))
                && to.as_slice() != target
            {
                let mut rest = to.clone();
                rest.extend(target[i + 1..].iter().cloned());
                return self.resolve(&rest, depth + 1);
            }
            break;
        }
        at
    }

    /// Sibling edges: for every pair of modules with one parent, whether
    /// the first (or anything in it) uses the second.
    pub fn edges(&self) -> BTreeSet<(ModPath, ModPath)> {
        let mut edges = BTreeSet::new();
        for (from, uses) in &self.uses {
            for target in uses {
                let to = self.resolve(target, 0);
                let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
                if common < from.len() && common < to.len() {
                    edges.insert((from[..=common].to_vec(), to[..=common].to_vec()));
                }
            }
        }
        edges
    }

    /// Every cycle among siblings, as the modules in it.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        let edges = self.edges();
        let nodes: BTreeSet<&ModPath> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
        let reach = |from: &ModPath| -> BTreeSet<ModPath> {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.clone()];
            while let Some(n) = stack.pop() {
                for (a, b) in &edges {
                    if *a == n && seen.insert(b.clone()) {
                        stack.push(b.clone());
                    }
                }
            }
            seen
        };
        let mut cycles: BTreeSet<Vec<String>> = BTreeSet::new();
        for n in nodes {
            let from_n = reach(n);
            if from_n.contains(n) {
                let members: Vec<String> = from_n
                    .iter()
                    .filter(|m| reach(m).contains(n))
                    .map(|m| m.join("::"))
                    .collect();
                cycles.insert(members);
            }
        }
        cycles.into_iter().collect()
    }
}

/// The text without comments, string and char literals, and
/// `#[cfg(test)] mod … { … }` blocks.
fn strip(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |j| j + 2);
        } else if let Some(raw) = rest.strip_prefix("r#\"") {
            i += raw.find("\"#").map_or(rest.len(), |j| j + 5);
            out.push_str("\"\"");
        } else if let Some(raw) = rest.strip_prefix("r\"") {
            i += raw.find('"').map_or(rest.len(), |j| j + 3);
            out.push_str("\"\"");
        } else if rest.starts_with('"') {
            let mut j = 1;
            while j < rest.len() {
                match rest.as_bytes()[j] {
                    b'\\' => j += 2,
                    b'"' => break,
                    _ => j += 1,
                }
            }
            i += (j + 1).min(rest.len());
            out.push_str("\"\"");
        } else if let Some(lit) = rest.strip_prefix('\'') {
            // A char literal ('x', '"', '\'') is skipped; a lifetime is kept.
            let mut chars = lit.char_indices();
            match (chars.next(), chars.next()) {
                (Some((_, '\\')), _) => {
                    i += 2 + lit[1..].find('\'').map_or(lit.len() - 1, |j| j + 2);
                }
                (Some((_, c)), Some((j, '\''))) => {
                    let _ = c;
                    i += 1 + j + 1;
                }
                _ => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else if let Some(after) = rest.strip_prefix("#[cfg(test)]") {
            let trimmed = after.trim_start();
            if trimmed.starts_with("mod ")
                && let Some(open) = trimmed.find('{')
            {
                let skip = rest.len() - trimmed.len() + open;
                i += skip + block_len(&rest[skip..]);
            } else {
                i += "#[cfg(test)]".len();
            }
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of the `{ … }` block `text` starts with.
fn block_len(text: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// `mod name;` declarations (any visibility).
fn child_modules(text: &str) -> Vec<String> {
    text.split(';')
        .filter_map(|stmt| {
            let words: Vec<&str> = stmt.split_whitespace().collect();
            let at = words.iter().rposition(|w| *w == "mod")?;
            (at + 2 == words.len()).then(|| words[at + 1].to_owned())
        })
        .filter(|n| n.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .collect()
}

/// Every `use …;` tree, and whether it is a re-export (`pub`, `pub(crate)`…).
fn use_trees(text: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = find_word(rest, "use") {
        let before = rest[..i].trim_end();
        let public = before.ends_with("pub") || before.ends_with(')') && before.contains("pub(");
        let after = &rest[i + 3..];
        let end = after.find(';').unwrap_or(after.len());
        let tree = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push((public, tree));
        rest = &after[end..];
    }
    out
}

/// The byte index of `word` standing alone (not inside an identifier).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| i + from) {
        let ok_before = text[..i]
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        let ok_after = text[i + word.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace());
        if ok_before && ok_after {
            return Some(i);
        }
        from = i + word.len();
    }
    None
}

/// A use tree `a::{b, c::{d as e}}` as (bound name, path) pairs.
fn expand(tree: &str) -> Vec<(String, Vec<String>)> {
    fn go(prefix: &[String], tree: &str, out: &mut Vec<(String, Vec<String>)>) {
        let tree = tree.trim().trim_start_matches("::");
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let mut p = prefix.to_vec();
            p.extend(head);
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            for part in split_top(inner) {
                go(&p, part, out);
            }
        } else if !tree.is_empty() {
            let (path, alias) = match tree.split_once(" as ") {
                Some((p, a)) => (p, Some(a.trim())),
                None => (tree, None),
            };
            let mut p = prefix.to_vec();
            p.extend(
                path.split("::")
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
            );
            if p.last().is_some_and(|l| l == "self") {
                p.pop();
            }
            let name = alias
                .map(str::to_owned)
                .or_else(|| p.last().cloned())
                .unwrap_or_default();
            out.push((name, p));
        }
    }
    let mut out = Vec::new();
    go(&[], tree, &mut out);
    out
}

/// Splits `a, b::{c, d}, e` at the top-level commas.
fn split_top(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Inline paths `crate::a::b`, `$crate::a`, `super::a`, `self::a`.
fn inline_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(start).map(|i| i + from) {
            let prev = text[..i].chars().last();
            from = i + start.len();
            if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = text[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    out
}

/// A path as named in module `here`, from the crate root; `None` for
/// paths into other crates.
fn absolute(here: &[String], path: &[String]) -> Option<ModPath> {
    let mut out: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => here.to_vec(),
        Some("super") => here.to_vec(),
        _ => return None,
    };
    for (i, seg) in path.iter().enumerate() {
        match seg.as_str() {
            "crate" if i == 0 => {}
            "self" if i == 0 => {}
            "super" => {
                out.pop();
            }
            other => out.push(other.to_owned()),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_chars_and_comments_are_skipped() {
        let text = "let a = '\"'; let b = \"crate::x\"; // crate::y\nuse crate::z; fn f<'a>() {} let c = '\\'';";
        let s = strip(text);
        assert!(!s.contains("crate::x") && !s.contains("crate::y"), "{s}");
        assert!(s.contains("use crate::z;") && s.contains("f<'a>"), "{s}");
    }

    #[test]
    fn use_trees_expand() {
        let got = expand("crate::a::{b, c::{d, e as f, self}}");
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["b", "d", "f", "c"]);
        assert_eq!(got[2].1, ["crate", "a", "c", "e"]);
        let got = expand("super::x::Base");
        assert_eq!(got[0].1, ["super", "x", "Base"]);
    }
}
