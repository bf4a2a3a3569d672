//! `mpconfig check FILE…`.

use std::path::PathBuf;

use mpconfig::{LoadError, load_path};

use super::output::Output;
use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

pub fn run(files: &[PathBuf], out: &Output) -> u8 {
    let mut io_errors = 0;
    let mut errors = 0;
    for path in files {
        match load_path(path) {
            Ok(_) => {}
            Err(LoadError::Io { path, error }) => {
                eprintln!("error: cannot read {}: {error}", path.display());
                io_errors += 1;
            }
            Err(LoadError::Invalid(invalid)) => {
                errors += invalid.issues.len();
                println!("{}\n", invalid.render(out.render));
            }
        }
    }
    let checked = files.len() - io_errors;
    let plural = |n: usize, s: &str| {
        if n == 1 {
            format!("{n} {s}")
        } else {
            format!("{n} {s}s")
        }
    };
    println!(
        "checked {}: {}",
        plural(checked, "file"),
        plural(errors, "error")
    );
    if io_errors > 0 {
        EXIT_USAGE
    } else if errors > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}
