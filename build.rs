//! With the `host` feature, the `mpconfig` binary embeds CPython: give it an
//! rpath to the libpython it is built against (`PYO3_PYTHON`, else
//! `python3` on PATH), so it never loads another one that happens to be on
//! the loader's path, and record that interpreter's version for
//! `mpconfig --version`-style reporting and the tests.

fn main() {
    #[cfg(feature = "host")]
    {
        pyo3_build_config::add_libpython_rpath_link_args();
        let version = pyo3_build_config::get().version();
        println!(
            "cargo:rustc-env=MPCONFIG_PYTHON_VERSION={}.{}",
            version.major, version.minor
        );
    }
}
