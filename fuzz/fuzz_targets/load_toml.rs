//! The TOML loader: see `mpconfig_fuzz::load`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpconfig_core::Format;

fuzz_target!(|data: &[u8]| mpconfig_fuzz::load::check_load(data, Format::Toml));
