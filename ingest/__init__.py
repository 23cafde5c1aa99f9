"""Turns minutes files into meetings and speaker turns, and loads them into Elasticsearch."""
