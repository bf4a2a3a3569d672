//! The invariants the fuzz targets check, shared by the targets
//! (`fuzz_targets/`) and the corpus tools (`examples/`).
//!
//! Each `check_*` function takes one fuzz input, runs the code under test
//! and panics — which libFuzzer reports as a crash, with the input saved
//! under `artifacts/` — when an invariant does not hold. See `README.md`
//! next to this crate for how to run them.

pub mod bootstrap;
pub mod classify;
pub mod literal;
pub mod load;

/// Inputs longer than this are skipped by every target, so no target can
/// spend long on one input (`run.sh` also passes `-max_len` and `-timeout`).
pub const MAX_INPUT: usize = 64 * 1024;
