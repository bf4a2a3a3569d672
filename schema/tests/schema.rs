//! The committed JSON Schema, and the examples it and the loader must agree on.

use std::fs;
use std::path::{Path, PathBuf};

use mpconfig_core::{Format, LoadError, RenderOptions, load_path, load_str, schema};

/// The workspace root (this crate is `schema/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn examples(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .expect("examples directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            )
        })
        .collect();
    files.sort();
    files
}

/// The example as a JSON value, for the schema validator. `None` when the
/// file is not even TOML/JSON syntax.
fn as_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).expect("read example");
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).expect("example is JSON")
    } else {
        toml::from_str(&text).expect("example is TOML")
    }
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema::json_schema()).expect("schema compiles")
}

#[test]
fn committed_schema_is_current() {
    let path = root().join("schema/mpconfig.schema.json");
    let expected = schema::json_schema_text();
    if std::env::var_os("MPCONFIG_UPDATE_SCHEMA").is_some() {
        fs::write(&path, &expected).expect("write schema");
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "schema/mpconfig.schema.json is stale; run `MPCONFIG_UPDATE_SCHEMA=1 cargo test -p mpconfig-schema-tests` to rewrite it"
    );
}

#[test]
fn schema_is_draft07_and_documented() {
    let schema = schema::json_schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["$id"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(schema["title"], "mpconfig");
    // Every property of every object has a description and objects are closed.
    let mut objects = vec![&schema];
    objects.extend(
        schema["definitions"]
            .as_object()
            .expect("definitions")
            .values(),
    );
    for object in objects.iter().filter(|o| o.get("properties").is_some()) {
        assert_eq!(object["additionalProperties"], false, "{object}");
        for (name, prop) in object["properties"].as_object().expect("properties") {
            assert!(
                prop["description"].as_str().is_some_and(|d| d.len() > 20),
                "{name} lacks a description"
            );
        }
    }
    // Every enum value is documented on its own.
    for def in ["StartMethod", "Apply", "Executable"] {
        for variant in schema["definitions"][def]["oneOf"]
            .as_array()
            .expect("oneOf")
        {
            assert!(variant["description"].is_string(), "{def}: {variant}");
        }
    }
}

#[test]
fn valid_examples_load_and_validate() {
    let validator = validator();
    let files = examples("schema/examples");
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        if let Err(e) = load_path(&path) {
            panic!("{} should load: {e}", path.display());
        }
        let json = as_json(&path);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{}: schema says {errors:?}",
            path.display()
        );
    }
}

#[test]
fn toml_examples_point_at_the_schema() {
    for path in examples("schema/examples")
        .into_iter()
        .chain(examples("schema/examples/invalid"))
    {
        if path.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&path).expect("read");
            let expected = if path.parent().is_some_and(|p| p.ends_with("invalid")) {
                "#:schema ../../mpconfig.schema.json"
            } else {
                "#:schema ../mpconfig.schema.json"
            };
            assert_eq!(text.lines().next(), Some(expected), "{}", path.display());
        }
    }
}

#[test]
fn invalid_examples_are_rejected_by_both() {
    let validator = validator();
    let files = examples("schema/examples/invalid");
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let json = as_json(&path);
        assert!(
            !validator.is_valid(&json),
            "{}: the schema accepts it",
            path.display()
        );
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let rel = format!("schema/examples/invalid/{name}");
        // Named by its path from the workspace root: what a user would
        // type, and what the snapshot shows.
        let text = fs::read_to_string(root().join(&rel)).expect("read the example");
        let format = Format::from_path(Path::new(&rel)).expect("a .toml or .json example");
        match load_str(&text, format, &rel) {
            Ok(_) => panic!("{rel}: the loader accepts it"),
            Err(LoadError::Io { error, .. }) => panic!("{rel}: {error}"),
            Err(LoadError::Invalid(invalid)) => {
                let rendered = invalid.render(RenderOptions {
                    color: false,
                    width: 100,
                });
                insta::assert_snapshot!(name, rendered);
            }
        }
    }
}
