//! The JSON Schema of a config file, for editors and validators.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::Config;

/// The schema's `$id`.
pub const SCHEMA_ID: &str = "https://mpconfig.dev/schema/mpconfig.schema.json";

/// The JSON Schema (draft-07) of an mpconfig file.
///
/// ```
/// let schema = mpconfig_core::schema::json_schema();
/// assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
pub fn json_schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<Config>();
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        map.insert("$id".into(), Value::String(SCHEMA_ID.into()));
        map.insert(
            "description".into(),
            Value::String("Configuration of Python's multiprocessing inside a program that embeds CPython (mpconfig).".into()),
        );
    }
    unwrap_lines(&mut value);
    value
}

/// Rustdoc wraps lines; editors show descriptions as flowing text, so a
/// single newline becomes a space (paragraph breaks stay).
fn unwrap_lines(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s) if key == "description" => {
                        *s = s
                            .split("\n\n")
                            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
                            .collect::<Vec<_>>()
                            .join("\n\n");
                    }
                    _ => unwrap_lines(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_lines),
        _ => {}
    }
}

/// The schema as the pretty-printed text committed in `schema/mpconfig.schema.json`.
pub fn json_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}
