//! The docs name every key of the settings registry and nothing else: the
//! README's config reference (one table per section) and the facade's
//! table of `#[derive(Bootstrap)]` attributes. A key added to the registry
//! without docs fails here.

use std::path::Path;

use mpconfig::{CheckConfig, Config, Field, HostConfig, InterpreterConfig, MultiprocessingConfig};

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect(path)
}

/// The keys in the first column of the first table after `heading`.
fn table_keys(text: &str, heading: &str) -> Vec<String> {
    let after = text
        .split_once(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"))
        .1;
    after
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .filter_map(|l| {
            let cell = l.split('|').nth(1)?.trim();
            Some(cell.trim_matches('`').to_owned())
        })
        .collect()
}

#[test]
fn the_readme_config_reference_has_every_key() {
    let readme = read("README.md");
    for (heading, keys) in [
        ("### `[multiprocessing]`", MultiprocessingConfig::KEYS),
        ("### `[interpreter]`", InterpreterConfig::KEYS),
        ("### `[check]`", CheckConfig::KEYS),
        ("### `[host]`", HostConfig::KEYS),
    ] {
        assert_eq!(table_keys(&readme, heading), keys, "README {heading}");
    }
    for key in Config::KEYS {
        let named = [format!("`[{key}]`"), format!("`\"{key}\"`")]
            .iter()
            .any(|n| readme.contains(n.as_str()));
        assert!(named, "README never names the top-level key `{key}`");
    }
}

#[test]
fn the_derive_docs_list_every_role() {
    let lib = read("src/lib.rs");
    let documented: Vec<String> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("/// | `#[mpconfig("))
        .filter_map(|l| l.split_once(")]`").map(|(k, _)| k.to_owned()))
        .collect();
    let mut expected: Vec<String> = Field::ALL.iter().map(|f| f.key().to_owned()).collect();
    expected.push("flatten".to_owned());
    assert_eq!(documented, expected);
}
