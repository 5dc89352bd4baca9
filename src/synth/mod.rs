//! Synthetic activity files for fixtures, tests and benchmarks.
