//! `forkserver_preload_on_error` end to end: the host, configured with a
//! preload list naming a module that does not exist, starts a forkserver
//! child; what the program sees (stdout) and the fork server's warning on
//! stderr are those of the same program under plain python making the same
//! calls itself. On CPython 3.15 and later `warn` prints CPython's
//! `ImportWarning` and `fail` makes the start fail; before 3.15 the option
//! cannot apply and every value behaves as `ignore` (rule MP019).

mod host_support;

use host_support::{HostRun, Outcome, Scratch, build_python, config_file, host_run, script};

const MISSING: &str = "Failed to preload module 'mpconfig_missing_preload'";

fn host(dir: &Scratch, on_error: &str) -> Outcome {
    let config = config_file(
        dir,
        &format!("{on_error}.toml"),
        &[
            "start_method = \"forkserver\"".to_owned(),
            "forkserver_preload = [\"json\", \"mpconfig_missing_preload\"]".to_owned(),
            format!("forkserver_preload_on_error = \"{on_error}\""),
        ],
    );
    host_run([
        "run".to_owned(),
        "--config".to_owned(),
        config.display().to_string(),
        script("preload_on_error.py"),
    ])
    .env("PYTHONWARNINGS", "always::ImportWarning")
    .run()
}

fn python(on_error: &str) -> Outcome {
    HostRun::new(
        build_python(),
        [script("preload_on_error.py"), on_error.to_owned()],
    )
    .env("PYTHONWARNINGS", "always::ImportWarning")
    .without_log()
    .run()
}

fn linked_minor() -> u32 {
    let out = HostRun::new(
        build_python(),
        ["-c", "import sys; print(sys.version_info[1])"],
    )
    .without_log()
    .run();
    out.stdout
        .trim()
        .parse()
        .expect("the linked python's minor version")
}

#[test]
fn on_error_as_python_makes_it() {
    let dir = Scratch::new("preload-on-error");
    let minor = linked_minor();
    for on_error in ["ignore", "warn", "fail"] {
        let (h, p) = (host(&dir, on_error), python(on_error));
        let label = format!("on_error = {on_error} on 3.{minor}");
        assert_eq!(h.code(), Some(0), "{label}\n{}", h.describe());
        assert_eq!(p.code(), Some(0), "{label}\n{}", p.describe());
        assert_eq!(
            h.stdout,
            p.stdout,
            "{label}\nhost: {}\npython: {}",
            h.describe(),
            p.describe()
        );
        let started = h.stdout.contains("exitcode 0");
        let warned = h.stderr.contains(MISSING);
        match (minor >= 15, on_error) {
            (true, "fail") => {
                assert!(
                    !started && h.stdout.contains("start failed"),
                    "{label}\n{}",
                    h.describe()
                );
                assert!(
                    h.stderr.contains("mpconfig_missing_preload"),
                    "{label}\n{}",
                    h.describe()
                );
            }
            (true, "warn") => assert!(started && warned, "{label}\n{}", h.describe()),
            _ => assert!(started && !warned, "{label}\n{}", h.describe()),
        }
        assert_eq!(
            warned,
            p.stderr.contains(MISSING),
            "{label}\n{}\n{}",
            h.describe(),
            p.describe()
        );
        h.assert_clean(4);
    }
}
