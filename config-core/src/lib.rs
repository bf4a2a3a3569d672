//! mpconfig's core: the model of how Python's `multiprocessing` must start
//! children in a program that embeds CPython, its loaders, diagnostics and
//! JSON Schema. Pure Rust; needs no Python.
//!
//! ```
//! use mpconfig_core::{load_str, Format, StartMethod};
//!
//! let loaded = load_str("[multiprocessing]\nstart_method = \"spawn\"\n", Format::Toml, "app.toml").unwrap();
//! assert_eq!(loaded.config.multiprocessing.start_method, StartMethod::Spawn);
//! ```

#![warn(missing_docs)]
pub mod bootstrap;

mod check;
mod diagnostic;
mod embed;
#[doc(hidden)]
pub mod __private {
    //! Support for generated code; not public API.
    pub use crate::private::*;
}
mod model;
mod private;
pub mod schema;
mod source;

pub use check::{
    CheckOptions, Effective, Finding, RULES, Rule, Target, check, compress_targets,
    cpython_default, resolve, rule,
};
pub use diagnostic::{Diagnostic, Location, RenderOptions, Severity, render};
pub use embed::{Bootstrap, Field, check_host};
pub use model::*;
pub use source::{
    Format, InvalidConfig, LineCol, LoadError, LoadIssue, LoadIssueKind, Loaded, LoadedAs,
    MAX_FILE_SIZE, SourceEntry, SourceFile, SourceMap, Span, load_as, load_path, load_str,
    load_str_as,
};
