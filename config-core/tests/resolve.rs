//! Resolution for every OS × version × start method.

use mpconfig_core::{
    Effective, MultiprocessingConfig, Os, PythonVersion, StartMethod, Target, resolve,
};

fn expected(method: StartMethod, os: Os, minor: u8) -> Effective {
    match method {
        StartMethod::Auto => {
            if os == Os::Windows {
                Effective::Spawn
            } else {
                Effective::Fork
            }
        }
        StartMethod::None => match os {
            Os::Windows | Os::Macos | Os::MacosFramework => Effective::Spawn,
            Os::Linux if minor >= 14 => Effective::Forkserver,
            Os::Linux => Effective::Fork,
        },
        StartMethod::Fork => Effective::Fork,
        StartMethod::Forkserver => Effective::Forkserver,
        StartMethod::Spawn => Effective::Spawn,
    }
}

#[test]
fn every_os_version_and_method() {
    let mut checked = 0;
    for method in StartMethod::ALL {
        let mp = MultiprocessingConfig {
            start_method: method,
            ..Default::default()
        };
        for os in Os::ALL {
            for minor in 8..=16 {
                let t = Target::new(os, PythonVersion::new(3, minor));
                assert_eq!(
                    resolve(&mp, t),
                    expected(method, os, minor),
                    "{method} on {t}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 5 * 4 * 9);
}

#[test]
fn targets_expand_and_compress() {
    assert_eq!(Target::all().len(), 32);
    let specs = vec![
        "linux:3.12".parse().expect("t"),
        "linux".parse().expect("t"),
        "aarch64-apple-darwin:3.9".parse().expect("t"),
    ];
    let targets = Target::expand(&specs);
    assert_eq!(targets.len(), 9);
    assert_eq!(
        mpconfig_core::compress_targets(&targets),
        vec!["linux:3.8–3.15", "macos:3.9"]
    );
    let gaps: Vec<Target> = [8, 9, 11, 13, 14]
        .iter()
        .map(|&m| Target::new(Os::Windows, PythonVersion::new(3, m)))
        .collect();
    assert_eq!(
        mpconfig_core::compress_targets(&gaps),
        vec!["windows:3.8–3.9", "windows:3.11", "windows:3.13–3.14"]
    );
}
