//! `mpconfig init [PATH]`.

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
            eprintln!("wrote {}", path.display());
            EXIT_OK
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; not overwriting it",
                path.display()
            );
            EXIT_USAGE
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_USAGE
        }
    }
}
