//! `literal`: the strict parser for the Python literals in `-c` strings.
//!
//! * Never a panic; an error's offset lies inside the text.
//! * A parsed value printed (`Display`, Python's `ascii()` form) is printable
//!   ASCII, parses back to the same value, and printing that again gives
//!   the same text (the printed form is a fixed point).
//! * `parse_literal_prefix` stops on a character boundary inside the text,
//!   and the prefix it consumed parses, alone, to the same value.

use mpconfig_shim::{PyLiteral, parse_literal, parse_literal_prefix};

use crate::MAX_INPUT;

/// Parses `data` (when it is UTF-8) and checks every invariant above.
pub fn check_literal(data: &[u8]) {
    if data.len() > MAX_INPUT {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_literal(text) {
        Ok(value) => check_round_trip(&value),
        Err(e) => assert!(e.offset <= text.len(), "error offset {e:?}"),
    }
    match parse_literal_prefix(text) {
        Ok((value, used)) => {
            assert!(used <= text.len() && text.is_char_boundary(used));
            let alone = parse_literal(&text[..used])
                .unwrap_or_else(|e| panic!("the consumed prefix {:?} fails: {e}", &text[..used]));
            assert_eq!(alone, value, "the consumed prefix parses differently");
        }
        Err(e) => assert!(e.offset <= text.len(), "error offset {e:?}"),
    }
}

/// Printing a value and parsing it back gives the same value, and printing
/// is a fixed point.
pub fn check_round_trip(value: &PyLiteral) {
    let printed = value.to_string();
    assert!(
        printed.bytes().all(|b| (0x20..0x7f).contains(&b)),
        "printed form is not printable ASCII: {printed:?}"
    );
    let back = parse_literal(&printed)
        .unwrap_or_else(|e| panic!("printed form {printed:?} does not parse: {e}"));
    assert_eq!(
        &back, value,
        "printed form {printed:?} parses to another value"
    );
    assert_eq!(back.to_string(), printed, "printing is not a fixed point");
}
