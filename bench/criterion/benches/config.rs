//! In-process cost of validating one config: load (parse + decode with
//! spans), check (every rule × 32 targets), render the diagnostics, render
//! the bootstrap, and all of it together. Goal (issue 8): validating one
//! config (load + check) under 50 µs. Run: `cargo bench -p mpconfig-core --bench config`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mpconfig_core::bootstrap::{BootstrapOptions, render_config};
use mpconfig_core::{CheckOptions, Format, RenderOptions, check, load_str, render};

/// Every key set, no `[check] targets`: all 32 targets, two warnings.
const MATRIX: &str = include_str!("../../config/matrix.toml");
const NAME: &str = "bench/config/matrix.toml";

fn validate_and_render() -> (usize, usize) {
    let loaded = load_str(MATRIX, Format::Toml, NAME).expect("valid config");
    let findings = check(&loaded.config, &CheckOptions::default());
    let mut bytes = 0;
    for f in &findings {
        let d = f.clone().locate(&loaded.source, &loaded.source_map);
        bytes += render(&d, RenderOptions::default()).len();
    }
    let bootstrap = render_config(&loaded.config, &BootstrapOptions::new().origin(NAME));
    (bytes, bootstrap.len())
}

fn benches(c: &mut Criterion) {
    let loaded = load_str(MATRIX, Format::Toml, NAME).expect("valid config");
    let findings = check(&loaded.config, &CheckOptions::default());
    assert_eq!(findings.len(), 2, "MP003 and MP009 expected");

    c.bench_function("load (toml, spans)", |b| {
        b.iter(|| load_str(black_box(MATRIX), Format::Toml, NAME).unwrap())
    });
    c.bench_function("check (32 targets)", |b| {
        b.iter(|| check(black_box(&loaded.config), &CheckOptions::default()))
    });
    c.bench_function("render diagnostics", |b| {
        b.iter(|| {
            findings
                .iter()
                .map(|f| {
                    let d = f.clone().locate(&loaded.source, &loaded.source_map);
                    render(&d, RenderOptions::default()).len()
                })
                .sum::<usize>()
        })
    });
    c.bench_function("render bootstrap", |b| {
        b.iter(|| {
            render_config(
                black_box(&loaded.config),
                &BootstrapOptions::new().origin(NAME),
            )
        })
    });
    c.bench_function("validate, load + check (one config)", |b| {
        b.iter(|| {
            let loaded = load_str(black_box(MATRIX), Format::Toml, NAME).unwrap();
            check(&loaded.config, &CheckOptions::default()).len()
        })
    });
    c.bench_function("load + check + render diagnostics and bootstrap", |b| {
        b.iter(validate_and_render)
    });
}

criterion_group!(config, benches);
criterion_main!(config);
