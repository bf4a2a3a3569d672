//! Shared by the `host*` tests: running the `mpconfig` host binary as a real
//! process with a timeout, in its own process group, and accounting for
//! every process it started — how many times the host binary was
//! re-executed (through `MPCONFIG_LOG`) and whether anything it started is
//! still alive after it exits (a tag in the environment, inherited by every
//! descendant, and the process group, both read from `/proc`).

#![allow(dead_code)]

pub mod linger;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The `mpconfig` binary cargo built for these tests (the `host` feature on,
/// against the default `python3`).
pub fn host_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_mpconfig"))
}

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A script under `tests/host_scripts/`, as an absolute path.
pub fn script(name: &str) -> String {
    root()
        .join("tests/host_scripts")
        .join(name)
        .display()
        .to_string()
}

/// A seed program under `tests/seeds/`, as an absolute path.
pub fn seed(name: &str) -> String {
    root().join("tests/seeds").join(name).display().to_string()
}

/// A scratch directory, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "mpconfig-{name}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.0.join(name);
        fs::write(&p, text).expect("write scratch file");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A signal to send to the host while it runs.
#[derive(Clone, Copy, Debug)]
pub struct SendSignal {
    /// Send it once this text appears on the host's stdout…
    pub when_stdout_has: &'static str,
    /// …or after this long, whichever comes first.
    pub after: Duration,
    pub signal: i32,
}

/// How to run the host.
#[derive(Clone, Debug)]
pub struct HostRun {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(OsString, OsString)>,
    pub cwd: Option<PathBuf>,
    pub timeout: Duration,
    pub signal: Option<SendSignal>,
}

impl HostRun {
    pub fn new<I, S>(args: I) -> HostRun
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        HostRun {
            program: host_bin(),
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            cwd: None,
            timeout: Duration::from_secs(120),
            signal: None,
        }
    }

    pub fn program(mut self, p: impl Into<PathBuf>) -> Self {
        self.program = p.into();
        self
    }

    pub fn env(mut self, k: impl AsRef<OsStr>, v: impl AsRef<OsStr>) -> Self {
        self.env
            .push((k.as_ref().to_owned(), v.as_ref().to_owned()));
        self
    }

    pub fn cwd(mut self, dir: impl Into<PathBuf>) -> Self {
        self.cwd = Some(dir.into());
        self
    }

    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    pub fn signal(mut self, s: SendSignal) -> Self {
        self.signal = Some(s);
        self
    }

    /// Runs it; see [`Outcome`].
    pub fn run(&self) -> Outcome {
        run_host(self)
    }
}

/// One line of `MPCONFIG_LOG`: a start of the host binary.
#[derive(Clone, Debug)]
pub struct Launch {
    pub pid: u32,
    pub ppid: u32,
    pub what: String,
}

/// What a host run did.
#[derive(Debug)]
pub struct Outcome {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub timed_out: bool,
    pub elapsed: Duration,
    /// Every start of the host binary in the tree (the main one included).
    pub launches: Vec<Launch>,
    /// Descendants still alive after the host exited (and a grace period
    /// for the resource tracker and fork server to notice): `pid cmdline`.
    pub leftovers: Vec<String>,
    /// When the signal was sent, if one was.
    pub signalled_at: Option<Duration>,
}

impl Outcome {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn signal(&self) -> Option<i32> {
        use std::os::unix::process::ExitStatusExt;
        self.status.signal()
    }

    /// How many times each kind of process re-executed the host.
    pub fn launch_counts(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for l in &self.launches {
            *m.entry(l.what.clone()).or_insert(0) += 1;
        }
        m
    }

    /// A summary for assertion messages.
    pub fn describe(&self) -> String {
        format!(
            "status {:?} (timed out: {}) after {:?}\nlaunches: {:?}\nleftovers: {:?}\n--- stdout\n{}\n--- stderr (tail)\n{}",
            self.status,
            self.timed_out,
            self.elapsed,
            self.launch_counts(),
            self.leftovers,
            tail(&self.stdout, 30),
            tail(&self.stderr, 40)
        )
    }

