//! The typed values a Python literal can denote: [`PyLiteral`] and [`PyStr`].

use std::borrow::Cow;
use std::fmt;

/// A Python `str` value.
///
/// Python strings are sequences of code points, and unlike Rust strings they
/// may hold lone surrogates (`'\udcff'` is how `repr()` shows a byte that
/// `os.fsdecode` could not decode). `PyStr` keeps every code point exactly;
/// [`PyStr::as_str`] gives a `&str` whenever the value has no surrogate.
///
/// ```
/// use mpconfig_shim::PyStr;
///
/// let plain = PyStr::from("/srv/app");
/// assert_eq!(plain.as_str(), Some("/srv/app"));
///
/// let escaped = PyStr::from_code_points([0x2f, 0xdcff]).unwrap();
/// assert_eq!(escaped.as_str(), None);
/// assert_eq!(escaped.code_points(), vec![0x2f, 0xdcff]);
/// assert_eq!(escaped.to_string_lossy(), "/\u{fffd}");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyStr(Inner);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Inner {
    /// No surrogate: the value is valid Unicode text.
    Text(String),
    /// At least one surrogate (U+D800..=U+DFFF): kept as raw code points.
    CodePoints(Vec<u32>),
}

impl PyStr {
    /// Builds a string from code points, as Python's `''.join(map(chr, ..))`.
    ///
    /// Returns `None` if a value is above U+10FFFF (Python's `chr` limit).
    /// Surrogates are allowed, as in Python.
    pub fn from_code_points<I: IntoIterator<Item = u32>>(points: I) -> Option<Self> {
        let points: Vec<u32> = points.into_iter().collect();
        let mut text = String::with_capacity(points.len());
        for &cp in &points {
            if cp > 0x10_FFFF {
                return None;
            }
            match char::from_u32(cp) {
                Some(c) => text.push(c),
                None => return Some(PyStr(Inner::CodePoints(points))),
            }
        }
        Some(PyStr(Inner::Text(text)))
    }

    /// The value as `&str`, or `None` if it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        match &self.0 {
            Inner::Text(s) => Some(s),
            Inner::CodePoints(_) => None,
        }
    }

    /// Every code point, surrogates included (what Python's `map(ord, s)` gives).
    pub fn code_points(&self) -> Vec<u32> {
        match &self.0 {
            Inner::Text(s) => s.chars().map(u32::from).collect(),
            Inner::CodePoints(v) => v.clone(),
        }
    }

    /// The value with each surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        match &self.0 {
            Inner::Text(s) => Cow::Borrowed(s),
            Inner::CodePoints(v) => Cow::Owned(
                v.iter()
                    .map(|&cp| char::from_u32(cp).unwrap_or('\u{fffd}'))
                    .collect(),
            ),
        }
    }

    /// Number of code points (Python's `len()`).
    pub fn len(&self) -> usize {
        match &self.0 {
            Inner::Text(s) => s.chars().count(),
            Inner::CodePoints(v) => v.len(),
        }
    }

    /// `true` for the empty string.
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Inner::Text(s) => s.is_empty(),
            Inner::CodePoints(v) => v.is_empty(),
        }
    }
}

impl From<&str> for PyStr {
    fn from(s: &str) -> Self {
        PyStr(Inner::Text(s.to_owned()))
    }
}

impl From<String> for PyStr {
    fn from(s: String) -> Self {
        PyStr(Inner::Text(s))
    }
}

impl PartialEq<str> for PyStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for PyStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl fmt::Debug for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Renders like Python's `ascii()`: a quoted literal that uses only
/// printable ASCII, which [`crate::parse_literal`] reads back unchanged.
impl fmt::Display for PyStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let points = self.code_points();
        let quote = if points.contains(&u32::from('\'')) && !points.contains(&u32::from('"')) {
            '"'
        } else {
            '\''
        };
        f.write_fmt(format_args!("{quote}"))?;
        for cp in points {
            write_escaped(f, cp, quote)?;
        }
        f.write_fmt(format_args!("{quote}"))
    }
}

fn write_escaped(f: &mut fmt::Formatter<'_>, cp: u32, quote: char) -> fmt::Result {
    match cp {
        0x5c => f.write_str("\\\\"),
        0x0a => f.write_str("\\n"),
        0x0d => f.write_str("\\r"),
        0x09 => f.write_str("\\t"),
        _ if cp == u32::from(quote) => f.write_fmt(format_args!("\\{quote}")),
        0x20..=0x7e => match char::from_u32(cp) {
            Some(c) => f.write_fmt(format_args!("{c}")),
            None => f.write_fmt(format_args!("\\x{cp:02x}")),
        },
        0..=0xff => f.write_fmt(format_args!("\\x{cp:02x}")),
        0x100..=0xffff => f.write_fmt(format_args!("\\u{cp:04x}")),
        _ => f.write_fmt(format_args!("\\U{cp:08x}")),
    }
}

