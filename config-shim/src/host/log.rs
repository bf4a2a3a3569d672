//! The launch log: one line per start of the host binary.

use std::io::Write;

/// When set to a file path, every host process started through this crate
/// appends one line to that file: `pid ppid what` (`what` is `main`, a
/// [`CommandForm`](crate::CommandForm) name, `rejected` or `refused`). A
/// debugging aid: it shows how many times, and as what, the host binary was
/// re-executed — a relaunch loop shows at once.
pub const LOG_ENV: &str = "MPCONFIG_LOG";

/// Appends `pid ppid what` to the file named by [`LOG_ENV`], if set.
/// Errors are ignored: logging must never change what the host does.
///
/// ```
/// // Without MPCONFIG_LOG in the environment this does nothing.
/// mpconfig_shim::host::log_invocation("main");
/// ```
pub fn log_invocation(what: &str) {
    let Some(path) = std::env::var_os(LOG_ENV) else {
        return;
    };
    if path.is_empty() {
        return;
    }
    #[cfg(unix)]
    let ppid = std::os::unix::process::parent_id();
    #[cfg(not(unix))]
    let ppid = 0;
    let line = format!("{} {} {}\n", std::process::id(), ppid, what);
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    {
        // One write of one short line: atomic with O_APPEND.
        let _ = file.write_all(line.as_bytes());
    }
}
