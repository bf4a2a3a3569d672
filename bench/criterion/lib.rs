//! Nothing: the benches are in `benches/` (`cargo bench -p mpconfig-bench`).
