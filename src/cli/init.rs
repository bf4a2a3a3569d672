//! `mpconfig init [PATH]`.

use super::print::{errln, shown};
use std::io::Write;
use std::path::Path;

use super::{EXIT_OK, EXIT_USAGE};

/// The starter config: every key, with its default and what it means.
pub const STARTER: &str = include_str!("starter.toml");

pub fn run(path: &Path) -> u8 {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let result = file.and_then(|mut f| f.write_all(STARTER.as_bytes()));
    match result {
        Ok(()) => {
            errln!("wrote {}", shown(path));
            EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            errln!("error: {} already exists; not overwriting it", shown(path));
            EXIT_USAGE
        }
        Err(e) => {
            errln!("error: cannot write {}: {e}", shown(path));
            EXIT_USAGE
        }
    }
}
