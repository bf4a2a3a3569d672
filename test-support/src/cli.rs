//! Running a command-line binary as a user runs it: no colour, a fixed
//! width, stdin empty; and, for [`Cli::checked`], the promises every run
//! must keep whatever its input — an answer before a deadline, an exit
//! status (no signal), no panic or backtrace, bounded output, no raw
//! control characters.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A run taking longer than this is a hang.
pub const DEADLINE: Duration = Duration::from_secs(120);
/// Output (stdout + stderr) longer than this is unbounded output.
pub const MAX_OUTPUT: usize = 64 * 1024;

/// One command line to run.
#[derive(Clone, Debug)]
pub struct Cli {
    program: PathBuf,
    args: Vec<OsString>,
    cwd: Option<PathBuf>,
    max_output: usize,
}

/// What a [`Cli::checked`] run gave.
#[derive(Debug)]
pub struct CliRun {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The command line, shortened, for messages.
    pub what: String,
}

impl CliRun {
    /// stdout then stderr.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts the exit status, and that `needle` is in the output.
    #[track_caller]
    pub fn expect(&self, code: i32, needle: &str) {
        let all = self.all();
        assert_eq!(self.code, Some(code), "{}:\n{all}", self.what);
        assert!(
            all.contains(needle),
            "{}: no {needle:?} in\n{all}",
            self.what
        );
    }
}

impl Cli {
    /// `program ARGS…`.
    pub fn new<S: AsRef<OsStr>>(program: impl Into<PathBuf>, args: &[S]) -> Cli {
        Cli {
            program: program.into(),
            args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
            cwd: None,
            max_output: MAX_OUTPUT,
        }
    }

    /// Runs it in `dir`.
    pub fn cwd(mut self, dir: &Path) -> Cli {
        self.cwd = Some(dir.to_owned());
        self
    }

    /// Allows this much output for [`Cli::checked`].
    pub fn max_output(mut self, bytes: usize) -> Cli {
        self.max_output = bytes;
        self
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .stdin(Stdio::null());
        if let Some(dir) = &self.cwd {
            cmd.current_dir(dir);
        }
        cmd
    }

    /// Runs it to completion.
    pub fn output(&self) -> Output {
        self.command().output().expect("run the binary")
    }

    /// Runs it, failing the test on a hang, a signal, a panic, a
    /// backtrace, output over the limit or a raw control byte in it.
    pub fn checked(&self) -> CliRun {
        let what = self
            .args
            .iter()
            .map(|a| a.to_string_lossy().chars().take(80).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ");
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the binary");
        let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_end(&mut buf);
                }
                buf
            })
        };
        let out = read(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        );
        let err = read(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        );
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: no answer after {DEADLINE:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stdout = out.join().expect("stdout");
        let stderr = err.join().expect("stderr");
        let run = CliRun {
            code: status.code(),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
            what,
        };
        let all = run.all();
        assert!(
            run.code.is_some(),
            "{}: killed by a signal ({status:?})\n{all}",
            run.what
        );
        assert!(
            !all.contains("panicked")
                && !all.contains("RUST_BACKTRACE")
                && !all.contains("stack backtrace"),
            "{}: a panic or backtrace\n{all}",
            run.what
        );
        let size = stdout.len() + stderr.len();
        assert!(
            size <= self.max_output,
            "{}: {size} bytes of output",
            run.what
        );
        if let Some(b) = stdout
            .iter()
            .chain(&stderr)
            .find(|&&b| b < 0x20 && b != b'\n' || b == 0x7f)
        {
            panic!("{}: raw control byte {b:#04x} in output\n{all}", run.what);
        }
        run
    }
}
