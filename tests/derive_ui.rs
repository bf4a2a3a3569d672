//! Compile-fail tests of `#[derive(Bootstrap)]`: each mistake's error, as the
//! user sees it, is committed next to it (`.stderr`). Rewrite them with
//! `TRYBUILD=overwrite cargo test --test derive_ui`.

#[test]
#[ignore = "slow suite: `cargo test --workspace -- --include-ignored` runs it (CI does)"]
fn derive_mistakes_point_at_the_offending_tokens() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
