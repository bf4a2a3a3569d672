//! Shared helpers for the integration tests: loading fixture files and
//! comparing parsed values with their tagged-JSON form.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::PathBuf;

use mpconfig_shim::{CommandForm, PyLiteral};
use serde::Deserialize;
use serde_json::{Value, json};

/// One command-line argument: text, or hex bytes when not UTF-8.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Text(String),
    Bytes { bytes_hex: String },
}

impl Arg {
    /// The argument as an OS string; `None` where the platform cannot
    /// represent arbitrary bytes.
    pub fn to_os(&self) -> Option<OsString> {
        match self {
            Arg::Text(s) => Some(OsString::from(s)),
            Arg::Bytes { bytes_hex } => bytes_to_os(unhex(bytes_hex)),
        }
    }
}

#[cfg(unix)]
pub fn bytes_to_os(bytes: Vec<u8>) -> Option<OsString> {
    use std::os::unix::ffi::OsStringExt;
    Some(OsString::from_vec(bytes))
}

#[cfg(not(unix))]
pub fn bytes_to_os(bytes: Vec<u8>) -> Option<OsString> {
    String::from_utf8(bytes).ok().map(OsString::from)
}

pub fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Deserialize)]
pub struct Record {
    pub id: String,
    pub python: String,
    pub source: String,
    pub case: String,
    pub flagset: String,
    pub argv: Vec<Arg>,
    pub expect: Expect,
    /// The package the parent's mark names, for a line two families write.
    #[serde(default)]
    pub package: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Expect {
    pub form: String,
    pub module: String,
    pub function: String,
    pub flags: Vec<String>,
    pub positional: Vec<Value>,
    pub keywords: Vec<(String, Value)>,
    pub parent_argv: Option<Vec<Arg>>,
    pub python_sys_argv: Vec<Arg>,
    /// The family the line is read as (`multiprocessing` when absent).
    #[serde(default)]
    pub family: Option<String>,
}

impl Record {
    /// The argv, or `None` if this platform cannot represent it.
    pub fn os_argv(&self) -> Option<Vec<OsString>> {
        self.argv.iter().map(Arg::to_os).collect()
    }
}

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture file, as (file stem, records), sorted by name.
pub fn load_all() -> Vec<(String, Vec<Record>)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("read fixture");
            let records: Vec<Record> =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_owned();
            (stem, records)
        })
        .collect()
}

/// The fixture files' name for each form (the form table's).
pub fn form_name(form: CommandForm) -> &'static str {
    form.name()
}

/// A value in the fixtures' tagged JSON (see generate.py's `enc_value`).
pub fn tagged(value: &PyLiteral) -> Value {
    match value {
        PyLiteral::None => Value::Null,
        PyLiteral::Bool(b) => json!(b),
        PyLiteral::Int(n) => json!(n),
        PyLiteral::Str(s) => match s.as_str() {
            Some(text) => json!(text),
            None => json!({ "str_codepoints": s.code_points() }),
        },
        PyLiteral::Bytes(b) => json!({ "bytes_hex": hex(b) }),
        PyLiteral::List(items) => json!({ "list": items.iter().map(tagged).collect::<Vec<_>>() }),
        PyLiteral::Tuple(items) => json!({ "tuple": items.iter().map(tagged).collect::<Vec<_>>() }),
        PyLiteral::Dict(entries) => json!({
            "dict": entries
                .iter()
                .map(|(k, v)| json!([tagged(&PyLiteral::Str(k.clone())), tagged(v)]))
                .collect::<Vec<_>>()
        }),
    }
}

pub fn os_args(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}
