//! `executable` paths.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::platform::Target;

const KEY: &str = "multiprocessing.executable";

pub(crate) fn relative(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let p = ctx.config.multiprocessing.executable.as_path()?;
    let text = p.to_string_lossy();
    let absolute = if t.os.is_posix() {
        is_posix_absolute(&text)
    } else {
        is_windows_absolute(&text)
    };
    (!absolute).then(|| {
        ctx.finding(KEY, format!("executable `{}` is not an absolute path on this target: children would resolve it against whatever directory the program runs in", p.display()))
            .with_label("relative path")
            .with_help("give an absolute path for each target OS, or \"host\" / \"python\"")
    })
}

pub(crate) fn missing(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let Some(p) = ctx.config.multiprocessing.executable.as_path() else {
        return Vec::new();
    };
    let text = p.to_string_lossy();
    let absolute_here = if cfg!(windows) {
        is_windows_absolute(&text)
    } else {
        is_posix_absolute(&text)
    };
    if !ctx.filesystem || !absolute_here || p.is_file() {
        return Vec::new();
    }
    vec![
        ctx.finding(
            KEY,
            format!(
                "executable `{}` does not exist (or is not a file) on this machine",
                p.display()
            ),
        )
        .with_label("not found")
        .with_note("fine if it exists where the program is deployed"),
    ]
}

/// `/…`: absolute for a POSIX target, wherever the check runs.
fn is_posix_absolute(p: &str) -> bool {
    p.starts_with('/')
}

/// `C:\…`, `C:/…` or `\\server\…`: absolute for a Windows target.
fn is_windows_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with("\\\\")
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
}
