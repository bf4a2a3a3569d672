//! The declared MSRV (`rust-version` in the workspace's Cargo.toml) holds
//! for every locked dependency: none declares a newer `rust-version`.
//! Only the current toolchain is installed where the project is developed,
//! so this and clippy's `incompatible_msrv` lint (std APIs newer than the
//! declared version, in our own code; on in `cargo clippy -D warnings`)
//! are how the MSRV is checked; language features are not (CONTRIBUTING.md).

use std::process::Command;

fn version(text: &str) -> (u32, u32) {
    let mut parts = text.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

#[test]
#[ignore = "slow suite: `cargo test --workspace -- --include-ignored` runs it (CI does)"]
fn no_locked_dependency_needs_a_newer_rust_than_the_declared_msrv() {
    let root = env!("CARGO_MANIFEST_DIR");
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).expect("Cargo.toml");
    let declared = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("rust-version in [workspace.package]");
    assert_eq!(declared, env!("CARGO_PKG_RUST_VERSION"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    assert!(packages.len() > 100, "{} packages", packages.len());
    let newer: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > version(declared))
                .then(|| format!("{} {} needs Rust {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        newer.is_empty(),
        "declared MSRV {declared}, but:\n{}",
        newer.join("\n")
    );
}
