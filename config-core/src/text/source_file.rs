//! Byte spans into a source file, the file they point into, and 1-based
//! line:col positions.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A byte range in a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span; `end` is raised to `start` if smaller.
    pub const fn new(start: usize, end: usize) -> Self {
        let end = if end < start { start } else { end };
        Span { start, end }
    }

    /// The span as a range.
    pub const fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A named text that spans point into: a config file as it was read.
///
/// ```
/// use mpconfig_core::{LineCol, SourceFile, Span};
///
/// let file = SourceFile::new("app.toml", "a = 1\nbé = 2\n");
/// assert_eq!(file.line_col(9), LineCol { line: 2, column: 3 });
/// assert_eq!(file.snippet(Span::new(6, 9)), "bé");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    name: Arc<str>,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    /// A source named `name` (usually the path as the user gave it).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text: String = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into().into(),
            text: text.into(),
            line_starts,
        }
    }

    /// The name given at construction.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a span covers, clamped to the text and to char boundaries.
    pub fn snippet(&self, span: Span) -> &str {
        let start = self.floor_char_boundary(span.start);
        let end = self.floor_char_boundary(span.end.max(start));
        &self.text[start..end]
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.floor_char_boundary(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line, column }
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut i = offset.min(self.text.len());
        while !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}
