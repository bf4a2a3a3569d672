//! Shared by the bootstrap tests that run real CPython interpreters: finding
//! every interpreter on the machine, temporary directories, and running a
//! child with a timeout that also kills whatever it left behind.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A CPython found on the machine.
#[derive(Debug, Clone)]
pub struct Interpreter {
    /// `(3, 12)`.
    pub version: (u32, u32),
    /// `3.12.1`.
    pub full_version: String,
    /// The real binary (`sys.executable` made canonical), never a shim.
    pub exe: PathBuf,
}

impl Interpreter {
    /// `3.12.1 (/root/.pyenv/versions/3.12.1/bin/python3.12)`.
    pub fn label(&self) -> String {
        format!("{} ({})", self.full_version, self.exe.display())
    }
}

/// Candidates: every `$(pyenv root)/versions/3.*/bin/python3.X` and every
/// `python3`/`python3.X` on `PATH`. Each is asked for its `sys.executable`,
/// so pyenv shims resolve to the real binary; duplicates are dropped.
/// CPython 3.8 and later only, sorted by version.
pub fn discover() -> Vec<Interpreter> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(root) = pyenv_root()
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
            .map(|c| scope.spawn(move || probe(c)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut by_exe: BTreeMap<PathBuf, Interpreter> = BTreeMap::new();
    for interp in probes.into_iter().flatten() {
        by_exe.entry(interp.exe.clone()).or_insert(interp);
    }
    let mut found: Vec<Interpreter> = by_exe.into_values().collect();
    found.sort_by(|a, b| (a.version, &a.exe).cmp(&(b.version, &b.exe)));
    found
}

/// Discovers interpreters and enforces `MPCONFIG_REQUIRE_PYTHONS` ("3.8 3.9
/// ..."): a required version that is missing fails the test; otherwise
/// missing versions are only noted.
pub fn interpreters_or_skip(test: &str) -> Vec<Interpreter> {
    let found = discover();
    let required = std::env::var("MPCONFIG_REQUIRE_PYTHONS").unwrap_or_default();
    let mut missing = Vec::new();
    for want in required.split_whitespace() {
        if !found
            .iter()
            .any(|i| format!("{}.{}", i.version.0, i.version.1) == want)
        {
            missing.push(want.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "{test}: MPCONFIG_REQUIRE_PYTHONS wants {missing:?}, not found (found: {:?})",
        found.iter().map(Interpreter::label).collect::<Vec<_>>()
    );
    for minor in 8..=14 {
        if !found.iter().any(|i| i.version == (3, minor)) {
            eprintln!("note: {test}: no CPython 3.{minor} found on this machine; skipped");
        }
    }
    found
}

fn pyenv_root() -> Option<PathBuf> {
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

fn probe(candidate: &Path) -> Option<Interpreter> {
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
    Some(Interpreter {
        version,
        full_version: fields[3].to_owned(),
        exe: fs::canonicalize(exe).ok()?,
    })
}

/// What a finished (or killed) child produced.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
    pub elapsed: Duration,
}

impl Run {
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// The end of stderr, enough to see a traceback without flooding the log.
    pub fn stderr_tail(&self) -> String {
        let s = String::from_utf8_lossy(&self.stderr);
        let lines: Vec<&str> = s.lines().collect();
        let start = lines.len().saturating_sub(25);
        lines[start..].join("\n")
    }
}

/// Runs `cmd` in its own process group with stdout/stderr captured to files
/// in `scratch` (or the system temp dir), kills the child after `timeout`,
/// and afterwards kills the whole group, so that a worker relaunch loop or a
/// leftover forkserver/resource tracker cannot outlive the test.
pub fn run_with_timeout(
    mut cmd: Command,
    scratch: Option<&Path>,
    timeout: Duration,
) -> std::io::Result<Run> {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let dir = scratch
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let tag = format!(
        "mpconfig-run-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    );
    let out_path = dir.join(format!("{tag}.out"));
    let err_path = dir.join(format!("{tag}.err"));
    cmd.stdin(Stdio::null())
        .stdout(fs::File::create(&out_path)?)
        .stderr(fs::File::create(&err_path)?);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let start = Instant::now();
    let mut child = cmd.spawn()?;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if start.elapsed() > timeout {
            timed_out = true;
            kill_group(child.id());
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    kill_group(child.id());
    let elapsed = start.elapsed();
    let stdout = fs::read(&out_path).unwrap_or_default();
    let stderr = fs::read(&err_path).unwrap_or_default();
    let _ = fs::remove_file(&out_path);
    let _ = fs::remove_file(&err_path);
    Ok(Run {
        status,
        stdout,
        stderr,
        timed_out,
        elapsed,
    })
}

/// SIGKILL to every process left in the child's process group.
fn kill_group(pgid: u32) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pgid}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    #[cfg(not(unix))]
    let _ = pgid;
}

/// A directory removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
