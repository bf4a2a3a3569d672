//! How long the children of a SIGKILLed parent outlive it: the program runs
//! in its own process group with a tag in its environment; once its stdout
//! shows a marker, its tree is recorded (pid, parent, command line), the
//! parent gets SIGKILL, and each child's time until it is gone is measured.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::TempDir;
use crate::process::{descendants, kill_tree, tagged_command};

/// One child of the killed parent.
#[derive(Debug)]
pub struct Lingerer {
    /// `tracker`, `forkserver`, `forkserver-child`, `spawn-worker` or `fork-child`.
    pub kind: &'static str,
    /// Time from the SIGKILL until it was gone; `None`: still alive at the cap.
    pub gone_after: Option<Duration>,
}

/// What the run gave.
#[derive(Debug)]
pub struct Linger {
    pub children: Vec<Lingerer>,
    pub stderr: String,
}

/// Runs `program args` (with `env`), SIGKILLs it once stdout contains
/// `marker`, and watches its children for at most `cap` (then kills them).
pub fn sigkill_parent(
    program: &Path,
    args: &[String],
    env: &[(&str, &str)],
    marker: &str,
    cap: Duration,
) -> Linger {
    let scratch = TempDir::new("linger");
    let tag = format!("linger-{}", scratch.path().display());
    let out_path = scratch.path().join("stdout");
    let err_path = scratch.path().join("stderr");
    let mut cmd = tagged_command(program, args, &tag, &out_path, &err_path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start the parent");
    let pid = child.id();
    let start = Instant::now();
    while !fs::read_to_string(&out_path).is_ok_and(|s| s.contains(marker)) {
        assert!(start.elapsed() < Duration::from_secs(60), "no {marker:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Let the workers get going, then record the tree.
    std::thread::sleep(Duration::from_millis(300));
    let tree: Vec<(u32, &'static str)> = descendants(pid, &tag)
        .iter()
        .filter_map(|line| {
            let p: u32 = line.split_whitespace().next()?.parse().ok()?;
            (p != pid).then(|| (p, kind(p, pid, line)))
        })
        .collect();
    // SAFETY: signalling our own child.
    unsafe { libc::kill(pid as i32, libc::SIGKILL) };
    let killed = Instant::now();
    child.wait().expect("wait");
    let mut gone: Vec<Option<Duration>> = vec![None; tree.len()];
    while killed.elapsed() < cap && gone.iter().any(Option::is_none) {
        let alive = descendants(pid, &tag);
        for (i, (p, _)) in tree.iter().enumerate() {
            let prefix = format!("{p} ");
            if gone[i].is_none() && !alive.iter().any(|l| l.starts_with(&prefix)) {
                gone[i] = Some(killed.elapsed());
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    kill_tree(pid, &tag);
    Linger {
        children: tree
            .iter()
            .zip(gone)
            .map(|((_, kind), gone_after)| Lingerer { kind, gone_after })
            .collect(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap_or_default()).into_owned(),
    }
}

fn kind(pid: u32, parent: u32, cmdline: &str) -> &'static str {
    let ppid = fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let after = s.rfind(')').map(|i| s[i + 1..].to_owned())?;
            after.split_whitespace().nth(1)?.parse::<u32>().ok()
        })
        .unwrap_or(0);
    if cmdline.contains("resource_tracker") {
        "tracker"
    } else if cmdline.contains("forkserver") {
        if ppid == parent {
            "forkserver"
        } else {
            "forkserver-child"
        }
    } else if cmdline.contains("--multiprocessing-fork") {
        "spawn-worker"
    } else {
        "fork-child"
    }
}
