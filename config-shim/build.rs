//! With the `pyo3` feature: pyo3's `Py_3_X` cfgs (the `PyConfig` layout
//! differs between versions) and an rpath to the libpython the crate is
//! built against, for this crate's own tests.

fn main() {
    #[cfg(feature = "pyo3")]
    {
        pyo3_build_config::use_pyo3_cfgs();
        pyo3_build_config::add_libpython_rpath_link_args();
    }
    #[cfg(not(feature = "pyo3"))]
    pyo3_free_check_cfgs();
}

#[cfg(not(feature = "pyo3"))]
fn pyo3_free_check_cfgs() {
    for minor in 7..=16 {
        println!("cargo:rustc-check-cfg=cfg(Py_3_{minor})");
    }
}
