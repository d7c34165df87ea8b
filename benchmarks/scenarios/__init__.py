"""Benchmark scenarios: one module each, exposing NAME and run(); see benchmarks/README.md."""
