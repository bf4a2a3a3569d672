//! # mpconfig
//!
//! Make Python's `multiprocessing` work, and keep working, inside programs
//! that embed CPython: a typed model of how children are started, read from
//! TOML or JSON with a span for every key; rules that check it for every
//! target OS × Python version; and the Python bootstrap that applies it.
//!
//! ```
//! use mpconfig::{check, load_str, CheckOptions, Format, StartMethod};
//!
//! let loaded = load_str("[multiprocessing]\nstart_method = \"fork\"\n", Format::Toml, "app.toml")?;
//! assert_eq!(loaded.config.multiprocessing.start_method, StartMethod::Fork);
//! let findings = check(&loaded.config, &CheckOptions::default());
//! assert_eq!(findings[0].code, "MP001"); // fork does not exist on Windows
//! assert_eq!(findings[0].targets_display(), "windows:3.8–3.14");
//! # Ok::<(), mpconfig::LoadError>(())
//! ```
//!
//! ## Your own config struct
//!
//! A host that already has a config file marks the fields that carry
//! mpconfig's settings and derives [`Bootstrap`](trait@Bootstrap) (feature
//! `derive`, on by default). Key paths follow `#[serde(rename)]` and
//! `#[serde(rename_all)]`, so diagnostics point into the host's own file.
//!
//! ```
//! use mpconfig::{load_str_as, Bootstrap, Finding, Format, Severity, StartMethod, Target};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Bootstrap)]
//! #[serde(rename_all = "kebab-case")]
//! #[mpconfig(validate_with = "worker_limit")]
//! struct AppConfig {
//!     listen: String,
//!     workers: u32,
//!     /// The multiprocessing start method of the worker pool.
//!     #[mpconfig(start_method)]
//!     pool_method: StartMethod,
//!     /// Whether to set `sys.frozen`; unset = mpconfig's default.
//!     #[mpconfig(sys_frozen)]
//!     frozen: Option<bool>,
//! }
//!
//! /// A rule of the host's own, run for every target.
//! fn worker_limit(app: &AppConfig, target: Target) -> Vec<Finding> {
//!     match target.os {
//!         mpconfig::Os::Windows if app.workers > 61 => vec![
//!             Finding::new("APP001", Severity::Error, "at most 61 workers on Windows", "workers"),
//!         ],
//!         _ => Vec::new(),
//!     }
//! }
//!
//! let text = "listen = \"0.0.0.0:8080\"\nworkers = 64\npool-method = \"spawn\"\n";
//! let loaded = load_str_as::<AppConfig>(text, Format::Toml, "app.toml")?;
//! assert_eq!(loaded.value.multiprocessing_config().start_method, StartMethod::Spawn);
//! assert!(loaded.value.bootstrap().contains("method = 'spawn'"));
//!
//! let diagnostics = loaded.check(&["linux:3.12".parse()?, "windows:3.12".parse()?]);
//! let positions: Vec<String> = diagnostics
//!     .iter()
//!     .map(|d| format!("{} {}", d.code.as_deref().unwrap_or(""), d.position().unwrap_or_default()))
//!     .collect();
//! // spawn outside Windows (MP003) at `pool-method`; the host's own rule at `workers`.
//! assert_eq!(positions, ["MP003 app.toml:3:1", "APP001 app.toml:2:1"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use mpconfig_core::*;

mod explain;

pub use explain::{explanation, rules_table};

/// Derives [`Bootstrap`](trait@Bootstrap) for a struct with named fields.
///
/// Field attributes, each on a field of the setting's type or an `Option`
/// of it (`None` keeps the default):
///
/// | attribute | field type |
/// |---|---|
/// | `#[mpconfig(start_method)]` | [`StartMethod`] |
/// | `#[mpconfig(auto_dispatch)]` | `bool` |
/// | `#[mpconfig(sys_frozen)]` | `bool` |
/// | `#[mpconfig(executable)]` | [`Executable`] |
/// | `#[mpconfig(forkserver_preload)]` | `Vec<String>` |
/// | `#[mpconfig(apply)]` | [`Apply`] |
/// | `#[mpconfig(flatten)]` | [`MultiprocessingConfig`] or a type that derives `Bootstrap` |
///
/// Unmarked fields are ignored. Container attributes:
/// `#[mpconfig(validate_with = "path")]` names a
/// `fn(&Self, Target) -> Vec<Finding>` of host rules;
/// `#[mpconfig(crate = "path")]` names this crate when it is renamed.
/// The crate-level docs have a complete example.
#[cfg(feature = "derive")]
pub use mpconfig_derive::Bootstrap;
