"""Property-based fuzzing of the JSON API with schemathesis, against the real app on the real node.

Every GET operation of /api/*, /healthz and /readyz gets generated requests (valid and invalid, from the
app's own OpenAPI document). The property: no answer is a 5xx other than the deliberate engine-trouble ones
(502, 503 + Retry-After), every error answer has the one JSON shape {"ok": false, "error", "status"}, and the
app logs no unhandled error or broken-off stream while answering.
Schemathesis's response-schema conformance checks are deliberately not run: the export streams CSV, Parquet
and XLSX that the document only describes as a response class.

Reproducible: hypothesis is derandomized and keeps no example database, so CI sees the same cases each run.
"""

from __future__ import annotations

import inspect
import logging
from collections import Counter

import pytest
import schemathesis
from fastapi.openapi.utils import get_openapi
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.es

OPERATIONS = r"^/(api/.*|healthz|readyz)$"
MAX_EXAMPLES = 50  # per operation, for the fuzzing phase; the explicit coverage cases come on top
MIN_CASES = 300
CASES: list[tuple[str, int]] = []  # (operation, status) of every case actually sent


def _document(app) -> dict:
    """The app's own /openapi.json. If it cannot serve one (see test_openapi_document_is_served), the same
    document built from its routes, with FastAPI told the export's response class takes a status_code like
    the StreamingResponse it extends; built with get_openapi so the app caches no document of its own."""
    served = TestClient(app, raise_server_exceptions=False).get("/openapi.json")
    if served.status_code == 200:
        return served.json()
    from search_api.routes import ExportResponse

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ExportResponse.__init__, "__signature__", inspect.signature(StreamingResponse.__init__),
                      raising=False)
        return get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)


@pytest.fixture(scope="module")
def api_schema(app):
    loaded = schemathesis.openapi.from_dict(_document(app))
    loaded.app = app  # calls go through the ASGI app in process, like TestClient
    return loaded.include(path_regex=OPERATIONS, method="GET")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request):
    """schemathesis 4.32's fixture-loaded schemas read and rewrite `Node._nodeid`, which pytest 9 no longer has
    (it keeps `_id`); without the attribute the test errors before sending a request. Harmless once fixed."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


def _error_shape(response, status: int) -> str | None:
    """What is wrong with an error answer's body, or None."""
    try:
        body = response.json()
    except ValueError:
        return f"not JSON: {response.text[:200]!r}"
    if not isinstance(body, dict) or set(body) != {"ok", "error", "status"}:
        return f"not the error shape: {body!r}"[:300]
    if body["ok"] is not False or not isinstance(body["error"], str) or not body["error"]:
        return f"not the error shape: {body!r}"[:300]
    if body["status"] != status:
        return f"body says status {body['status']!r}, the answer is {status}"
    return None


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])  # caplog: records are read per case
def test_no_5xx_and_one_error_shape(case, caplog):
    logged = len(caplog.records)
    response = case.call()
    status = response.status_code
    path = case.operation.path
    CASES.append((case.operation.label, status))
    where = f"{case.method} {response.request.url} → {status}"
    # A 500 the catch-all answered, or a stream that broke off after a 200 had been sent, is logged here.
    trouble = [r.getMessage()[:300] for r in caplog.records[logged:]
               if r.name == "search_api.errors" and r.levelno >= logging.WARNING]
    assert not trouble, f"{where}: {trouble}"

    if path == "/readyz" and status != 405:  # the probe's own shape, a report, not an error
        body = response.json()
        assert status in (200, 503), f"{where}: {response.text[:300]}"
        assert body["ok"] is (status == 200), f"{where}: {body}"
        if status == 503:
            assert response.headers.get("retry-after"), f"{where}: 503 without Retry-After"
        return

    assert status < 500 or status in (502, 503), f"{where}: {response.text[:300]}"
    if status >= 400:
        problem = _error_shape(response, status)
        assert problem is None, f"{where}: {problem}"
    if status == 503:
        retry_after = response.headers.get("retry-after", [""])[0]
        assert retry_after.isdigit() and int(retry_after) >= 1, f"{where}: 503 without Retry-After"


def test_enough_cases_were_run(request):
    if not any(item.name == "test_no_5xx_and_one_error_shape" for item in request.session.items):
        pytest.skip("the fuzzing test was not selected")
    operations = Counter(operation for operation, _ in CASES)
    print(f"{len(CASES)} cases:", dict(operations), dict(sorted(Counter(status for _, status in CASES).items())))
    documented = {f"GET {path}" for path, item in request.getfixturevalue("app").openapi()["paths"].items()
                  if "get" in item}
    assert set(operations) == documented, sorted(documented - set(operations))
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases ran"


def test_openapi_document_is_served(app):
    """The fuzzing above reads this document; /docs renders it."""
    response = TestClient(app, raise_server_exceptions=False).get("/openapi.json")
    assert response.status_code == 200, response.text[:300]
    assert set(response.json()["paths"]) >= {"/api/search", "/api/export", "/healthz", "/readyz"}
