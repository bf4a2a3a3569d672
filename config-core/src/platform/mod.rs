//! Where a config ships: an operating system and a Python version, as a
//! config names them ([`TargetSpec`], `OS[:X.Y]`) and as a rule is
//! evaluated against them ([`Target`], one OS and one version). A leaf:
//! plain values, no other module of the crate.

mod concrete;
mod spec;

pub use concrete::{Target, compress_targets};
pub use spec::{Os, PythonVersion, TargetError, TargetSpec};
