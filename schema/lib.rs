//! Nothing: the tests in `tests/` check the schema and its examples.
