# The app image: the `hearings` command with its Python dependencies (Kiwi's model ships in its wheel),
# pinned by constraints.txt. Only what the installed package needs is copied: bench/ (benchmarks and
# relevance evaluation over tests/corpus) stays in the clone. tests/test_deploy.py builds and serves
# exactly these files, so a path missing here fails the test suite.
# Two stages: the wheel is built in the first, so the runtime holds the installed package and its runtime
# dependencies only (no build folder, no test tools: the `test` extra is never installed).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md LICENSE constraints.txt ./
COPY hearings hearings
COPY ingest ingest
COPY search_api search_api
COPY alerts alerts
COPY web web
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
WORKDIR /app
COPY --from=build /wheels /wheels
COPY constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt /wheels/*.whl && rm -rf /wheels
# Read at run time from outside the package: the index definitions and the example roster
# (`hearings ingest /corpus --roster /app/examples/roster.csv` for the sample minutes).
COPY mappings mappings
COPY examples examples
# An unprivileged user. The folders compose mounts named volumes on are made here and owned by it: a new
# named volume takes the ownership of the folder it is mounted on, so the user can write its volumes.
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin hearings \
    && mkdir -p /alerts /locks /roster \
    && chown hearings:hearings /alerts /locks /roster
USER hearings
ENV HEARINGS_MAPPINGS_DIR=/app/mappings
EXPOSE 8000
CMD ["hearings", "serve", "--host", "0.0.0.0", "--port", "8000"]
