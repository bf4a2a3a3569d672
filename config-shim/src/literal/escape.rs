//! The inside of a quoted `str` or `bytes` literal: raw characters and every
//! backslash escape Python defines (`\\ \' \" \a \b \f \n \r \t \v`, octal
//! `\ooo`, `\xhh`, and for `str` `\uhhhh` and `\Uhhhhhhhh`), plus the
//! backslash-newline continuation. `\N{name}` is refused (see
//! [`LiteralErrorKind::NamedEscape`]); unknown escapes such as `\q`, which
//! Python keeps verbatim with a warning, are refused too.

use super::error::{LiteralError, LiteralErrorKind};
use crate::cursor::Cursor;

/// Which kind of literal is being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Flavor {
    Str,
    Bytes,
}

/// Reads up to and including the closing `quote`; returns the code points
/// (for `Bytes`, every value is `<= 0xff`). `start` is the offset of the
/// literal, used for "unterminated" errors.
pub(super) fn read_body(
    cur: &mut Cursor<'_>,
    quote: char,
    flavor: Flavor,
    start: usize,
) -> Result<Vec<u32>, LiteralError> {
    let mut out = Vec::new();
    loop {
        let at = cur.pos();
        let c = cur.bump().ok_or(LiteralError {
            offset: start,
            kind: LiteralErrorKind::UnterminatedString,
        })?;
        match c {
            _ if c == quote => return Ok(out),
            '\n' | '\r' => {
                return Err(LiteralError {
                    offset: start,
                    kind: LiteralErrorKind::UnterminatedString,
                });
            }
            '\\' => read_escape(cur, flavor, at, start, &mut out)?,
            _ => {
                let cp = u32::from(c);
                if cp < 0x20 || cp == 0x7f {
                    return Err(LiteralError {
                        offset: at,
                        kind: LiteralErrorKind::RawControlChar(cp),
                    });
                }
                if flavor == Flavor::Bytes && !c.is_ascii() {
                    return Err(LiteralError {
                        offset: at,
                        kind: LiteralErrorKind::NonAsciiInBytes,
                    });
                }
                out.push(cp);
            }
        }
    }
}

fn read_escape(
    cur: &mut Cursor<'_>,
    flavor: Flavor,
    at: usize,
    start: usize,
    out: &mut Vec<u32>,
) -> Result<(), LiteralError> {
    let invalid = |text: String| LiteralError {
        offset: at,
        kind: LiteralErrorKind::InvalidEscape(text),
    };
    let e = cur.bump().ok_or(LiteralError {
        offset: start,
        kind: LiteralErrorKind::UnterminatedString,
    })?;
    let simple = match e {
        '\n' => return Ok(()),
        '\\' => Some(0x5c),
        '\'' => Some(0x27),
        '"' => Some(0x22),
        'a' => Some(0x07),
        'b' => Some(0x08),
        'f' => Some(0x0c),
        'n' => Some(0x0a),
        'r' => Some(0x0d),
        't' => Some(0x09),
        'v' => Some(0x0b),
        _ => None,
    };
    if let Some(cp) = simple {
        out.push(cp);
        return Ok(());
    }
    match e {
        '0'..='7' => {
            let mut value = e.to_digit(8).unwrap_or(0);
            let mut text = format!("\\{e}");
            for _ in 0..2 {
                match cur.peek().and_then(|c| c.to_digit(8).map(|d| (c, d))) {
                    Some((c, d)) => {
                        cur.bump();
                        text.push(c);
                        value = value * 8 + d;
                    }
                    None => break,
                }
            }
            if flavor == Flavor::Bytes && value > 0xff {
                return Err(invalid(text));
            }
            out.push(value);
            Ok(())
        }
        'x' => push_hex(cur, 2, 'x', out).map_err(invalid),
        'u' if flavor == Flavor::Str => push_hex(cur, 4, 'u', out).map_err(invalid),
        'U' if flavor == Flavor::Str => push_hex(cur, 8, 'U', out).map_err(invalid),
        'N' if flavor == Flavor::Str => Err(LiteralError {
            offset: at,
            kind: LiteralErrorKind::NamedEscape,
        }),
        other => Err(invalid(format!("\\{other}"))),
    }
}

/// Reads exactly `digits` hex digits; on failure returns the escape text seen.
fn push_hex(
    cur: &mut Cursor<'_>,
    digits: usize,
    letter: char,
    out: &mut Vec<u32>,
) -> Result<(), String> {
    let mut text = format!("\\{letter}");
    let mut value: u32 = 0;
    for _ in 0..digits {
        match cur.peek().and_then(|c| c.to_digit(16).map(|d| (c, d))) {
            Some((c, d)) => {
                cur.bump();
                text.push(c);
                value = value.saturating_mul(16).saturating_add(d);
            }
            None => return Err(text),
        }
    }
    if value > 0x10_FFFF {
        return Err(text);
    }
    out.push(value);
    Ok(())
}
