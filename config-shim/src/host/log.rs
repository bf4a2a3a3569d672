//! The launch log: one line per start of the host binary.

use std::io::Write;

/// When set to an absolute file path, every start of a host binary that
/// uses this crate appends one line to that file: `pid ppid what`, then,
/// for a child, ` family`. `what` is `main` (the host's own program: not a
/// child command line), a [`CommandForm`](crate::CommandForm) name (a child
/// it ran), `rejected` (looked like a child command line but is not one),
/// `refused` (`auto_dispatch` is off, or the child's family is not in
/// `families`), `unverified` (a child its parent did not start: no
/// matching provenance mark) or `python` (run as `python` would run it,
/// `[interpreter] python_cli` being on); `family` is the child's
/// [`Family`](crate::Family) (`multiprocessing`, `loky` …). A debugging
/// aid: it shows how many times, and as what, the binary was started — a
/// relaunch loop shows at once.
///
/// The file is opened so that the variable cannot be turned against the
/// host: only an absolute path, never through a symbolic link, without
/// blocking (a FIFO without a reader is skipped), and only when it is a
/// regular file. A start in isolated mode (`-I`, `[interpreter] isolated`)
/// writes nothing unless [`LOG_ISOLATED_ENV`] is `1`, as `python -I`
/// ignores its environment.
pub const LOG_ENV: &str = "MPCONFIG_LOG";

/// Set to `1` to log isolated starts too (see [`LOG_ENV`]).
pub const LOG_ISOLATED_ENV: &str = "MPCONFIG_LOG_ISOLATED";

/// Appends `pid ppid what` to the file named by [`LOG_ENV`], if set.
/// Errors are ignored: logging must never change what the host does.
///
/// ```
/// // Without MPCONFIG_LOG in the environment this does nothing.
/// mpconfig_shim::host::log_invocation("main");
/// ```
pub fn log_invocation(what: &str) {
    log_start(what, None, false);
}

/// [`log_invocation`] for a start of a child of `family` (when it is one)
/// that runs isolated (`isolated`).
pub(crate) fn log_start(what: &str, family: Option<crate::Family>, isolated: bool) {
    let Some(path) = std::env::var_os(LOG_ENV) else {
        return;
    };
    let path = std::path::PathBuf::from(path);
    if !path.is_absolute() {
        return;
    }
    if isolated && std::env::var_os(LOG_ISOLATED_ENV).is_none_or(|v| v != "1") {
        return;
    }
    #[cfg(unix)]
    let ppid = std::os::unix::process::parent_id();
    #[cfg(not(unix))]
    let ppid = 0;
    let line = match family {
        Some(family) => format!("{} {ppid} {what} {family}\n", std::process::id()),
        None => format!("{} {ppid} {what}\n", std::process::id()),
    };
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .mode(0o600);
    }
    let Ok(mut file) = options.open(&path) else {
        return;
    };
    if file.metadata().is_ok_and(|m| m.is_file()) {
        // One write of one short line: atomic with O_APPEND.
        let _ = file.write_all(line.as_bytes());
    }
}
