//! mpconfig's core: the model of how Python's `multiprocessing` must start
//! children in a program that embeds CPython, its loaders, diagnostics,
//! rules and JSON Schema, and the Python bootstrap that applies it. Pure
//! Rust; needs no Python.
//!
//! ```
//! use mpconfig_core::{load_str, Format, StartMethod};
//!
//! let loaded = load_str("[multiprocessing]\nstart_method = \"spawn\"\n", Format::Toml, "app.toml").unwrap();
//! assert_eq!(loaded.config.multiprocessing.start_method, StartMethod::Spawn);
//! ```
//!
//! # Layers
//!
//! Each module uses only the ones above it in this list:
//! `text` (spans, source files, the source map) and `platform` (OS × Python
//! version) and `codes` (severities, the rule registry, load-mistake
//! kinds); `diagnostic`; `syntax` (TOML/JSON → a spanned tree); `decode`
//! (the one decoder); `model` (the settings registry and its tables);
//! `load`; `check`; `bootstrap`; `embed` (the `Bootstrap` trait);
//! `schema`. `tests/layers.rs` in the workspace checks it.

#![warn(missing_docs)]

pub mod bootstrap;
mod check;
mod codes;
mod decode;
mod diagnostic;
mod embed;
mod load;
mod model;
mod platform;
mod private;
pub mod schema;
mod syntax;
mod text;

#[doc(hidden)]
pub mod __private {
    //! Support for generated code and the workspace's tests; not public API.
    pub use crate::private::*;
}

pub use check::{CheckOptions, Effective, check, cpython_default, resolve};
pub use codes::{Code, LoadIssueKind, RULES, Rule, Severity, rule};
pub use diagnostic::{Diagnostic, Location, RenderOptions, render};
pub use embed::{Bootstrap, check_host};
pub use load::{
    InvalidConfig, LoadError, Loaded, LoadedAs, MAX_FILE_SIZE, Table, load_as, load_path, load_str,
    load_str_as, load_table_str,
};
pub use model::{
    Apply, CheckConfig, Config, Dispatcher, EmptyExecutable, Executable, Family, Field, HostConfig,
    InterpreterConfig, MultiprocessingConfig, OnError, ParseEnumError, StartMethod,
};
pub use platform::{Os, PythonVersion, Target, TargetError, TargetSpec, compress_targets};
pub use syntax::Format;
pub use text::{LineCol, SourceEntry, SourceFile, SourceMap, Span};
