//! # mpconfig
//!
//! Make Python's `multiprocessing` work, and keep working, inside programs
//! that embed CPython. This facade re-exports [`mpconfig_core`].

pub use mpconfig_core::*;

mod explain;

pub use explain::{explanation, rules_table};

#[cfg(feature = "derive")]
pub use mpconfig_derive::Bootstrap;
