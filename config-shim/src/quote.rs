//! How text from the command line or the environment is quoted in a
//! message: escaped and cut, so no control character reaches a terminal
//! and look-alike letters show as what they are.

use std::ffi::OsStr;

/// Quotes text for a message: in double quotes, cut to a readable length,
/// with everything but printable ASCII escaped (`\n`, `\u{430}` …).
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::from("\"");
    for c in text.chars().take(MAX) {
        if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
            out.push(c);
        } else {
            out.extend(c.escape_default());
        }
    }
    if text.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

/// [`quote`] for OS text: bytes that are not UTF-8 are shown as `\xNN`.
pub(crate) fn quote_os(text: &OsStr) -> String {
    match text.to_str() {
        Some(s) => quote(s),
        None => {
            let bytes = text.as_encoded_bytes();
            let mut shown = String::new();
            for chunk in bytes.utf8_chunks() {
                shown.push_str(chunk.valid());
                for b in chunk.invalid() {
                    shown.push_str(&format!("\\x{b:02x}"));
                }
            }
            // The \x escapes are already printable; quote escapes the rest
            // (and would double the backslashes, so mark them first).
            quote(&shown).replace("\\\\x", "\\x")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_truncates() {
        assert_eq!(quote("a\u{1b}b"), "\"a\\u{1b}b\"");
        assert_eq!(quote("mаin \"x\""), "\"m\\u{430}in \\\"x\\\"\"");
        assert!(quote(&"x".repeat(500)).chars().count() < 90);
    }

    #[cfg(unix)]
    #[test]
    fn os_text_shows_bytes() {
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(quote_os(OsStr::from_bytes(b"a\xffb\t")), "\"a\\xffb\\t\"");
    }
}
