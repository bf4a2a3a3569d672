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
//! assert_eq!(findings[0].targets_display(), "windows:3.8–3.15");
//! # Ok::<(), mpconfig::LoadError>(())
//! ```
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `derive` | yes | `#[derive(Bootstrap)]`: mpconfig's settings inside your own config struct |
//! | `host` | yes | `mpconfig::host`: your own embedding host — `Pyo3Host` answers multiprocessing's child command lines and runs Python with the settings applied; links libpython through pyo3 |
//! | `cli` | yes | the `mpconfig` command line (clap); nothing for library users |
//!
//! A library user turns default features off and picks:
//! `mpconfig = { version = "0.1", default-features = false, features = ["derive", "host"] }`
//! is an own host's whole mpconfig dependency (the README's *Your own host*
//! recipe); `features = ["derive"]` only checks and bootstraps, with no
//! Python and no clap.
#![cfg_attr(feature = "host", doc = "")]
#![cfg_attr(feature = "host", doc = include_str!("own_host.md"))]
#![cfg_attr(feature = "derive", doc = "")]
#![cfg_attr(feature = "derive", doc = include_str!("derive.md"))]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub use mpconfig_core::*;

#[cfg(feature = "host")]
#[cfg_attr(docsrs, doc(cfg(feature = "host")))]
pub mod host;

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
/// | `#[mpconfig(forkserver_preload_on_error)]` | [`OnError`] |
/// | `#[mpconfig(apply)]` | [`Apply`] |
/// | `#[mpconfig(families)]` | `Vec<`[`Family`]`>` |
/// | `#[mpconfig(flatten)]` | [`MultiprocessingConfig`] or a type that derives `Bootstrap` |
///
/// Unmarked fields are ignored; a marked field wins over the flattened
/// table ([`LoadedAs::check`] warns, `shadowed-key`, when a file sets
/// both). Container attributes:
/// `#[mpconfig(validate_with = "path")]` names a
/// `fn(&Self, Target) -> Vec<Diagnostic>` of host rules;
/// `#[mpconfig(dispatcher = "mpconfig")]` says the host answers its
/// children with mpconfig's dispatch ([`Dispatcher`]; the checks then know
/// spawn is safe everywhere);
/// `#[mpconfig(crate = "path")]` names this crate when it is renamed.
/// The crate-level docs have a complete example.
#[cfg(feature = "derive")]
#[cfg_attr(docsrs, doc(cfg(feature = "derive")))]
pub use mpconfig_derive::Bootstrap;
