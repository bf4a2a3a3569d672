//! The bootstrap renderer, for an arbitrary config: see `mpconfig_fuzz::bootstrap`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mpconfig_fuzz::bootstrap::check_bootstrap(data));
