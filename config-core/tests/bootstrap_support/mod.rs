//! Shared by the bootstrap tests that run real CPython interpreters; the
//! machinery is `mpconfig-test-support`'s.

#![allow(dead_code, unused_imports)]

pub use mpconfig_test_support::TempDir;
pub use mpconfig_test_support::capture::run_with_timeout;
pub use mpconfig_test_support::python::Interpreter;

/// Every CPython on the machine; a version `MPCONFIG_REQUIRE_PYTHONS` asks
/// for that is missing fails the test, missing 3.8 … 3.14 are noted.
pub fn interpreters_or_skip(test: &str) -> Vec<Interpreter> {
    mpconfig_test_support::python::interpreters_or_skip(test, 8..=14)
}
