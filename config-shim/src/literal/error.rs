//! Why a piece of text is not a literal the strict parser accepts.

use thiserror::Error;

/// A literal could not be parsed; `offset` is a byte offset into the input.
///
/// ```
/// use mpconfig_shim::{parse_literal, LiteralErrorKind};
///
/// let err = parse_literal("__import__('os')").unwrap_err();
/// assert_eq!(err.offset, 0);
/// assert_eq!(err.kind, LiteralErrorKind::Name("__import__".into()));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{kind} at byte {offset}")]
pub struct LiteralError {
    /// Byte offset into the parsed text where the problem starts.
    pub offset: usize,
    /// What is wrong there.
    pub kind: LiteralErrorKind,
}

/// The kinds of [`LiteralError`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum LiteralErrorKind {
    /// The input ended in the middle of a literal.
    #[error("unexpected end of input")]
    UnexpectedEnd,
    /// A character that cannot start or continue a literal here.
    #[error("unexpected character {0:?}")]
    UnexpectedChar(char),
    /// Text after a complete literal.
    #[error("trailing text after the literal")]
    TrailingText,
    /// An identifier other than `None`, `True`, `False` (names are never resolved).
    #[error("name {0:?} is not a literal")]
    Name(String),
    /// Digits that are not a canonical decimal integer (`007`, `1_000`, `0x1`, `1.5` …).
    #[error("malformed integer")]
    MalformedInt,
    /// An integer outside the `i64` range.
    #[error("integer out of range (more than 64 bits)")]
    IntOutOfRange,
    /// A string prefix other than `b`/`B` (`r''`, `f''`, `u''` …).
    #[error("string prefix {0:?} is not accepted")]
    StringPrefix(String),
    /// A string or bytes literal without its closing quote (or with a raw newline).
    #[error("unterminated string literal")]
    UnterminatedString,
    /// An ASCII control character written raw inside a string.
    #[error("raw control character U+{0:04X} inside a string")]
    RawControlChar(u32),
    /// A backslash escape Python does not define for this kind of literal.
    #[error("invalid escape sequence {0:?}")]
    InvalidEscape(String),
    /// `\N{...}` escapes: refused, because resolving names needs the Unicode
    /// name database and `repr()` never produces them.
    #[error("\\N{{...}} escapes are not accepted")]
    NamedEscape,
    /// A non-ASCII character inside a bytes literal (a SyntaxError in Python).
    #[error("non-ASCII character in a bytes literal")]
    NonAsciiInBytes,
    /// Whitespace or a separator that `repr()` would not write.
    #[error("separator not in canonical repr() form (expected {expected:?})")]
    NonCanonicalSeparator {
        /// The text `repr()` writes at this point.
        expected: &'static str,
    },
    /// A dict key that is not a `str` literal.
    #[error("dict keys must be str literals")]
    NonStringKey,
    /// The same key twice in one dict.
    #[error("duplicate dict key {0}")]
    DuplicateKey(String),
    /// More nesting than [`crate::MAX_DEPTH`].
    #[error("literal nested too deeply")]
    TooDeep,
    /// Input longer than [`crate::MAX_LITERAL_LEN`].
    #[error("literal text too long")]
    TooLong,
}
