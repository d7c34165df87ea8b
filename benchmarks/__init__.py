"""The performance harness: `python -m benchmarks [NAME ...] [--size N]`.

Scenarios live in `benchmarks/scenarios/`, one module each (see benchmarks/README.md);
`benchmarks.corpus` generates the synthetic papers they share.
"""
