//! The strict recursive-descent parser for [`PyLiteral`].
//!
//! Grammar (exactly what `repr()` of these types writes, nothing more):
//!
//! ```text
//! value  := "None" | "True" | "False" | int | str | bytes | list | tuple | dict
//! int    := "-"? ("0" | [1-9][0-9]*)          -- must fit in i64
//! str    := ("'" body "'") | ('"' body '"')
//! bytes  := ("b" | "B") str-shaped body, ASCII only, no \u \U \N
//! list   := "[" "]" | "[" value (", " value)* "]"
//! tuple  := "(" ")" | "(" value ",)" | "(" value (", " value)+ ")"
//! dict   := "{" "}" | "{" str ": " value (", " str ": " value)* "}"
//! ```
//!
//! Separators are exactly `", "` and `": "` as `repr()` writes them; any
//! other whitespace, trailing commas, parenthesised values, names, calls,
//! operators (other than a leading `-` on an integer), attribute access and
//! comprehensions are errors. Nesting is limited to [`MAX_DEPTH`] and input
//! length to [`MAX_LITERAL_LEN`], so parsing is linear and cannot exhaust
//! the stack.

use std::collections::HashSet;

use super::error::{LiteralError, LiteralErrorKind};
use super::escape::{Flavor, read_body};
use super::value::{PyLiteral, PyStr};
use crate::cursor::Cursor;

/// Deepest nesting of lists, tuples and dicts the parser accepts.
///
/// The `-c` strings CPython builds nest at most two levels (a dict of lists).
pub const MAX_DEPTH: usize = 32;

/// Longest text (in bytes) [`parse_literal`] accepts.
///
/// Linux limits one argument to 128 KiB and Windows a whole command line to
/// 32 767 UTF-16 units, so real command lines are far below this.
pub const MAX_LITERAL_LEN: usize = 4 << 20;

/// Parses `text` as exactly one literal, with nothing before or after it.
///
/// ```
/// use mpconfig_shim::{parse_literal, PyLiteral, PyStr};
///
/// assert_eq!(parse_literal("-12").unwrap(), PyLiteral::Int(-12));
/// assert_eq!(
///     parse_literal("{'sys_path': ['/a']}").unwrap(),
///     PyLiteral::Dict(vec![(
///         PyStr::from("sys_path"),
///         PyLiteral::List(vec![PyLiteral::Str(PyStr::from("/a"))]),
///     )])
/// );
/// // Names, calls and non-canonical spacing are all refused.
/// assert!(parse_literal("os").is_err());
/// assert!(parse_literal("print(1)").is_err());
/// assert!(parse_literal("[1,2]").is_err());
/// assert!(parse_literal("5; import os").is_err());
/// ```
pub fn parse_literal(text: &str) -> Result<PyLiteral, LiteralError> {
    let (value, used) = parse_literal_prefix(text)?;
    if used != text.len() {
        return Err(LiteralError {
            offset: used,
            kind: LiteralErrorKind::TrailingText,
        });
    }
    Ok(value)
}

/// Parses one literal at the start of `text` and returns it with the number
/// of bytes it spans; whatever follows is left for the caller.
///
/// ```
/// use mpconfig_shim::{parse_literal_prefix, PyLiteral};
///
/// let (value, used) = parse_literal_prefix("7, pipe_handle=8").unwrap();
/// assert_eq!(value, PyLiteral::Int(7));
/// assert_eq!(used, 1);
/// ```
pub fn parse_literal_prefix(text: &str) -> Result<(PyLiteral, usize), LiteralError> {
    let mut cur = Cursor::new(text);
    let value = parse_value(&mut cur)?;
    Ok((value, cur.pos()))
}

/// Input text as an error carries it: cut, so that a megabyte-long name or
/// key does not become a megabyte-long message.
fn cut(text: String) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Parses one literal at the cursor (used by the `-c` form matcher).
pub(crate) fn parse_value(cur: &mut Cursor<'_>) -> Result<PyLiteral, LiteralError> {
    if cur.rest().len() > MAX_LITERAL_LEN {
        return Err(LiteralError {
            offset: cur.pos(),
            kind: LiteralErrorKind::TooLong,
        });
    }
    Parser { cur }.value(0)
}

struct Parser<'c, 'a> {
    cur: &'c mut Cursor<'a>,
}

impl Parser<'_, '_> {
    fn err<T>(&self, offset: usize, kind: LiteralErrorKind) -> Result<T, LiteralError> {
        Err(LiteralError { offset, kind })
    }

    fn unexpected<T>(&self) -> Result<T, LiteralError> {
        let kind = match self.cur.peek() {
            Some(c) => LiteralErrorKind::UnexpectedChar(c),
            None => LiteralErrorKind::UnexpectedEnd,
        };
        self.err(self.cur.pos(), kind)
    }

