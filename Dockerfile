# The app image: the `hearings` command with its Python dependencies (Kiwi's model ships in its wheel).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY hearings hearings
COPY ingest ingest
COPY search_api search_api
COPY web web
COPY mappings mappings
COPY examples examples
RUN pip install --no-cache-dir .
ENV HEARINGS_MAPPINGS_DIR=/app/mappings
EXPOSE 8000
CMD ["hearings", "serve", "--host", "0.0.0.0", "--port", "8000"]
