//! The `-c` literal parser: see `mpconfig_fuzz::literal`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| mpconfig_fuzz::literal::check_literal(data));
