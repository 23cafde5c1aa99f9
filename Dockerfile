# The app image: the `hearings` command with its Python dependencies (Kiwi's model ships in its wheel),
# pinned by constraints.txt. Only what the installed package needs is copied: bench/ (benchmarks and
# relevance evaluation over tests/corpus) stays in the clone. tests/test_deploy.py builds and serves
# exactly these files, so a path missing here fails the test suite.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY hearings hearings
COPY ingest ingest
COPY search_api search_api
COPY web web
# Read at run time from outside the package: the index definitions and the example roster
# (`docker compose run --rm ingest` passes it with --roster).
COPY mappings mappings
COPY examples examples
RUN pip install --no-cache-dir -c constraints.txt .
ENV HEARINGS_MAPPINGS_DIR=/app/mappings
EXPOSE 8000
CMD ["hearings", "serve", "--host", "0.0.0.0", "--port", "8000"]
