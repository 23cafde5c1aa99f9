"""Search over indexed turns: parameters → Elasticsearch query → results, shared by the API and the web pages."""
