"""Benchmarks: start-up, per-question latency and scale (run with `make bench`)."""
