//! The provenance part of the bootstrap: the wrapper around
//! `_posixsubprocess.fork_exec` that marks every child this process execs
//! (`py/provenance.py`), kept as text and compiled on the first call — or,
//! in the engine, given already compiled.

use super::{Source, py_tuple};
use crate::model::Family;

/// The wrapper's source: it defines `marking(fork_exec)` and reads the
/// globals `sys`, `family_packages`, `settings_packages` and `spawn_flags`.
pub(super) const PROVENANCE: &str = include_str!("py/provenance.py");

/// The file name the provenance code is compiled with (tracebacks show it).
pub(super) const PROVENANCE_FILE: &str = "<mpconfig provenance>";

/// Where `mark_children` gets the wrapper's code from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Code {
    /// A rendered bootstrap: the text (`PROVENANCE = r'''…'''`),
    /// compiled on the first call.
    Text,
    /// The engine: its parameter `load('provenance')` returns the code.
    Given,
}

/// `family_packages`, `settings_packages`, `spawn_flags` and
/// `mark_children(posixsubprocess)`, the `_posixsubprocess` hook.
pub(super) fn provenance(out: &mut Source, code: Code) {
    let all = Family::ALL.iter().map(|f| f.package());
    let settings = Family::ALL
        .iter()
        .filter(|f| f.takes_settings())
        .map(|f| f.package());
    out.line(1, "");
    out.line(1, &format!("family_packages = {}", py_tuple(all)));
    out.line(1, &format!("settings_packages = {}", py_tuple(settings)));
    let mut flags: Vec<&str> = Vec::new();
    for flag in Family::ALL.iter().map(|f| f.spawn_flag()) {
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    }
    out.line(1, &format!("spawn_flags = {}", py_tuple(flags.into_iter())));
    // Kept as text and compiled when a child is first exec'd: compiling it
    // costs about as much as the rest of the bootstrap, and a program that
    // execs no child (a fork pool imports _posixsubprocess but never calls
    // it) never needs it. (`provenance_fits_a_raw_string` checks the text
    // can be quoted so.)
    let (comment, compiled) = match code {
        Code::Text => (
            "the text below), compiled when fork_exec is first called",
            format!("compile(PROVENANCE, '{PROVENANCE_FILE}', 'exec')"),
        ),
        Code::Given => (
            "load('provenance')), run when fork_exec is first called",
            "load('provenance')".to_owned(),
        ),
    };
    out.block(
        1,
        &format!(
            "
        # Provenance ({comment}.
        def mark_children(posixsubprocess):
            fork_exec = posixsubprocess.fork_exec
            if getattr(fork_exec, 'mpconfig_marks', False):
                return
            marked = []

            def first_fork_exec(*args, **kwargs):
                if not marked:
                    scope = {{'sys': sys, 'family_packages': family_packages,
                             'settings_packages': settings_packages, 'spawn_flags': spawn_flags}}
                    exec({compiled}, scope)
                    marked.append(scope['marking'](fork_exec))
                return marked[0](*args, **kwargs)

            first_fork_exec.mpconfig_marks = True
            posixsubprocess.fork_exec = first_fork_exec
        "
        ),
    );
    if code == Code::Given {
        return;
    }
    out.line(1, "PROVENANCE = r'''");
    for line in PROVENANCE.lines() {
        out.line(0, line);
    }
    out.line(0, "'''");
}

#[cfg(test)]
mod tests {
    use super::PROVENANCE;

    #[test]
    fn provenance_fits_a_raw_string() {
        assert!(!PROVENANCE.contains("'''"));
        assert!(!PROVENANCE.contains('\\'));
    }
}
