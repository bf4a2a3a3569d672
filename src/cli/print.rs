//! Printing that never panics: a closed pipe (`mpconfig check | head -1`),
//! a full disk or a closed stderr ends the write, not the process with a
//! panic (exit 101). Paths from the command line are shown with control
//! characters escaped.

use std::io::Write;
use std::path::Path;

/// `print!` to stdout; errors are ignored.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::print::write_out(&format!($($arg)*))
    };
}

/// `println!` to stdout; errors are ignored.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::print::write_out(&format!("{}\n", format!($($arg)*)))
    };
}

/// `eprintln!` to stderr; errors are ignored.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::print::write_err(&format!("{}\n", format!($($arg)*)))
    };
}

#[allow(unused_imports)]
pub(crate) use {errln, out, outln};

pub(crate) fn write_out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

pub(crate) fn write_err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// A path as shown in a message: lossily decoded, control characters
/// escaped (`\u{1b}`), so a file name cannot drive the terminal.
pub(crate) fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            super::shown(std::path::Path::new("a\u{1b}[31mb")),
            "a\\u{1b}[31mb"
        );
    }
}
