//! fork in a host that runs threads.

use super::Context;
use crate::check::{Effective, resolve};
use crate::diagnostic::Diagnostic;
use crate::platform::PythonVersion;
use crate::platform::Target;

pub(crate) fn fork_multithreaded(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    // Windows has no fork (MP001), and CPython's warning is POSIX-only.
    let fork = resolve(&ctx.config.multiprocessing, t) == Effective::Fork;
    if !ctx.config.host.multithreaded || !t.os.is_posix() || !fork {
        return None;
    }
    let hit = ctx.finding(
        "multiprocessing.start_method",
        "fork in a multi-threaded host: a child can inherit a lock held by a thread that does not exist in it, and deadlock",
    )
    .with_label("fork here")
    .with_help("use \"forkserver\" (or \"spawn\" on a dispatching host): the server forks from a single-threaded process");
    if t.version.behaves_like() >= PythonVersion::new(3, 12) {
        Some(hit.with_note(
            "CPython 3.12+ raises `DeprecationWarning: This process (pid=N) is multi-threaded, use of fork() may lead to deadlocks in the child.` (shown with -X dev or -W default)",
        ))
    } else {
        Some(hit)
    }
}
