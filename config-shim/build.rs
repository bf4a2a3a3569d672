//! With the `pyo3` feature: pyo3's `Py_3_X` cfgs (the `PyConfig` layout
//! differs between versions), an rpath to the libpython the crate is built
//! against, for this crate's own tests, and the bootstrap engine compiled
//! once for that CPython (`OUT_DIR/engine_code.rs`, see `engine_code`).

fn main() {
    #[cfg(feature = "pyo3")]
    {
        pyo3_build_config::use_pyo3_cfgs();
        pyo3_build_config::add_libpython_rpath_link_args();
        engine_code();
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

/// Compiles each part of `mpconfig_core::bootstrap::engine` (the engine and
/// the code it loads when needed) with the interpreter the crate is built
/// against (the one whose libpython it links), and writes their `marshal`
/// data (`OUT_DIR/NAME.marshal`) and `OUT_DIR/engine_code.rs`: `MAGIC`,
/// that interpreter's `importlib.util.MAGIC_NUMBER` as the little-endian
/// integer `PyImport_GetMagicNumber()` returns, and `PARTS`, each part's
/// name and bytes. The host uses them only when the running interpreter has
/// the same magic number, and compiles the source otherwise; when the
/// interpreter cannot be run here (cross-compiling), `MAGIC` is `None` and
/// the host always compiles.
///
/// The bytes are part of the binary: nothing is read from a cache a user
/// or another program could write.
#[cfg(feature = "pyo3")]
fn engine_code() {
    use mpconfig_core::bootstrap::engine;
    use std::path::PathBuf;
    use std::process::Command;

    const COMPILE: &str = r#"
import importlib.util, marshal, sys
for source, name, out in zip(*[iter(sys.argv[1:])] * 3):
    with open(source, encoding='ascii') as f:
        code = compile(f.read(), name, 'exec', dont_inherit=True, optimize=0)
    with open(out, 'wb') as f:
        f.write(marshal.dumps(code))
print(int.from_bytes(importlib.util.MAGIC_NUMBER, 'little'))
"#;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let parts = engine::parts();
    let mut args = Vec::new();
    let mut marshalled = Vec::new();
    for part in &parts {
        let source = out.join(format!("{}.py", part.name));
        let data = out.join(format!("{}.marshal", part.name));
        std::fs::write(&source, &part.source).expect("write a part's source");
        args.extend([
            source.into_os_string(),
            part.file.into(),
            data.clone().into_os_string(),
        ]);
        marshalled.push((part.name, data));
    }
    let magic = pyo3_build_config::get().executable().and_then(|python| {
        let run = Command::new(python)
            .args(["-I", "-S", "-c", COMPILE])
            .args(&args)
            // Sets are marshalled in hash order: the same bytes every build.
            .env("PYTHONHASHSEED", "0")
            .output();
        match run {
            Ok(o) if o.status.success() => String::from_utf8(o.stdout)
                .ok()
                .and_then(|s| s.trim().parse::<std::ffi::c_long>().ok()),
            Ok(o) => {
                println!(
                    "cargo:warning=compiling the bootstrap engine with {python} failed \
                     ({}); the host compiles it at run time",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                println!(
                    "cargo:warning=cannot run {python} ({e}); the host compiles the \
                     bootstrap engine at run time"
                );
                None
            }
        }
    });
    let mut code = format!(
        "/// The magic number of the CPython that compiled [`PARTS`] (`None`: not compiled).\n\
         pub(super) const MAGIC: Option<std::ffi::c_long> = {magic:?};\n\
         /// Each part of the engine: its name and its code, marshalled.\n\
         pub(super) static PARTS: &[(&str, &[u8])] = &[\n"
    );
    for (name, data) in &marshalled {
        if magic.is_none() {
            std::fs::write(data, b"").expect("write a part's marshal data");
        }
        code.push_str(&format!("    ({name:?}, include_bytes!({data:?})),\n"));
    }
    code.push_str("];\n");
    std::fs::write(out.join("engine_code.rs"), code).expect("write engine_code.rs");
    println!("cargo:rerun-if-changed=build.rs");
}