    /// The common assertions: finished in time, nothing left running, no
    /// semaphore or shared-memory leak reported, at most `max_launches`
    /// starts of the host binary.
    pub fn assert_clean(&self, max_launches: usize) {
        assert!(!self.timed_out, "timed out\n{}", self.describe());
        assert!(
            self.leftovers.is_empty(),
            "processes left running\n{}",
            self.describe()
        );
        assert!(
            !self.stderr.contains("leaked") && !self.stderr.contains("resource_tracker:"),
            "resource_tracker warning\n{}",
            self.describe()
        );
        assert!(
            self.launches.len() <= max_launches,
            "{} launches of the host binary (at most {max_launches} expected): relaunch loop?\n{}",
            self.launches.len(),
            self.describe()
        );
    }
}

pub fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// `program args` in a process group of its own, with `MPCONFIG_TEST_TAG=tag`
/// (inherited by every descendant, see [`descendants`]), no inherited
/// multiprocessing settings, SIGINT and SIGQUIT at their defaults, stdin
/// empty, stdout and stderr to these files.
pub fn tagged_command<S: AsRef<OsStr>>(
    program: &Path,
    args: &[S],
    tag: &str,
    out_path: &Path,
    err_path: &Path,
) -> Command {
    use std::os::unix::process::CommandExt;

    let mut cmd = Command::new(program);
    cmd.args(args)
        .env("MPCONFIG_TEST_TAG", tag)
        .env_remove("MPCONFIG_MULTIPROCESSING")
        .stdin(Stdio::null())
        .stdout(fs::File::create(out_path).unwrap())
        .stderr(fs::File::create(err_path).unwrap())
        .process_group(0);
    // SIGINT and SIGQUIT as at a terminal: a shell starts background jobs
    // with both ignored, the child would inherit that, and CPython (like
    // the host) leaves an ignored SIGINT ignored — the SIGINT tests would
    // then test the shell.
    // SAFETY: signal() is async-signal-safe; nothing else runs in the child.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGQUIT, libc::SIG_DFL);
            Ok(())
        });
    }
    cmd
}

fn run_host(spec: &HostRun) -> Outcome {
    let scratch = Scratch::new("run");
    let tag = format!(
        "{}-{}",
        scratch.path().file_name().unwrap().to_string_lossy(),
        Instant::now().elapsed().as_nanos()
    );
    let log = scratch.path().join("launches.log");
    let out_path = scratch.path().join("stdout");
    let err_path = scratch.path().join("stderr");
    let mut cmd = tagged_command(&spec.program, &spec.args, &tag, &out_path, &err_path);
    cmd.env("MPCONFIG_LOG", &log);
    for (k, v) in &spec.env {
        cmd.env(k, v);
    }
    if let Some(dir) = &spec.cwd {
        cmd.current_dir(dir);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start the host binary");
    let pid = child.id();
    let mut timed_out = false;
    let mut signalled_at = None;
    let mut hung = Vec::new();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if let (Some(sig), None) = (spec.signal, signalled_at) {
            let ready = start.elapsed() >= sig.after
                || fs::read_to_string(&out_path).is_ok_and(|s| s.contains(sig.when_stdout_has));
            if ready {
                // SAFETY: signalling our own child.
                unsafe { libc::kill(pid as i32, sig.signal) };
                signalled_at = Some(start.elapsed());
            }
        }
        if start.elapsed() > spec.timeout {
            timed_out = true;
            hung = describe_processes(pid, &tag);
            kill_tree(pid, &tag);
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    // The resource tracker and the fork server exit when they see EOF on
    // their pipe, a moment after the host; give them a grace period.
    let mut leftovers = descendants(pid, &tag);
    let grace = Instant::now();
    while !leftovers.is_empty() && grace.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(20));
        leftovers = descendants(pid, &tag);
    }
    if !leftovers.is_empty() {
        leftovers = describe_processes(pid, &tag);
        kill_tree(pid, &tag);
    }
    if timed_out {
        leftovers = hung;
    }
    let launches = fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some(Launch {
                pid: f.next()?.parse().ok()?,
                ppid: f.next()?.parse().ok()?,
                what: f.next()?.to_owned(),
            })
        })
        .collect();
    Outcome {
        status,
        stdout: fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap_or_default()).into_owned(),
        timed_out,
        elapsed,
        launches,
        leftovers,
        signalled_at,
    }
}

