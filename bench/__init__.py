"""Measurements: relevance evaluation and performance benchmarks (never timing assertions in tests)."""
