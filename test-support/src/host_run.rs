//! A run of an embedding host binary as a real process with a timeout,
//! in its own process group, with its launch log (`MPCONFIG_LOG`) and
//! every process it left behind.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use crate::TempDir;
use crate::capture::tail;
use crate::process::{descendants, describe_processes, kill_tree, tagged_command};

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
    /// A file to read stdin from (else stdin is empty).
    pub stdin: Option<PathBuf>,
    /// Whether to log every start (`MPCONFIG_LOG`), as most tests do.
    pub log: bool,
}

impl HostRun {
    /// `program ARGS…`.
    pub fn new<I, S>(program: impl Into<PathBuf>, args: I) -> HostRun
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        HostRun {
            program: program.into(),
            args: args.into_iter().map(|a| a.as_ref().to_owned()).collect(),
            env: Vec::new(),
            cwd: None,
            timeout: Duration::from_secs(120),
            signal: None,
            stdin: None,
            log: true,
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

    /// Reads stdin from this file.
    pub fn stdin(mut self, path: impl Into<PathBuf>) -> Self {
        self.stdin = Some(path.into());
        self
    }

    /// Sets no `MPCONFIG_LOG` of the harness's own (the test sets one, or
    /// none).
    pub fn without_log(mut self) -> Self {
        self.log = false;
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

    /// How many starts of the host binary were of a child form whose name
    /// starts with `prefix` (`"Forkserver"`: every fork server line form).
    pub fn starts_of(&self, prefix: &str) -> usize {
        self.launches
            .iter()
            .filter(|l| l.what.starts_with(prefix))
            .count()
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

fn run_host(spec: &HostRun) -> Outcome {
    let scratch = TempDir::new("run");
    let tag = format!(
        "{}-{}",
        scratch.path().file_name().unwrap().to_string_lossy(),
        Instant::now().elapsed().as_nanos()
    );
    let log = scratch.path().join("launches.log");
    let out_path = scratch.path().join("stdout");
    let err_path = scratch.path().join("stderr");
    let mut cmd = tagged_command(&spec.program, &spec.args, &tag, &out_path, &err_path);
    if spec.log {
        cmd.env("MPCONFIG_LOG", &log);
        // The tests count isolated starts too, which the host logs only
        // when asked.
        cmd.env("MPCONFIG_LOG_ISOLATED", "1");
    }
    if let Some(path) = &spec.stdin {
        cmd.stdin(fs::File::open(path).expect("open the stdin file"));
    }
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