/// A value denoted by a Python literal, as it appears in the `-c` strings
/// CPython's `multiprocessing` builds with `repr()` / `%r` / `%d`.
///
/// Nothing here is ever evaluated: the parser builds these values from
/// text and rejects everything that is not a literal.
///
/// `Display` renders the value as Python's `ascii()` would (canonical
/// spacing, ASCII-only escapes), so the output parses back to the same value.
///
/// ```
/// use mpconfig_shim::{parse_literal, PyLiteral};
///
/// let v = parse_literal("['__main__', None, (1,), {'k': b'\\x00'}]").unwrap();
/// assert_eq!(v.to_string(), "['__main__', None, (1,), {'k': b'\\x00'}]");
/// assert!(matches!(v, PyLiteral::List(ref items) if items.len() == 4));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PyLiteral {
    /// `None`.
    None,
    /// `True` or `False`.
    Bool(bool),
    /// A decimal integer that fits in an `i64` (larger ones are rejected).
    Int(i64),
    /// A `str` literal.
    Str(PyStr),
    /// A `bytes` literal (`b'...'`).
    Bytes(Vec<u8>),
    /// A list display `[a, b]`.
    List(Vec<PyLiteral>),
    /// A tuple display `()`, `(a,)`, `(a, b)`.
    Tuple(Vec<PyLiteral>),
    /// A dict display with string keys, in source order (keys are unique).
    Dict(Vec<(PyStr, PyLiteral)>),
}

impl PyLiteral {
    /// The integer, if this is an `Int`.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            PyLiteral::Int(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is a `Str`.
    pub fn as_py_str(&self) -> Option<&PyStr> {
        match self {
            PyLiteral::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a `List` or a `Tuple`.
    pub fn as_sequence(&self) -> Option<&[PyLiteral]> {
        match self {
            PyLiteral::List(items) | PyLiteral::Tuple(items) => Some(items),
            _ => None,
        }
    }

    /// A short name of the value's Python type (`"int"`, `"str"`, `"list"` …).
    pub fn type_name(&self) -> &'static str {
        match self {
            PyLiteral::None => "NoneType",
            PyLiteral::Bool(_) => "bool",
            PyLiteral::Int(_) => "int",
            PyLiteral::Str(_) => "str",
            PyLiteral::Bytes(_) => "bytes",
            PyLiteral::List(_) => "list",
            PyLiteral::Tuple(_) => "tuple",
            PyLiteral::Dict(_) => "dict",
        }
    }
}

impl fmt::Display for PyLiteral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PyLiteral::None => f.write_str("None"),
            PyLiteral::Bool(true) => f.write_str("True"),
            PyLiteral::Bool(false) => f.write_str("False"),
            PyLiteral::Int(n) => write!(f, "{n}"),
            PyLiteral::Str(s) => write!(f, "{s}"),
            PyLiteral::Bytes(b) => write_bytes(f, b),
            PyLiteral::List(items) => {
                f.write_str("[")?;
                write_items(f, items)?;
                f.write_str("]")
            }
            PyLiteral::Tuple(items) => {
                f.write_str("(")?;
                write_items(f, items)?;
                if items.len() == 1 {
                    f.write_str(",")?;
                }
                f.write_str(")")
            }
            PyLiteral::Dict(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_items(f: &mut fmt::Formatter<'_>, items: &[PyLiteral]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

fn write_bytes(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    write!(f, "b{quote}")?;
    for &b in bytes {
        write_escaped(f, u32::from(b), quote)?;
    }
    write!(f, "{quote}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrogates_are_kept() {
        let s = PyStr::from_code_points([0xd83d, 0xde00]).unwrap();
        assert_eq!(s.as_str(), None);
        assert_eq!(s.len(), 2);
        assert_eq!(s.to_string(), "'\\ud83d\\ude00'");
    }

    #[test]
    fn code_points_above_unicode_are_refused() {
        assert!(PyStr::from_code_points([0x11_0000]).is_none());
    }

    #[test]
    fn display_chooses_quotes_like_python() {
        assert_eq!(PyStr::from("it's").to_string(), "\"it's\"");
        assert_eq!(PyStr::from("'\"").to_string(), "'\\'\"'");
        assert_eq!(PyStr::from("é\u{1F600}").to_string(), "'\\xe9\\U0001f600'");
        assert_eq!(
            PyLiteral::Bytes(b"a'\x7f".to_vec()).to_string(),
            "b\"a'\\x7f\""
        );
        assert_eq!(
            PyLiteral::Tuple(vec![PyLiteral::Int(-1)]).to_string(),
            "(-1,)"
        );
    }
}
