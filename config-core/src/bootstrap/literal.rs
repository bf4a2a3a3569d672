//! Python literals for arbitrary strings and paths.
//!
//! Everything a config contributes to the generated source goes through
//! these functions, so no config value can end a literal, start a new line,
//! or otherwise become code. Output is pure printable ASCII.

use std::fmt::Write as _;
use std::path::Path;

/// A Python `str` literal that evaluates to exactly `s`.
///
/// The quote is chosen like Python's `repr` (single, unless the text holds a
/// `'` and no `"`). Printable ASCII is kept; backslash, the quote, `\n`,
/// `\r` and `\t` get their short escapes; every other character becomes
/// `\xNN`, `\uNNNN` or `\UNNNNNNNN`. The result is printable ASCII only, so it
/// can also sit inside a `#` comment without ending it.
pub fn str_literal(s: &str) -> String {
    code_points_literal(s.chars().map(u32::from), s.contains('\''), s.contains('"'))
}

/// A Python expression that evaluates to the `str` Python itself would use
/// for the path `path` on the platform the bootstrap is rendered on.
///
/// A path that is valid Unicode becomes a plain [`str_literal`]. On POSIX, a
/// path whose bytes are not UTF-8 becomes `__import__('os').fsdecode(b'...')`,
/// which yields, under any file-system encoding, the `str` that
/// `os.fsencode` turns back into exactly those bytes. On Windows, unpaired
/// surrogates are written as `\udXXX` escapes, which is how Python spells
/// such file names.
pub fn path_expr(path: &Path) -> String {
    if let Some(s) = path.to_str() {
        return str_literal(s);
    }
    non_unicode_path_expr(path)
}

#[cfg(unix)]
fn non_unicode_path_expr(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    format!(
        "__import__('os').fsdecode({})",
        bytes_literal(path.as_os_str().as_bytes())
    )
}

#[cfg(windows)]
fn non_unicode_path_expr(path: &Path) -> String {
    use std::os::windows::ffi::OsStrExt;
    let units: Vec<u16> = path.as_os_str().encode_wide().collect();
    let cps: Vec<u32> = char::decode_utf16(units.iter().copied())
        .map(|r| {
            r.map(u32::from)
                .unwrap_or_else(|e| u32::from(e.unpaired_surrogate()))
        })
        .collect();
    let single = cps.contains(&u32::from('\''));
    let double = cps.contains(&u32::from('"'));
    code_points_literal(cps.into_iter(), single, double)
}

#[cfg(not(any(unix, windows)))]
fn non_unicode_path_expr(path: &Path) -> String {
    str_literal(&path.to_string_lossy())
}

/// A Python `bytes` literal (`b'...'`) holding exactly `bytes`.
pub(crate) fn bytes_literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push_str("b'");
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\'' => out.push_str("\\'"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push('\'');
    out
}

/// The literal for a sequence of code points, which may include unpaired
/// surrogates (Windows file names).
fn code_points_literal(cps: impl Iterator<Item = u32>, single: bool, double: bool) -> String {
    let quote = if single && !double { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for cp in cps {
        match cp {
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            _ if cp == u32::from(quote) => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(cp as u8)),
            0..=0xff => {
                let _ = write!(out, "\\x{cp:02x}");
            }
            0x100..=0xffff => {
                let _ = write!(out, "\\u{cp:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{cp:08x}");
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples() {
        assert_eq!(str_literal("numpy"), "'numpy'");
        assert_eq!(str_literal("it's"), "\"it's\"");
        assert_eq!(str_literal("a\nb\\c\0"), r"'a\nb\\c\x00'");
        assert_eq!(str_literal("é€😀"), r"'\xe9\u20ac\U0001f600'");

        use std::path::Path;

        assert_eq!(
            path_expr(Path::new("/opt/app/bin/python3")),
            "'/opt/app/bin/python3'"
        );

        #[cfg(unix)]
        {
            use std::ffi::OsStr;
            use std::os::unix::ffi::OsStrExt;
            let p = Path::new(OsStr::from_bytes(b"/opt/caf\xe9/python'"));
            assert_eq!(
                path_expr(p),
                r"__import__('os').fsdecode(b'/opt/caf\xe9/python\'')"
            );
        }

        assert_eq!(bytes_literal(b"a'\\\n\xff"), r"b'a\'\\\n\xff'");
    }

    #[test]
    fn quotes_follow_repr() {
        assert_eq!(str_literal(""), "''");
        assert_eq!(str_literal("'"), "\"'\"");
        assert_eq!(str_literal("\""), "'\"'");
        assert_eq!(str_literal("'\""), r#"'\'"'"#);
    }

    #[test]
    fn nul_before_digit_is_unambiguous() {
        assert_eq!(str_literal("\u{0}1"), r"'\x001'");
    }

    #[test]
    fn output_is_printable_ascii() {
        let s = "\u{0}\u{7f}\u{85}\u{2028}\u{feff}\r\n\t\u{c}\u{b}\u{1b}";
        let lit = str_literal(s);
        assert!(lit.bytes().all(|b| (0x20..=0x7e).contains(&b)), "{lit}");
    }
}
