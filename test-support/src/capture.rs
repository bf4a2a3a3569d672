//! Running a command with a deadline, output captured, and nothing it
//! started left behind.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    /// The end of stderr, enough to see a traceback without flooding the log.
    pub fn stderr_tail(&self) -> String {
        tail(&self.stderr_str(), 25)
    }
}

/// The last `n` lines of `s`.
pub fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Runs `cmd` in its own process group with stdout/stderr captured to files
/// in `scratch` (or the system temp dir), kills the child after `timeout`,
/// and afterwards kills the whole group, so that a worker relaunch loop or a
/// leftover fork server or resource tracker cannot outlive the test.
pub fn run_with_timeout(
    mut cmd: Command,
    scratch: Option<&Path>,
    timeout: Duration,
) -> std::io::Result<Run> {
    use std::os::unix::process::CommandExt;

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
        .stderr(fs::File::create(&err_path)?)
        .process_group(0);
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

/// SIGKILL to every process left in the process group `pgid`.
pub fn kill_group(pgid: u32) {
    let Ok(pgid) = i32::try_from(pgid) else {
        return;
    };
    // SAFETY: signalling a process group this test started.
    unsafe { libc::kill(-pgid, libc::SIGKILL) };
}
