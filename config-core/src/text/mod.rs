//! Text and places in it: the source file a config was read from, byte
//! spans and line:col positions, where each key of a file stands
//! ([`SourceMap`]), and how user text is quoted in messages.
//! The bottom layer: it uses nothing else of the crate.

mod source_file;
mod source_map;
mod suggest;

pub use source_file::{LineCol, SourceFile, Span};
pub use source_map::{SourceEntry, SourceMap};
pub(crate) use suggest::did_you_mean;

/// A user string as shown in a message: escaped, and cut when long (a 10 MB
/// key must not become a 10 MB message).
pub(crate) fn printable(s: &str) -> String {
    const MAX: usize = 60;
    let escaped: String = s.escape_debug().collect();
    if escaped.chars().count() <= MAX {
        escaped
    } else {
        let cut: String = escaped.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// `` `a`, `b`, `c` ``: names for "expected one of" messages.
pub(crate) fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_and_cuts() {
        assert_eq!(printable("a\u{1b}b"), "a\\u{1b}b");
        let long = printable(&"x".repeat(500));
        assert_eq!(long.chars().count(), 61);
        assert!(long.ends_with('…'));
        assert_eq!(list(&["a", "b"]), "`a`, `b`");
    }
}
