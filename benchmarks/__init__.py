"""Benchmarks for policygraph: a synthetic digest corpus and a runner that times every step (not run as tests)."""
