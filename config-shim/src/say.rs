//! Writing to stderr without panicking: a closed or full stderr (`2>&-`,
//! `2>/dev/full`, a pipe nobody reads) must not turn a refusal (exit 2)
//! into a panic (exit 101).

use std::io::Write;

/// Writes `text` and a newline to stderr; errors are ignored. What a host
/// uses for its refusals, so that they end with their exit status whatever
/// stderr is.
///
/// ```
/// mpconfig_shim::say("mpconfig: refusing to run it");
/// ```
pub fn say(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.write_all(b"\n");
    let _ = err.flush();
}
