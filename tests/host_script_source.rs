//! The host compiles the main script as `python SCRIPT` does (it calls
//! `Py_CompileStringObject` directly, not `builtins.compile`): coding
//! cookies, a BOM, `__future__` imports and syntax errors give what the
//! interpreter the host embeds gives. Real processes.

mod host_support;

use host_support::{Scratch, build_python, host_run};

#[test]
fn main_script_source_is_read_as_python_reads_it() {
    let dir = Scratch::new("script-source");
    let cases: [(&str, &[u8]); 6] = [
        ("latin.py", b"# -*- coding: latin-1 -*-\nprint(repr('caf\xe9'))\n"),
        ("bom.py", b"\xef\xbb\xbfprint('bom')\n"),
        (
            "future.py",
            b"from __future__ import annotations\ndef f(x: Undefined): pass\nprint(f.__annotations__, __debug__)\n",
        ),
        ("syntax.py", b"print(1\n"),
        ("indent.py", b"def f():\n  return 1\n return 2\n"),
        ("raises.py", b"def f():\n    1/0\nf()\n"),
    ];
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let host = host_run(["run".as_ref(), path.as_os_str()]).run();
        let python = std::process::Command::new(build_python())
            .arg(&path)
            .output()
            .expect("run python");
        assert_eq!(
            host.code(),
            python.status.code(),
            "{name}\n{}",
            host.describe()
        );
        assert_eq!(
            host.stdout,
            String::from_utf8_lossy(&python.stdout),
            "{name}"
        );
        assert_eq!(
            host.stderr,
            String::from_utf8_lossy(&python.stderr),
            "{name}"
        );
    }
}
