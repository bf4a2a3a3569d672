//! Start methods that do not exist, or are unsafe, on a platform.

use super::Context;
use crate::check::{Effective, resolve};
use crate::diagnostic::Diagnostic;
use crate::model::{Dispatcher, Executable, StartMethod};
use crate::platform::Target;
use crate::platform::{Os, PythonVersion};

const KEY: &str = "multiprocessing.start_method";

pub(crate) fn fork_on_windows(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    (t.os == Os::Windows && resolve(&ctx.config.multiprocessing, t) == Effective::Fork).then(|| {
        ctx.finding(KEY, "start method `fork` does not exist on Windows")
            .with_label("fork here")
            .with_help("use \"auto\" (spawn on Windows, fork elsewhere) or \"spawn\"")
            .with_note(
                "multiprocessing raises `ValueError: cannot find context for 'fork'` on Windows",
            )
    })
}

pub(crate) fn forkserver_on_windows(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    (t.os == Os::Windows && resolve(&ctx.config.multiprocessing, t) == Effective::Forkserver).then(|| {
        ctx.finding(KEY, "start method `forkserver` does not exist on Windows")
            .with_label("forkserver here")
            .with_help("use \"auto\" or \"spawn\" for Windows targets")
            .with_note("multiprocessing raises `ValueError: cannot find context for 'forkserver'` on Windows")
    })
}

pub(crate) fn spawn_outside_windows(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    // Children that run a real interpreter are not at risk; a host that does
    // not dispatch at all is MP004's error; mpconfig's dispatch answers
    // every form.
    let host_dispatches = mp.executable == Executable::Host && mp.auto_dispatch;
    let unknown_dispatch = ctx.dispatcher != Dispatcher::Mpconfig;
    (t.os.is_posix() && host_dispatches && unknown_dispatch && resolve(mp, t) == Effective::Spawn).then(|| {
        let why = if mp.start_method == StartMethod::None {
            "`none` leaves CPython's default, spawn, which re-executes the host for every worker"
        } else {
            "spawn re-executes the host for every worker"
        };
        ctx.finding(KEY, format!("{why}; outside Windows this works only if the host answers every child command line"))
            .with_label("spawn here")
            .with_help("if the host answers children with mpconfig's dispatch (`mpconfig run`, `mpconfig::host`), which answers every form, say so: `[host] dispatcher = \"mpconfig\"`; else use \"fork\" or \"forkserver\" on POSIX targets")
            .with_note("PyOxidizer's guide: spawn is known to be buggy in frozen hosts except on Windows")
    })
}

pub(crate) fn linux_default_changed(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    (mp.start_method == StartMethod::None
        && t.os == Os::Linux
        && t.version.behaves_like() >= PythonVersion::new(3, 14))
    .then(|| {
        ctx.finding(KEY, "Python 3.14 changed the Linux default to forkserver: children now re-execute the host")
            .with_label("CPython's default here")
            .with_help("name the method you rely on: \"fork\" keeps the ≤ 3.13 behaviour, \"forkserver\" accepts the new one")
    })
}

pub(crate) fn fork_on_macos_framework(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    let effective = resolve(mp, t);
    (t.os == Os::MacosFramework && matches!(effective, Effective::Fork | Effective::Forkserver)).then(|| {
        // Name the value the config holds: `auto` is underlined, not `fork`.
        let (why, label) = if mp.start_method == StartMethod::Auto {
            (
                format!("`auto` means {effective} on macOS, which is unreliable under a macOS framework build of Python (bpo-33725)"),
                format!("`auto` = {effective} here"),
            )
        } else {
            (
                format!("`{effective}` is unreliable under a macOS framework build of Python (bpo-33725)"),
                format!("{effective} here"),
            )
        };
        ctx.finding(KEY, why)
            .with_label(label)
            .with_help("use \"spawn\" (CPython's own default there) with mpconfig's dispatch (`[host] dispatcher = \"mpconfig\"`)")
    })
}

pub(crate) fn fork_on_macos(ctx: &Context<'_>, t: Target) -> Option<Diagnostic> {
    let mp = &ctx.config.multiprocessing;
    (t.os == Os::Macos && resolve(mp, t) == Effective::Fork).then(|| {
        let why = if mp.start_method == StartMethod::Auto {
            "`auto` means fork on macOS, where system libraries are not fork-safe"
        } else {
            "fork is unsafe on macOS: system libraries are not fork-safe"
        };
        ctx.finding(KEY, why)
            .with_label("fork here")
            .with_help("use \"spawn\" (CPython's default on macOS) with mpconfig's dispatch (`[host] dispatcher = \"mpconfig\"`), or \"forkserver\"")
    })
}
