//! `mpconfig run PATH` for the mains `python PATH` runs besides a source
//! file: a directory with `__main__.py`, a zip archive, a zipapp with a
//! `#!` line (`python -m zipapp`), a compiled `.pyc` — with fork,
//! forkserver and spawn pools — and their failures (no `__main__`, a bad
//! magic number, a bad code object). Each is run by the host and by the
//! interpreter it embeds, from the same working directory with the same
//! relative path; stdout, stderr (the program's name aside) and the exit
//! status must be the same. Real processes and files (CPython's own
//! `test_multiprocessing_main_handling` runs these mains).

mod host_support;

use std::path::Path;
use std::process::Command;

use host_support::{Scratch, build_python, host_bin, host_run};

/// What the main prints: how it was run, then a pool per method named in
/// argv, its work in a sibling module (a dir's or zip's `__main__` is not
/// re-imported by children, under python either).
const MAIN: &str = r#"import multiprocessing as mp
import sys
import work

if __name__ == "__main__":
    loader = type(globals().get("__loader__")).__name__
    spec = getattr(globals().get("__spec__"), "name", None)
    print(repr(sys.path[0]), repr(__file__), repr(sys.argv), spec, loader)
    for method in sys.argv[1:]:
        with mp.get_context(method).Pool(2) as pool:
            print(method, pool.map(work.square, range(8)))
"#;

const WORK: &str = "def square(x):\n    return x * x\n";

/// Runs `args` (a path relative to `dir` first) under python and the host.
fn same_as_python(dir: &Path, args: &[&str]) {
    let python = Command::new(build_python())
        .args(args)
        .current_dir(dir)
        .env_remove("PYTHONPATH")
        .output()
        .expect("run python");
    let host = host_run(std::iter::once("run").chain(args.iter().copied()))
        .cwd(dir)
        .run();
    let case = args.join(" ");
    assert_eq!(
        host.code(),
        python.status.code(),
        "{case}\n{}",
        host.describe()
    );
    assert_eq!(
        host.stdout,
        String::from_utf8_lossy(&python.stdout),
        "{case}"
    );
    // "PROGRAM: can't find '__main__' module in …" names sys.executable.
    let python_exe = String::from_utf8(
        Command::new(build_python())
            .args(["-c", "import sys; print(sys.executable, end='')"])
            .output()
            .expect("python")
            .stdout,
    )
    .expect("utf-8");
    let want = String::from_utf8_lossy(&python.stderr).replace(&python_exe, "PROGRAM");
    let got = host
        .stderr
        .replace(&host_bin().display().to_string(), "PROGRAM");
    assert_eq!(got, want, "{case}");
    assert!(host.leftovers.is_empty(), "{case}: {:?}", host.leftovers);
}

/// `python -c CODE` as a tool of the test's setup (making archives and
/// compiled files), in `dir`.
fn python_tool(dir: &Path, code: &str) {
    let status = Command::new(build_python())
        .args(["-c", code])
        .current_dir(dir)
        .status()
        .expect("run python");
    assert!(status.success(), "setup: {code}");
}

#[test]
fn every_main_python_runs_runs_the_same_in_the_host() {
    let dir = Scratch::new("main-handling");
    let d = dir.path();
    std::fs::create_dir_all(d.join("app")).expect("mkdir");
    std::fs::write(d.join("app/__main__.py"), MAIN).expect("write");
    std::fs::write(d.join("app/work.py"), WORK).expect("write");
    std::fs::write(d.join("script.py"), MAIN).expect("write");
    std::fs::write(d.join("work.py"), WORK).expect("write");
    std::fs::create_dir_all(d.join("empty")).expect("mkdir");
    python_tool(
        d,
        "import zipfile, zipapp, py_compile\n\
         with zipfile.ZipFile('app.zip', 'w') as z:\n\
         \x20   z.write('app/__main__.py', '__main__.py'); z.write('app/work.py', 'work.py')\n\
         zipapp.create_archive('app', 'app.pyz', interpreter='/usr/bin/env python3')\n\
         py_compile.compile('script.py', cfile='script.pyc', doraise=True)\n\
         open('bad.pyc', 'wb').write(b'not a pyc')\n\
         import importlib.util\n\
         open('junk.pyc', 'wb').write(importlib.util.MAGIC_NUMBER + bytes(12) + b'junk')\n",
    );
    let methods = ["fork", "forkserver", "spawn"];
    for main in ["app", "./app/", "app.zip", "app.pyz", "script.pyc"] {
        let mut args = vec![main];
        args.extend(methods);
        same_as_python(d, &args);
    }
    let absolute = d.join("app").display().to_string();
    same_as_python(d, &[absolute.as_str(), "spawn"]);
    for failing in ["empty", "bad.pyc", "junk.pyc"] {
        same_as_python(d, &[failing]);
    }
}
