// Load the libpython this binary is built against (rpath), not whichever
// the dynamic loader finds first.
fn main() {
    pyo3_build_config::add_libpython_rpath_link_args();
}
