//! `executable` paths.

use super::{Context, Hit};

const KEY: &str = "multiprocessing.executable";

pub(crate) fn relative(ctx: &Context<'_>) -> Vec<Hit> {
    match ctx.config.multiprocessing.executable.as_path() {
        Some(p) if !is_absolute(p) => vec![
            Hit::new(KEY, format!("executable `{}` is a relative path: children would resolve it against whatever directory the program runs in", p.display()))
                .label("relative path")
                .help("give an absolute path, or \"host\" / \"python\""),
        ],
        _ => Vec::new(),
    }
}

pub(crate) fn missing(ctx: &Context<'_>) -> Vec<Hit> {
    let Some(p) = ctx.config.multiprocessing.executable.as_path() else {
        return Vec::new();
    };
    if !ctx.filesystem || !is_absolute(p) || p.is_file() {
        return Vec::new();
    }
    vec![
        Hit::new(
            KEY,
            format!(
                "executable `{}` does not exist (or is not a file) on this machine",
                p.display()
            ),
        )
        .label("not found")
        .note("fine if it exists where the program is deployed"),
    ]
}

/// Absolute on POSIX (`/…`) or Windows (`C:\…`, `\\server\…`), wherever
/// the check runs: configs are checked for other platforms than their own.
fn is_absolute(p: &std::path::Path) -> bool {
    let s = p.to_string_lossy();
    let b = s.as_bytes();
    s.starts_with('/')
        || s.starts_with("\\\\")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
}
