"""Page tests: the browser fixtures live in tests/conftest.py (one browser per session)."""
