//! Provenance: whether the process that started this child meant exactly
//! this command line.
//!
//! A parent that ran mpconfig's bootstrap marks every start of the host
//! binary it makes (the bootstrap wraps `_posixsubprocess.fork_exec`,
//! through which every POSIX child of `multiprocessing`, `subprocess`,
//! multiprocess, billiard and loky is exec'd): the child's environment gets
//! [`CHILD_ENV`] = [`child_intent`] of the argv it execs — a digest of every
//! argument after the executable — and the library that started it. A child
//! command line is answered only when the digest matches its own argv: the
//! fork server's `main_path`, preload and `sys_path`, the `-W` and `-X`
//! options, the fds of a spawn worker or a tracker are then what the parent
//! wrote. Someone who controls only a start's arguments (and stdin, and
//! inherited fds) cannot make the digest match, so nothing they name is
//! run. Someone who also controls the environment can, as they can make
//! `python` run anything (`PYTHONPATH`, `PYTHONSTARTUP`).

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// The environment variable a bootstrapped parent sets for each start of
/// the host binary it makes: `v1 <digest> <package>`.
pub const CHILD_ENV: &str = "MPCONFIG_CHILD";

/// The digest of a command line, every argument after the executable:
/// SHA-256 over each argument's bytes, each preceded by its length (8 bytes,
/// little-endian), in hex. The bootstrap's `py/provenance.py` computes the
/// same.
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::child_intent;
///
/// let argv: Vec<OsString> = ["-c", "x"].iter().map(OsString::from).collect();
/// assert_eq!(child_intent(&argv).len(), 64);
/// assert_ne!(child_intent(&argv), child_intent(&argv[..1]));
/// ```
pub fn child_intent<S: AsRef<OsStr>>(args: &[S]) -> String {
    let mut h = Sha256::new();
    for a in args {
        let bytes = a.as_ref().as_encoded_bytes();
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The value a parent sets in [`CHILD_ENV`] for a start of the host with
/// `argv` (the whole of it, the executable first), made by `package`.
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{child_env_value, child_intent};
///
/// let argv: Vec<OsString> = ["host", "-c", "x"].iter().map(OsString::from).collect();
/// assert_eq!(child_env_value(&argv, "multiprocessing"), format!("v1 {} multiprocessing", child_intent(&argv[1..])));
/// ```
pub fn child_env_value<S: AsRef<OsStr>>(argv: &[S], package: &str) -> String {
    let after = argv.get(1..).unwrap_or(&[]);
    format!("v1 {} {package}", child_intent(after))
}

/// What a child's [`CHILD_ENV`] says about its own command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// The parent meant this command line; it was started by `package`
    /// (`multiprocessing`, `multiprocess` …; `-` when not known).
    Meant {
        /// The library whose code exec'd the child.
        package: String,
    },
    /// No mark: not started by a bootstrapped parent.
    Unmarked,
    /// A mark for another command line (or a malformed one).
    Mismatch,
}

/// Checks `argv` (the whole of it) against the mark `value` (the content
/// of [`CHILD_ENV`], `None` when unset).
///
/// ```
/// use std::ffi::OsString;
/// use mpconfig_shim::{child_env_value, verify_child, Provenance};
///
/// let argv: Vec<OsString> = ["host", "-c", "x"].iter().map(OsString::from).collect();
/// let mark = OsString::from(child_env_value(&argv, "multiprocessing"));
/// assert_eq!(verify_child(&argv, Some(&mark)), Provenance::Meant { package: "multiprocessing".into() });
/// assert_eq!(verify_child(&argv[..2], Some(&mark)), Provenance::Mismatch);
/// assert_eq!(verify_child(&argv, None), Provenance::Unmarked);
/// ```
pub fn verify_child(argv: &[OsString], value: Option<&OsStr>) -> Provenance {
    let Some(value) = value else {
        return Provenance::Unmarked;
    };
    let Some(text) = value.to_str() else {
        return Provenance::Mismatch;
    };
    let mut parts = text.split(' ');
    let (Some("v1"), Some(digest), Some(package), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Provenance::Mismatch;
    };
    let after = argv.get(1..).unwrap_or(&[]);
    if digest.len() == 64 && digest == child_intent(after) {
        Provenance::Meant {
            package: package.to_owned(),
        }
    } else {
        Provenance::Mismatch
    }
}

/// [`verify_child`] against this process's [`CHILD_ENV`].
pub fn verify_this_child(argv: &[OsString]) -> Provenance {
    let value: Option<OsString> = std::env::var_os(CHILD_ENV);
    verify_child(argv, value.as_deref())
}
