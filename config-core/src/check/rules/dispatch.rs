//! Children that re-execute the host, and who answers their command lines.

use super::Context;
use crate::check::{Effective, resolve};
use crate::diagnostic::Diagnostic;
use crate::model::Executable;
use crate::platform::Os;
use crate::platform::Target;

pub(crate) fn reexec_without_dispatch(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    let effective = resolve(mp, t);
    // On Windows a frozen program's own freeze_support() can still catch
    // `--multiprocessing-fork` (MP015); without sys.frozen nothing can.
    let unanswered = if t.os.is_posix() {
        effective.reexecutes()
    } else {
        effective == Effective::Spawn && !mp.sys_frozen
    };
    (unanswered && mp.executable == Executable::Host && !mp.auto_dispatch)
        .then(|| {
            let what = match effective {
                Effective::Spawn => "every spawn worker re-runs the host's own main, which starts workers again: processes multiply without end",
                _ => "the forkserver re-runs the host's own main instead of serving: it fails at once",
            };
            ctx.finding("multiprocessing.auto_dispatch", format!("{effective} re-executes the host, which does not answer child command lines: {what}"))
                .with_label("dispatch is off")
                .with_help("set auto_dispatch = true, or executable = \"python\" with sys_frozen = false")
        })
}

pub(crate) fn unfrozen_host(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    if mp.sys_frozen || mp.executable != Executable::Host || resolve(mp, t) != Effective::Spawn {
        return None;
    }
    Some(
        ctx.finding("multiprocessing.sys_frozen", "without sys.frozen, spawn workers re-execute the host with interpreter flags and `-c 'from multiprocessing.spawn import spawn_main; spawn_main(...)' --multiprocessing-fork`")
            .with_label("sys.frozen not set")
            .with_note("the host must recognise the `-c` forms (mpconfig's shim does, with auto_dispatch = true); PyOxidizer's dispatch does not"),
    )
}

pub(crate) fn frozen_foreign_executable(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    (mp.sys_frozen && mp.executable != Executable::Host && resolve(mp, t) == Effective::Spawn).then(|| {
        ctx.finding("multiprocessing.sys_frozen", format!("with sys.frozen set, spawn workers run `{} --multiprocessing-fork …`, which a real interpreter rejects: the pool relaunches workers forever", mp.executable))
            .with_label("sys.frozen set")
            .with_help("set sys_frozen = false when children run a real interpreter, or executable = \"host\"")
    })
}

pub(crate) fn windows_spawn_without_dispatch(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    (t.os == Os::Windows
        && resolve(mp, t) == Effective::Spawn
        && mp.executable == Executable::Host
        && mp.sys_frozen
        && !mp.auto_dispatch)
        .then(|| {
            ctx.finding("multiprocessing.auto_dispatch", "spawn workers re-execute the host, which does not dispatch: only a `multiprocessing.freeze_support()` call first thing in `__main__` stops them re-running the program")
                .with_label("dispatch is off")
                .with_help("set auto_dispatch = true, or make sure the program calls freeze_support() before anything else")
        })
}

pub(crate) fn tracker_without_dispatch(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    (t.os.is_posix() && resolve(mp, t) == Effective::Fork && mp.executable == Executable::Host && !mp.auto_dispatch).then(|| {
        ctx.finding("multiprocessing.auto_dispatch", "the resource tracker (started by `multiprocessing.shared_memory`, whatever the start method) re-executes the host, which does not dispatch: it re-runs the host's own main")
            .with_label("dispatch is off")
            .with_help("set auto_dispatch = true, or allow MP018 if the program never uses shared_memory")
    })
}

pub(crate) fn dispatch_unused(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    if !mp.auto_dispatch || mp.executable == Executable::Host {
        return Vec::new();
    }
    vec![
        ctx.finding(
            "multiprocessing.auto_dispatch",
            format!(
                "children run `{}`, not the host, so the host's dispatch is never used",
                mp.executable
            ),
        )
        .with_label("dispatch is on")
        .with_help(
            "set auto_dispatch = false so the host cannot be used to run child command lines",
        ),
    ]
}