    fn value(&mut self, depth: usize) -> Result<PyLiteral, LiteralError> {
        let start = self.cur.pos();
        match self.cur.peek() {
            None => self.err(start, LiteralErrorKind::UnexpectedEnd),
            Some('-') => self.int(),
            Some(c) if c.is_ascii_digit() => self.int(),
            Some(q @ ('\'' | '"')) => {
                self.cur.bump();
                let points = read_body(self.cur, q, Flavor::Str, start)?;
                match PyStr::from_code_points(points) {
                    Some(s) => Ok(PyLiteral::Str(s)),
                    None => self.err(start, LiteralErrorKind::InvalidEscape("\\U".into())),
                }
            }
            Some('[') => self.list(depth + 1),
            Some('(') => self.tuple(depth + 1),
            Some('{') => self.dict(depth + 1),
            Some(c) if c == '_' || c.is_alphabetic() => self.word(),
            Some(_) => self.unexpected(),
        }
    }

    /// `None`, `True`, `False`, a `b'...'` literal, or an error naming what was found.
    fn word(&mut self) -> Result<PyLiteral, LiteralError> {
        let start = self.cur.pos();
        let word = self
            .cur
            .take_while(|c| c == '_' || c.is_alphanumeric())
            .to_owned();
        if let Some(q @ ('\'' | '"')) = self.cur.peek() {
            if word == "b" || word == "B" {
                self.cur.bump();
                let points = read_body(self.cur, q, Flavor::Bytes, start)?;
                let bytes = points
                    .into_iter()
                    .map(|cp| u8::try_from(cp).unwrap_or(u8::MAX))
                    .collect();
                return Ok(PyLiteral::Bytes(bytes));
            }
            return self.err(start, LiteralErrorKind::StringPrefix(cut(word)));
        }
        match word.as_str() {
            "None" => Ok(PyLiteral::None),
            "True" => Ok(PyLiteral::Bool(true)),
            "False" => Ok(PyLiteral::Bool(false)),
            _ => self.err(start, LiteralErrorKind::Name(cut(word))),
        }
    }

