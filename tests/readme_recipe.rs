//! The README's *Your own host* recipe, exactly as written: its four files
//! (`<!-- recipe: PATH -->` before each block) in a clean directory, with
//! the workspace's crates patched in by path and the workspace's
//! `Cargo.lock` copied in (the tested versions, no network: `--offline`),
//! built with cargo and run. Its spawn `Pool` works, its config checks
//! clean for every target, and a config its rules call broken is refused.

mod host_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use host_support::{Scratch, host_run, nested_cargo_build, root};

/// Every `<!-- recipe: PATH -->` block of the README: `(PATH, text)`.
fn recipe() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut files = Vec::new();
    for part in readme.split("<!-- recipe: ").skip(1) {
        let (path, rest) = part.split_once(" -->\n").expect("`<!-- recipe: PATH -->`");
        let body = rest
            .strip_prefix("```")
            .and_then(|r| r.split_once('\n'))
            .and_then(|(_, r)| r.split_once("```\n"))
            .map(|(body, _)| body)
            .unwrap_or_else(|| panic!("{path}: no code block after its marker"));
        files.push((path.to_owned(), body.to_owned()));
    }
    files
}

/// The recipe written into `dir`, patched to the workspace's crates.
fn write_recipe(dir: &Scratch) {
    let files = recipe();
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        ["Cargo.toml", "build.rs", "src/main.rs", "myhost.toml"]
    );
    for (path, text) in &files {
        let text = if path == "Cargo.toml" {
            let r = root();
            let at = |sub: &str| r.join(sub).display().to_string();
            format!(
                "{text}\n[patch.crates-io]\nmpconfig = {{ path = {:?} }}\nmpconfig-core = {{ path = {:?} }}\nmpconfig-derive = {{ path = {:?} }}\nmpconfig-shim = {{ path = {:?} }}\n",
                at(""),
                at("config-core"),
                at("config-derive"),
                at("config-shim"),
            )
        } else {
            text.clone()
        };
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(&full, text).expect("write");
    }
    std::fs::copy(root().join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("Cargo.lock");
}

fn build(dir: &Path) -> PathBuf {
    let target = root().join("target/readme-recipe");
    let out = nested_cargo_build(&["--quiet", "--offline", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .current_dir(dir)
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "building the README's recipe failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    target.join("debug/myhost")
}

#[test]
#[ignore = "slow suite: `cargo test --workspace -- --include-ignored` runs it (CI does)"]
fn the_readme_recipe_builds_from_a_clean_directory_and_runs_a_spawn_pool() {
    let dir = Scratch::new("readme-recipe");
    write_recipe(&dir);
    // As written: formatted as rustfmt formats it.
    let fmt = Command::new("rustfmt")
        .args(["--edition", "2024", "--check", "src/main.rs", "build.rs"])
        .current_dir(dir.path())
        .output()
        .expect("run rustfmt");
    assert!(
        fmt.status.success(),
        "the recipe is not rustfmt-clean:\n{}",
        String::from_utf8_lossy(&fmt.stdout)
    );
    let bin = build(dir.path());

    // The recipe's own config: a spawn pool, no finding for any target.
    let out = host_run(["myhost.toml"])
        .program(&bin)
        .cwd(dir.path())
        .run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    assert_eq!(
        out.stdout,
        "spawn [1, 1, 2, 6, 24, 120, 720, 5040]\n",
        "{}",
        out.describe()
    );
    assert_eq!(out.stderr, "", "{}", out.describe());
    out.assert_clean(4);
    let counts = out.launch_counts();
    assert_eq!(counts.get("main"), Some(&1), "{}", out.describe());
    assert_eq!(
        counts.get("SpawnFrozenPosix"),
        Some(&2),
        "{}",
        out.describe()
    );

    // fork: an error for Windows and warnings for macOS are shown; on this
    // OS the pool runs.
    let fork = dir.write(
        "fork.toml",
        "workers = 2\n[multiprocessing]\nstart_method = \"fork\"\n",
    );
    let out = host_run([&fork]).program(&bin).cwd(dir.path()).run();
    assert_eq!(out.code(), Some(0), "{}", out.describe());
    assert_eq!(out.stdout, "fork [1, 1, 2, 6, 24, 120, 720, 5040]\n");
    assert!(
        out.stderr
            .starts_with("error[MP001]: start method `fork` does not exist on Windows\n")
            && out.stderr.contains("warning[MP007]"),
        "{}",
        out.describe()
    );
    out.assert_clean(4);

    // Spawn workers that would relaunch forever (sys.frozen with a real
    // interpreter): refused before Python starts, pointing into the file.
    let broken = dir.write(
        "broken.toml",
        "workers = 2\n[multiprocessing]\nstart_method = \"spawn\"\nexecutable = \"python\"\n",
    );
    let out = host_run([&broken]).program(&bin).cwd(dir.path()).run();
    assert_eq!(out.code(), Some(2), "{}", out.describe());
    assert!(
        out.stderr.contains("error[MP014]")
            && out.stderr.contains("broken.toml:2:2")
            && out
                .stderr
                .ends_with("broken.toml: errors for this platform\n"),
        "{}",
        out.describe()
    );
    assert_eq!(out.stdout, "");
    let kinds: Vec<&str> = out.launches.iter().map(|l| l.what.as_str()).collect();
    assert_eq!(kinds, ["main"], "{}", out.describe());
}
