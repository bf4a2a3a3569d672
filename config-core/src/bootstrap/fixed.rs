//! The config-independent pieces both a rendered bootstrap and the engine
//! write: `find_python`, the removal of stale finders, the `startup`
//! imports and the on-import protocol.

use super::{FINDER_MARKER, Source};

/// `find_python()`, for `executable = "python"`.
pub(super) const FIND_PYTHON: &str = include_str!("py/find_python.py");

pub(super) fn find_python(out: &mut Source) {
    for line in FIND_PYTHON.lines() {
        out.line(1, line);
    }
}

/// Drops every finder an earlier run of a bootstrap left (the on-import
/// protocol's step 5).
pub(super) fn stale_drop(out: &mut Source) {
    out.block(
        1,
        &format!(
            "
            # Drop what an earlier run of a bootstrap left pending: the last run wins.
            for stale in [f for f in sys.meta_path if getattr(f, '{FINDER_MARKER}', False)]:
                sys.meta_path.remove(stale)"
        ),
    );
}

/// `apply = "startup"`: import and hook now what `hooks` names of the
/// standard library.
pub(super) fn startup_now(out: &mut Source, indent: usize) {
    out.block(
        indent,
        "# apply = \"startup\": import multiprocessing (its spawn and forkserver
        # modules when the executable or a preload is set, and _posixsubprocess)
        # and apply now; the other packages, which may not be installed, when
        # they are imported.
        for name in ('multiprocessing', 'multiprocessing.spawn',
                     'multiprocessing.forkserver', '_posixsubprocess'):
            hook = hooks.pop(name, None)
            if hook is not None:
                __import__(name)
                hook(sys.modules[name])",
    );
}

pub(super) fn on_import(out: &mut Source) {
    const ON_IMPORT: &str = include_str!("py/on_import.py");
    for line in ON_IMPORT.lines() {
        out.line(1, line);
    }
}
