"""Server-rendered Korean pages. They call search_api's functions; they never talk to Elasticsearch."""
