//! `examples/embed-host` (the `wordfreq` app, its own crate): built with
//! cargo into `embed-host/` of the target directory this test was built in
//! (`target/embed-host`; a build against another interpreter, in another
//! target directory, keeps its own) and run with real processes under every
//! start method, and in the "not a code runner" setting (`auto_dispatch =
//! false`, `executable = "python"`).

mod host_support;

use std::path::{Path, PathBuf};

use host_support::{Scratch, host_run, nested_cargo_build, parallel, root};

fn build() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("embed-host");
    let out = nested_cargo_build(&["--quiet", "--manifest-path"])
        .arg(root().join("examples/embed-host/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "building examples/embed-host failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("debug/wordfreq")
}

#[test]
#[ignore = "slow suite: `cargo test --workspace -- --include-ignored` runs it (CI does)"]
fn wordfreq_counts_with_every_start_method() {
    let bin = build();
    let dir = Scratch::new("wordfreq");
    // Input: 6 files; "the" 12 times in all, "pool" 9, "mpconfig" 7, the
    // rest 6 or fewer.
    for i in 0..6 {
        let mut text = String::from("the pool and the host\n");
        if i < 3 {
            text.push_str("mpconfig mpconfig ");
        }
        if i == 5 {
            text.push_str("mpconfig\n");
        }
        if i % 2 == 0 {
            text.push_str("pool ");
        }
        dir.write(&format!("in{i}.txt"), &text);
    }
    let files: Vec<String> = (0..6)
        .map(|i| dir.path().join(format!("in{i}.txt")).display().to_string())
        .collect();

    let mut jobs = Vec::new();
    for method in ["fork", "forkserver", "spawn", "auto"] {
        for frozen in [true, false] {
            let cfg = dir.write(
                &format!("{method}-{frozen}.toml"),
                &format!(
                    "workers = 2\ntop = 3\n[multiprocessing]\nstart_method = \"{method}\"\nsys_frozen = {frozen}\n"
                ),
            );
            jobs.push((format!("{method}, sys_frozen = {frozen}"), cfg, method));
        }
    }
    // A binary that must not be a code runner: children run the real
    // interpreter, the app answers no child command line.
    let safe = dir.write(
        "safe.toml",
        "workers = 2\ntop = 3\n[multiprocessing]\nstart_method = \"spawn\"\nauto_dispatch = false\nexecutable = \"python\"\nsys_frozen = false\n",
    );
    jobs.push((
        "auto_dispatch = false, executable = python".into(),
        safe,
        "spawn",
    ));

    for (label, method, out) in parallel(2, jobs, |(label, cfg, method)| {
        let mut args = vec!["--config".to_owned(), cfg.display().to_string()];
        args.extend(files.iter().cloned());
        let out = host_run(&args).program(&bin).run();
        (label, method, out)
    }) {
        assert_eq!(out.code(), Some(0), "{label}\n{}", out.describe());
        let effective = if method == "auto" { "fork" } else { method };
        assert!(
            out.stdout.starts_with("6 files, ")
                && out
                    .stdout
                    .contains(&format!("worker processes, start method {effective}\n")),
            "{label}\n{}",
            out.describe()
        );
        assert!(
            out.stdout
                .ends_with("     12 the\n      9 pool\n      7 mpconfig\n"),
            "{label}\n{}",
            out.describe()
        );
        out.assert_clean(10);
        let counts = out.launch_counts();
        if label.starts_with("auto_dispatch = false") {
            // Nothing re-executed the app: the workers ran python itself.
            // (Every start is logged: the app's own is `main`.)
            let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
            assert_eq!(kinds, ["main"], "{label}\n{}", out.describe());
        } else if method == "spawn" {
            let form = if label.ends_with("true") {
                "SpawnFrozenPosix"
            } else {
                "SpawnPosix"
            };
            assert_eq!(counts.get(form), Some(&2), "{label}\n{}", out.describe());
        }
    }

    // A config the rules call broken (spawn + sys.frozen + a real
    // interpreter: workers would relaunch forever) is refused with a
    // diagnostic pointing into the app's own file; nothing starts.
    let bad = dir.write(
        "bad.toml",
        "workers = 2\n[multiprocessing]\nstart_method = \"spawn\"\nexecutable = \"python\"\n",
    );
    let mut args = vec!["--config".to_owned(), bad.display().to_string()];
    args.extend(files.iter().cloned());
    let out = host_run(&args).program(&bin).run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.stderr.contains("error[MP014]") && out.stderr.contains("bad.toml:2:"),
        "{}",
        out.describe()
    );
    let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
    assert!(
        out.stdout.is_empty() && kinds == ["main"],
        "{}",
        out.describe()
    );

    // A child command line sent to the app directly while auto_dispatch is
    // off (as the parent exports it) is refused.
    let out = host_run([
        "-c",
        "from multiprocessing.resource_tracker import main;main(0)",
    ])
    .program(&bin)
    .env("MPCONFIG_MULTIPROCESSING", r#"{"auto_dispatch": false}"#)
    .run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.stderr.contains("auto_dispatch is false"),
        "{}",
        out.describe()
    );
}
