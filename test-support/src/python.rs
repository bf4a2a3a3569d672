//! Every CPython on the machine: `$(pyenv root)/versions/3.*/bin/python3.X`
//! and every `python3`/`python3.X` on `PATH`, each asked for its
//! `sys.executable` so that pyenv shims resolve to the real binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::capture::run_with_timeout;

/// A CPython found on the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpreter {
    /// `(3, 12)`.
    pub version: (u32, u32),
    /// `3.12.1`.
    pub full_version: String,
    /// The real binary (`sys.executable` made canonical), never a shim.
    pub exe: PathBuf,
    /// Whether it lives under pyenv's root (preferred when one per version
    /// is wanted: pyenv builds have a shared libpython).
    pub pyenv: bool,
}

impl Interpreter {
    /// `3.12.1 (/root/.pyenv/versions/3.12.1/bin/python3.12)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.full_version, self.exe.display())
    }

    /// `3.12`.
    pub fn minor(&self) -> String {
        format!("{}.{}", self.version.0, self.version.1)
    }
}

/// Every distinct CPython 3.8 or later, sorted by version, pyenv builds
/// first within a version.
pub fn discover() -> Vec<Interpreter> {
    let pyenv = pyenv_root();
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(root) = &pyenv
        && let Ok(versions) = fs::read_dir(root.join("versions"))
    {
        for version in versions.flatten() {
            if version.file_name().to_string_lossy().starts_with("3.") {
                candidates.extend(pythons_in(&version.path().join("bin")));
            }
        }
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            candidates.extend(pythons_in(&dir));
        }
    }
    candidates.sort();
    candidates.dedup();
    let probes: Vec<Option<Interpreter>> = std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .iter()
            .map(|c| scope.spawn(|| probe(c, pyenv.as_deref())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut by_exe: BTreeMap<PathBuf, Interpreter> = BTreeMap::new();
    for interp in probes.into_iter().flatten() {
        by_exe.entry(interp.exe.clone()).or_insert(interp);
    }
    let mut found: Vec<Interpreter> = by_exe.into_values().collect();
    found.sort_by(|a, b| (a.version, !a.pyenv, &a.exe).cmp(&(b.version, !b.pyenv, &b.exe)));
    found
}

/// One interpreter per feature version (the pyenv build where there is one).
pub fn one_per_version(found: &[Interpreter]) -> BTreeMap<(u32, u32), Interpreter> {
    let mut out = BTreeMap::new();
    for i in found {
        out.entry(i.version).or_insert_with(|| i.clone());
    }
    out
}

/// The versions `MPCONFIG_REQUIRE_PYTHONS` ("3.8 3.9 …", set by `.ci/run`)
/// asks for.
pub fn required_versions() -> Vec<(u32, u32)> {
    std::env::var("MPCONFIG_REQUIRE_PYTHONS")
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|v| {
            let (a, b) = v.split_once('.')?;
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect()
}

/// [`discover`], failing the test when a version `MPCONFIG_REQUIRE_PYTHONS`
/// asks for is missing, and noting the versions of `expected` that are not
/// on the machine.
pub fn interpreters_or_skip(
    test: &str,
    expected: std::ops::RangeInclusive<u32>,
) -> Vec<Interpreter> {
    let found = discover();
    let missing: Vec<String> = required_versions()
        .into_iter()
        .filter(|v| !found.iter().any(|i| i.version == *v))
        .map(|(a, b)| format!("{a}.{b}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{test}: MPCONFIG_REQUIRE_PYTHONS wants {missing:?}, not found (found: {:?})",
        found.iter().map(Interpreter::label).collect::<Vec<_>>()
    );
    for minor in expected {
        if !found.iter().any(|i| i.version == (3, minor)) {
            eprintln!("note: {test}: no CPython 3.{minor} found on this machine; skipped");
        }
    }
    found
}

/// `pyenv root`, else `$PYENV_ROOT`, else `~/.pyenv`.
pub fn pyenv_root() -> Option<PathBuf> {
    if let Ok(out) = Command::new("pyenv")
        .arg("root")
        .stderr(Stdio::null())
        .output()
        && out.status.success()
    {
        let s = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !s.is_empty() {
            return Some(PathBuf::from(s));
        }
    }
    if let Some(root) = std::env::var_os("PYENV_ROOT") {
        return Some(PathBuf::from(root));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pyenv"))
}

/// `python3` and `python3.X` (optionally `t`, free-threaded) in `dir`.
fn pythons_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name == "python3"
                || name.strip_prefix("python3.").is_some_and(|rest| {
                    let digits = rest.strip_suffix('t').unwrap_or(rest);
                    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
                })
        })
        .map(|e| e.path())
        .collect()
}

fn probe(candidate: &Path, pyenv: Option<&Path>) -> Option<Interpreter> {
    let script = "import sys; print(sys.implementation.name, sys.version_info[0], \
                  sys.version_info[1], sys.version.split()[0]); print(sys.executable)";
    let mut cmd = Command::new(candidate);
    cmd.args(["-I", "-c", script]);
    let run = run_with_timeout(cmd, None, Duration::from_secs(30)).ok()?;
    if !run.status.success() {
        return None;
    }
    let text = String::from_utf8(run.stdout).ok()?;
    let mut lines = text.lines();
    let fields: Vec<&str> = lines.next()?.split_whitespace().collect();
    let exe = lines.next()?;
    if fields.len() != 4 || fields[0] != "cpython" || exe.is_empty() {
        return None;
    }
    let version = (fields[1].parse().ok()?, fields[2].parse().ok()?);
    if version < (3, 8) {
        return None;
    }
    let exe = fs::canonicalize(exe).ok()?;
    let pyenv = pyenv
        .and_then(|r| fs::canonicalize(r).ok())
        .is_some_and(|r| exe.starts_with(r));
    Some(Interpreter {
        version,
        full_version: fields[3].to_owned(),
        exe,
        pyenv,
    })
}