/// Live processes (zombies excluded) in process group `pgid` or carrying
/// `MPCONFIG_TEST_TAG=tag` in their environment: `pid cmdline`.
pub fn descendants(pgid: u32, tag: &str) -> Vec<String> {
    let needle = format!("MPCONFIG_TEST_TAG={tag}");
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp …; comm may hold spaces and parens.
        let Some(after) = stat.rfind(')').map(|i| &stat[i + 1..]) else {
            continue;
        };
        let fields: Vec<&str> = after.split_whitespace().collect();
        let (state, pgrp) = (fields.first().copied(), fields.get(2).copied());
        if state == Some("Z") || state == Some("X") {
            continue;
        }
        let in_group = pgrp.and_then(|p| p.parse::<u32>().ok()) == Some(pgid);
        let tagged = fs::read(entry.path().join("environ"))
            .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == needle.as_bytes()));
        if in_group || tagged {
            let cmdline = fs::read(entry.path().join("cmdline"))
                .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
                .unwrap_or_default();
            found.push(format!("{pid} {}", cmdline.trim_end()));
        }
    }
    found
}

/// The host (if alive) and its descendants with state, kernel wait channel
/// and Python-level thread count, for a diagnosis of a hang.
fn describe_processes(pgid: u32, tag: &str) -> Vec<String> {
    let mut lines = descendants(pgid, tag);
    for line in &mut lines {
        let pid = line.split_whitespace().next().unwrap_or("0").to_owned();
        let proc_dir = PathBuf::from("/proc").join(&pid);
        let wchan = fs::read_to_string(proc_dir.join("wchan")).unwrap_or_default();
        let threads = fs::read_dir(proc_dir.join("task")).map_or(0, |d| d.count());
        let state = fs::read_to_string(proc_dir.join("stat"))
            .ok()
            .and_then(|s| s.rfind(')').map(|i| s[i + 2..i + 3].to_owned()))
            .unwrap_or_default();
        line.push_str(&format!(
            " [state {state}, wchan {wchan}, {threads} threads]"
        ));
    }
    lines
}

/// SIGKILL to the process group and to every tagged process.
pub fn kill_tree(pgid: u32, tag: &str) {
    // SAFETY: signalling processes this test started.
    unsafe { libc::kill(-(pgid as i32), libc::SIGKILL) };
    for line in descendants(pgid, tag) {
        if let Some(pid) = line
            .split_whitespace()
            .next()
            .and_then(|p| p.parse::<i32>().ok())
        {
            // SAFETY: as above.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

/// A config file with these `[multiprocessing]` lines.
pub fn config_file(dir: &Scratch, name: &str, lines: &[String]) -> PathBuf {
    dir.write(name, &format!("[multiprocessing]\n{}\n", lines.join("\n")))
}

/// Runs `jobs` on `threads` threads; returns the results in order.
pub fn parallel<T: Send, R: Send>(
    threads: usize,
    jobs: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate().collect::<Vec<_>>());
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                loop {
                    let job = queue.lock().unwrap().pop();
                    let Some((i, job)) = job else { break };
                    let r = f(job);
                    results.lock().unwrap().push((i, r));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// `cargo build ARGS…` from the workspace root, as a nested build: the
/// outer cargo's target directory and jobserver settings removed (the
/// caller passes `--target-dir`), stdin empty.
pub fn nested_cargo_build<S: AsRef<OsStr>>(args: &[S]) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root())
        .arg("build")
        .args(args)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .stdin(Stdio::null());
    cmd
}

/// The interpreter the default build links (`PYO3_PYTHON`, else `python3`).
pub fn build_python() -> OsString {
    std::env::var_os("PYO3_PYTHON").unwrap_or_else(|| "python3".into())
}