    fn int(&mut self) -> Result<PyLiteral, LiteralError> {
        let start = self.cur.pos();
        let negative = self.cur.eat("-");
        let digits = self.cur.take_while(|c| c.is_ascii_digit());
        let malformed = digits.is_empty()
            || (digits.len() > 1 && digits.starts_with('0'))
            || (negative && digits == "0")
            || self
                .cur
                .peek()
                .is_some_and(|c| c == '_' || c == '.' || c.is_alphanumeric());
        if malformed {
            if digits.is_empty() {
                return self.unexpected();
            }
            return self.err(start, LiteralErrorKind::MalformedInt);
        }
        let mut magnitude: u64 = 0;
        for d in digits.bytes() {
            magnitude = match magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(d - b'0')))
            {
                Some(m) => m,
                None => return self.err(start, LiteralErrorKind::IntOutOfRange),
            };
        }
        let value = if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        match value {
            Some(v) => Ok(PyLiteral::Int(v)),
            None => self.err(start, LiteralErrorKind::IntOutOfRange),
        }
    }

    fn enter(&mut self, depth: usize, open: char) -> Result<(), LiteralError> {
        if depth > MAX_DEPTH {
            return self.err(self.cur.pos(), LiteralErrorKind::TooDeep);
        }
        if self.cur.peek() == Some(open) {
            self.cur.bump();
            Ok(())
        } else {
            self.unexpected()
        }
    }

    /// After an item: consumes `", "` and returns `true`, or consumes
    /// `close` and returns `false`.
    fn separator(&mut self, close: char) -> Result<bool, LiteralError> {
        if self.cur.eat(", ") {
            return Ok(true);
        }
        if self.cur.peek() == Some(close) {
            self.cur.bump();
            return Ok(false);
        }
        match self.cur.peek() {
            Some(c) if c == ',' || c.is_whitespace() => self.err(
                self.cur.pos(),
                LiteralErrorKind::NonCanonicalSeparator { expected: ", " },
            ),
            _ => self.unexpected(),
        }
    }

    fn list(&mut self, depth: usize) -> Result<PyLiteral, LiteralError> {
        self.enter(depth, '[')?;
        let mut items = Vec::new();
        if self.cur.eat("]") {
            return Ok(PyLiteral::List(items));
        }
        loop {
            items.push(self.value(depth)?);
            if !self.separator(']')? {
                return Ok(PyLiteral::List(items));
            }
        }
    }

    fn tuple(&mut self, depth: usize) -> Result<PyLiteral, LiteralError> {
        self.enter(depth, '(')?;
        let mut items = Vec::new();
        if self.cur.eat(")") {
            return Ok(PyLiteral::Tuple(items));
        }
        items.push(self.value(depth)?);
        if self.cur.eat(",)") {
            return Ok(PyLiteral::Tuple(items));
        }
        if self.cur.peek() == Some(')') {
            // `(x)` is a parenthesised value, not a tuple; repr() never writes it.
            return self.err(
                self.cur.pos(),
                LiteralErrorKind::NonCanonicalSeparator { expected: ",)" },
            );
        }
        while self.separator(')')? {
            items.push(self.value(depth)?);
        }
        if items.len() < 2 {
            return self.unexpected();
        }
        Ok(PyLiteral::Tuple(items))
    }

    fn dict(&mut self, depth: usize) -> Result<PyLiteral, LiteralError> {
        self.enter(depth, '{')?;
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        if self.cur.eat("}") {
            return Ok(PyLiteral::Dict(entries));
        }
        loop {
            let key_at = self.cur.pos();
            let key = match self.value(depth)? {
                PyLiteral::Str(s) => s,
                _ => return self.err(key_at, LiteralErrorKind::NonStringKey),
            };
            if !seen.insert(key.clone()) {
                return self.err(key_at, LiteralErrorKind::DuplicateKey(cut(key.to_string())));
            }
            if !self.cur.eat(": ") {
                return match self.cur.peek() {
                    Some(c) if c == ':' || c.is_whitespace() => self.err(
                        self.cur.pos(),
                        LiteralErrorKind::NonCanonicalSeparator { expected: ": " },
                    ),
                    _ => self.unexpected(),
                };
            }
            let value = self.value(depth)?;
            entries.push((key, value));
            if !self.separator('}')? {
                return Ok(PyLiteral::Dict(entries));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> PyLiteral {
        PyLiteral::Str(PyStr::from(text))
    }

    fn kind(text: &str) -> LiteralErrorKind {
        match parse_literal(text) {
            Ok(v) => panic!("{text:?} parsed as {v:?}"),
            Err(e) => e.kind,
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(parse_literal("None"), Ok(PyLiteral::None));
        assert_eq!(parse_literal("True"), Ok(PyLiteral::Bool(true)));
        assert_eq!(parse_literal("False"), Ok(PyLiteral::Bool(false)));
        assert_eq!(parse_literal("0"), Ok(PyLiteral::Int(0)));
        assert_eq!(
            parse_literal("9223372036854775807"),
            Ok(PyLiteral::Int(i64::MAX))
        );
        assert_eq!(
            parse_literal("-9223372036854775808"),
            Ok(PyLiteral::Int(i64::MIN))
        );
    }

    #[test]
    fn integers_are_canonical_and_bounded() {
        assert_eq!(kind("9223372036854775808"), LiteralErrorKind::IntOutOfRange);
        assert_eq!(kind(&"9".repeat(5000)), LiteralErrorKind::IntOutOfRange);
        for bad in ["007", "-0", "1_000", "0x10", "1.5", "1e3", "5j", "5L"] {
            assert_eq!(kind(bad), LiteralErrorKind::MalformedInt, "{bad}");
        }
        assert_eq!(kind("+5"), LiteralErrorKind::UnexpectedChar('+'));
        assert_eq!(kind("- 5"), LiteralErrorKind::UnexpectedChar(' '));
        assert_eq!(kind("--5"), LiteralErrorKind::UnexpectedChar('-'));
        assert_eq!(kind("5-1"), LiteralErrorKind::TrailingText);
    }

    #[test]
    fn every_escape_form() {
        let v = parse_literal(r#"'\\\'\"\a\b\f\n\r\t\v\0\12\101\x41\u00e9\U0001F600'"#).unwrap();
        let expected: Vec<u32> = vec![
            0x5c, 0x27, 0x22, 7, 8, 12, 10, 13, 9, 11, 0, 0o12, 0o101, 0x41, 0xe9, 0x1f600,
        ];
        assert_eq!(
            v,
            PyLiteral::Str(PyStr::from_code_points(expected).unwrap())
        );
        assert_eq!(parse_literal("'a\\\nb'"), Ok(s("ab")));
        assert_eq!(parse_literal(r#""it's""#), Ok(s("it's")));
        assert_eq!(parse_literal("'\\777'").unwrap().to_string(), "'\\u01ff'");
        assert_eq!(parse_literal("'ünï'"), Ok(s("ünï")));
        assert_eq!(parse_literal(r"'\udcff'").unwrap().to_string(), r"'\udcff'");
    }

    #[test]
    fn bad_strings() {
        assert_eq!(kind(r"'\N{BULLET}'"), LiteralErrorKind::NamedEscape);
        assert_eq!(kind(r"'\q'"), LiteralErrorKind::InvalidEscape("\\q".into()));
        assert_eq!(
            kind(r"'\x4'"),
            LiteralErrorKind::InvalidEscape("\\x4".into())
        );
        assert_eq!(
            kind(r"'\u12'"),
            LiteralErrorKind::InvalidEscape("\\u12".into())
        );
        assert_eq!(
            kind(r"'\U00110000'"),
            LiteralErrorKind::InvalidEscape("\\U00110000".into())
        );
        assert_eq!(kind("'abc"), LiteralErrorKind::UnterminatedString);
        assert_eq!(kind("'a\nb'"), LiteralErrorKind::UnterminatedString);
        assert_eq!(kind("'a\tb'"), LiteralErrorKind::RawControlChar(9));
        assert_eq!(kind("r'a'"), LiteralErrorKind::StringPrefix("r".into()));
        assert_eq!(kind("f'{x}'"), LiteralErrorKind::StringPrefix("f".into()));
        assert_eq!(kind("u'a'"), LiteralErrorKind::StringPrefix("u".into()));
        assert_eq!(kind("rb'a'"), LiteralErrorKind::StringPrefix("rb".into()));
        assert_eq!(kind("'''a'''"), LiteralErrorKind::TrailingText);
        assert_eq!(kind("'a' 'b'"), LiteralErrorKind::TrailingText);
    }

    #[test]
    fn bytes_literals() {
        assert_eq!(
            parse_literal(r"b'\x00\xff\n\\\''"),
            Ok(PyLiteral::Bytes(vec![0, 0xff, b'\n', b'\\', b'\'']))
        );
        assert_eq!(parse_literal("B\"x\""), Ok(PyLiteral::Bytes(b"x".to_vec())));
        assert_eq!(kind("b'é'"), LiteralErrorKind::NonAsciiInBytes);
        assert_eq!(
            kind(r"b'\u00e9'"),
            LiteralErrorKind::InvalidEscape("\\u".into())
        );
        assert_eq!(
            kind(r"b'\777'"),
            LiteralErrorKind::InvalidEscape("\\777".into())
        );
    }

    #[test]
    fn containers() {
        assert_eq!(parse_literal("[]"), Ok(PyLiteral::List(vec![])));
        assert_eq!(parse_literal("()"), Ok(PyLiteral::Tuple(vec![])));
        assert_eq!(parse_literal("{}"), Ok(PyLiteral::Dict(vec![])));
        assert_eq!(parse_literal("('a',)"), Ok(PyLiteral::Tuple(vec![s("a")])));
        assert_eq!(
            parse_literal("('a', None)"),
            Ok(PyLiteral::Tuple(vec![s("a"), PyLiteral::None]))
        );
        assert_eq!(
            parse_literal("{'a': [1, (2,)], 'b': {}}")
                .unwrap()
                .to_string(),
            "{'a': [1, (2,)], 'b': {}}"
        );
    }

    #[test]
    fn non_canonical_containers() {
        for bad in [
            "[1,2]",
            "[1 , 2]",
            "[ 1]",
            "[1, ]",
            "[1,]",
            "{'a':1}",
            "{'a' : 1}",
            "(1, 2,)",
        ] {
            assert!(parse_literal(bad).is_err(), "{bad}");
        }
        assert_eq!(
            kind("(1)"),
            LiteralErrorKind::NonCanonicalSeparator { expected: ",)" }
        );
        assert_eq!(kind("{1: 2}"), LiteralErrorKind::NonStringKey);
        assert_eq!(
            kind("{'a': 1, 'a': 2}"),
            LiteralErrorKind::DuplicateKey("'a'".into())
        );
    }

    #[test]
    fn code_is_not_a_literal() {
        for bad in [
            "__import__('os')",
            "os.system",
            "[x for x in y]",
            "1 + 1",
            "lambda: 0",
            "Nоne", // Cyrillic 'о'
            "...",
            "*a",
            "not 1",
            "{**a}",
            "{'a'}",
            "",
            " 1",
        ] {
            assert!(parse_literal(bad).is_err(), "{bad}");
        }
        assert_eq!(kind("Nоne"), LiteralErrorKind::Name("Nоne".into()));
    }

    #[test]
    fn depth_is_limited() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse_literal(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(kind(&deep), LiteralErrorKind::TooDeep);
        let huge = "(".repeat(1_000_000);
        assert_eq!(kind(&huge), LiteralErrorKind::TooDeep);
    }
}
