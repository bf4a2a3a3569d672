//! The argv classifier (argv as NUL-separated bytes): see `mpconfig_fuzz::classify`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mpconfig_fuzz::classify::check_classify(data));
