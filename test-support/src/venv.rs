//! Virtual environments for the tests: small ones made on the spot
//! (`python -m venv --without-pip`), and the one with the real libraries
//! from PyPI, pinned in a requirements file, made once per target
//! directory and reused.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::capture::{Run, run_with_timeout};

/// A virtual environment.
#[derive(Clone, Debug)]
pub struct Venv {
    /// Its directory (`VIRTUAL_ENV` when activated).
    pub dir: PathBuf,
    /// Its `python`.
    pub python: PathBuf,
}

impl Venv {
    /// `python -m venv --without-pip DIR` (add `--system-site-packages`
    /// with `system_site`); panics with the output when it fails.
    pub fn create(python: &Path, dir: &Path, system_site: bool) -> Venv {
        let mut cmd = Command::new(python);
        cmd.args(["-m", "venv", "--without-pip"]);
        if system_site {
            cmd.arg("--system-site-packages");
        }
        cmd.arg(dir);
        let out = run(cmd, Duration::from_secs(120));
        assert!(
            out.status.success(),
            "{} -m venv {}: {}",
            python.display(),
            dir.display(),
            text(&out.stderr)
        );
        Venv::at(dir)
    }

    /// The venv at `dir` (not checked).
    pub fn at(dir: &Path) -> Venv {
        Venv {
            dir: dir.to_path_buf(),
            python: dir.join("bin").join("python"),
        }
    }

    /// Its `site-packages` directory (`lib/python3.X/site-packages`).
    pub fn site_packages(&self) -> PathBuf {
        let lib = self.dir.join("lib");
        fs::read_dir(&lib)
            .ok()
            .and_then(|entries| {
                entries.flatten().map(|e| e.path()).find(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("python"))
                })
            })
            .map(|p| p.join("site-packages"))
            .unwrap_or_else(|| lib.join("site-packages"))
    }

    /// The environment of a shell where it is activated (`source
    /// bin/activate`): `VIRTUAL_ENV`, and its `bin` first on `PATH`.
    pub fn activated_env(&self) -> Vec<(String, String)> {
        let path = std::env::var("PATH").unwrap_or_default();
        vec![
            ("VIRTUAL_ENV".to_owned(), self.dir.display().to_string()),
            (
                "PATH".to_owned(),
                format!("{}:{path}", self.dir.join("bin").display()),
            ),
        ]
    }
}

/// The venv under `base` with exactly the packages of `requirements`
/// (a pip requirements file of `name==version` lines, every dependency
/// listed, installed with `--no-deps`), made with `python`. Made once: a
/// stamp holding the requirements marks it complete, and a lock keeps two
/// test processes from making it at the same time. Needs PyPI (or pip's
/// configured index) the first time.
pub fn pinned(python: &Path, base: &Path, requirements: &Path) -> Venv {
    let wanted = fs::read_to_string(requirements)
        .unwrap_or_else(|e| panic!("{}: {e}", requirements.display()));
    let version = python_minor(python);
    let dir = base.join(format!("pinned-venv-{version}"));
    fs::create_dir_all(base).expect("venv base dir");
    let _lock = Lock::take(&base.join(format!("pinned-venv-{version}.lock")));
    let stamp = dir.join("mpconfig-requirements.txt");
    if fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Venv::at(&dir);
    }
    let _ = fs::remove_dir_all(&dir);
    let venv = Venv::create(python, &dir, false);
    let mut pip = Command::new(&venv.python);
    pip.args(["-m", "ensurepip", "--default-pip"]);
    let out = run(pip, Duration::from_secs(300));
    assert!(out.status.success(), "ensurepip: {}", text(&out.stderr));
    let mut install = Command::new(&venv.python);
    install
        .args([
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "-r",
        ])
        .arg(requirements);
    let out = run(install, Duration::from_secs(600));
    assert!(
        out.status.success(),
        "pip install -r {}: {}\n{}",
        requirements.display(),
        text(&out.stdout),
        text(&out.stderr)
    );
    fs::File::create(&stamp)
        .and_then(|mut f| f.write_all(wanted.as_bytes()))
        .expect("write the stamp");
    venv
}

/// Runs `cmd` with a deadline; panics when it cannot start.
fn run(cmd: Command, timeout: Duration) -> Run {
    run_with_timeout(cmd, None, timeout).expect("start a Python")
}

/// Text of a captured stream.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `3.11` for a Python.
fn python_minor(python: &Path) -> String {
    let mut cmd = Command::new(python);
    cmd.args(["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]);
    let out = run(cmd, Duration::from_secs(60));
    assert!(
        out.status.success(),
        "{}: {}",
        python.display(),
        text(&out.stderr)
    );
    text(&out.stdout).trim().to_owned()
}

/// An exclusive `flock` on a file, released when dropped.
struct Lock(fs::File);

impl Lock {
    fn take(path: &Path) -> Lock {
        use std::os::fd::AsRawFd;
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // SAFETY: flock on an fd this process owns.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(rc, 0, "flock {}", path.display());
        Lock(file)
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // SAFETY: unlocking the fd this lock holds.
        unsafe { libc::flock(self.0.as_raw_fd(), libc::LOCK_UN) };
    }
}
