"""Benchmarks (not part of the test suite): ``python -m bench.run``. See bench/README in the main README."""
