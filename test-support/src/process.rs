//! Which processes a run started and left behind: a process group of
//! its own and a tag in the environment that every descendant inherits,
//! both read from `/proc` (zombies skipped: this machine's init reaps
//! orphans late).

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
pub fn describe_processes(pgid: u32, tag: &str) -> Vec<String> {
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
