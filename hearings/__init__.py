"""Shared core of the 국회 회의록 search engine: settings, the Kiwi analysis, the index definition."""

__version__ = "0.1.0"
