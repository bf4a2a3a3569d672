//! mpconfig's core: the model of how Python's `multiprocessing` must start
//! children in a program that embeds CPython, its loaders, and its JSON
//! Schema. Pure Rust; needs no Python.
//!
//! ```
//! use mpconfig_core::{load_str, Format, StartMethod};
//!
//! let loaded = load_str("[multiprocessing]\nstart_method = \"spawn\"\n", Format::Toml, "app.toml").unwrap();
//! assert_eq!(loaded.config.multiprocessing.start_method, StartMethod::Spawn);
//! ```

#![warn(missing_docs)]
pub mod bootstrap;

mod model;

pub use model::*;
