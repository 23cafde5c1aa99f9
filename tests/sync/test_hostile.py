"""`hearings sync` against a hostile upstream (tests/sync/hostile.py): every bad answer is one line naming
the service, the page and the reason, never the key, and the run goes on and exits non-zero; drips are cut
at their deadline while an ingest can take the writer lock; huge answers and fake page counts are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.open_assembly import OpenAssemblyClient, RunDeadline, ServiceError
from ingest.upstream import UpstreamError, redirect_target
from ingest.writer_lock import writer_lock
from tests.sync.hostile import Hostile, HostileServer, free_port

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "nzbyfwhwaoanttzje"  # 본회의: listed per sitting day
KEY = "SECRET-KEY-4242"


def _env(url: str, tmp_path: Path, alias: str, **overrides: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("HEARINGS_")}
    return env | {
        "PYTHONPATH": str(ROOT), "HEARINGS_INDEX_ALIAS": alias, "HEARINGS_LOCKS_DIR": str(tmp_path / "locks"),
        "HEARINGS_MEMBERS_ROSTER": str(tmp_path / "no-roster.csv"),
        "HEARINGS_ASSEMBLY_API_URL": f"{url}/portal/openapi", "HEARINGS_ASSEMBLY_FILES_URL": f"{url}/download",
        "HEARINGS_ASSEMBLY_API_KEY": KEY, "HEARINGS_ASSEMBLY_MIN_INTERVAL_S": "0",
        "HEARINGS_ASSEMBLY_BACKOFF_S": "0.01", "HEARINGS_ASSEMBLY_RETRIES": "1",
        "HEARINGS_ASSEMBLY_READ_TIMEOUT_S": "5", "HEARINGS_ASSEMBLY_REQUEST_DEADLINE_S": "1.5",
        "HEARINGS_ASSEMBLY_MAX_ANSWER_BYTES": "65536", "HEARINGS_ASSEMBLY_MAX_PAGES": "5",
        "HEARINGS_SYNC_LOCK_WAIT_S": "0"} | {f"HEARINGS_{name.upper()}": value for name, value in overrides.items()}


def _command() -> list[str]:
    return [sys.executable, "-m", "web.cli", "sync", "--since", "2024-05-07", "--until", "2024-05-07",
            "--kind", "본회의", "--kind", "국정감사"]


def _lines_naming(output: str, text: str) -> list[str]:
    return [line for line in output.splitlines() if text in line]


@pytest.fixture
def alias(settings, es_client) -> str:
    return settings.index_alias  # the node is up (es_client); sync creates its state index itself


CASES = {
    "html": "an HTML page, not a list (502 Bad Gateway)",
    "empty": "an empty answer",
    "array": "JSON of an unexpected shape: a list, not an object",
    "wrong shape": "JSON of an unexpected shape: head is not a list of objects",
    "other service": f"JSON of an unexpected shape: no {SERVICE} in it",
    "bad count": "list_total_count is 'many', not a count",
    "not utf-8": "the answer is not UTF-8 text",
    "cut off": "the connection was cut off mid-answer",
    "cut off json": "malformed or cut-off JSON",
    "redirect loop": "more than 5 redirects (a redirect loop)",
    "redirect to the search node": "refused a redirect to http://127.0.0.1:9200",
    "redirect to a file": "refused a redirect to file:",
    "error 500": "HTTP-500",
    "huge": "the answer is 209,715,200 bytes, over the cap of 65,536",
    "huge chunked": "the answer runs past the cap of 65,536 bytes",
    "drip": "no complete answer within 1.5 s",
    "drip headers": "no complete answer within 1.5 s",
}


@pytest.mark.es
@pytest.mark.parametrize("behaviour", list(CASES))
def test_each_bad_answer_is_one_line_and_the_run_goes_on_and_fails(behaviour, tmp_path, alias):
    hostile = Hostile({SERVICE: behaviour})
    with HostileServer(hostile) as server:
        done = subprocess.run(_command(), capture_output=True, text=True, timeout=120, cwd=ROOT,
                              env=_env(server.url, tmp_path, alias))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output and KEY not in output
    [line] = _lines_naming(output, SERVICE)
    assert CASES[behaviour] in line and "CONF_DATE=2024-05-07" in line and "page 1" in line, line
    assert "VCONFAPIGCONFLIST" in {service for service, _ in hostile.requests}  # the other kind was still listed


@pytest.mark.es
def test_the_service_down_is_one_line(tmp_path, alias):
    done = subprocess.run(_command(), capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=_env(f"http://127.0.0.1:{free_port()}", tmp_path, alias))
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output and KEY not in output, output
    [line] = _lines_naming(output, SERVICE)
    assert "cannot connect (the service is down or refuses connections) (2 attempts)" in line
    assert len(_lines_naming(output, "VCONFAPIGCONFLIST")) == 1  # the other kind: tried, and named on its own


@pytest.mark.es
def test_while_sync_waits_on_a_drip_an_ingest_takes_the_lock_and_the_drip_is_cut(tmp_path, alias, settings):
    hostile = Hostile({SERVICE: "drip"}, drip_every_s=0.5)  # each byte well within the read timeout of 5 s
    with HostileServer(hostile) as server:
        sync = subprocess.Popen(_command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env=_env(server.url, tmp_path, alias, assembly_request_deadline_s="4"))
        try:
            assert hostile.dripping.wait(60)
            with writer_lock(settings.model_copy(update={"locks_dir": tmp_path / "locks", "index_alias": alias})):
                assert sync.poll() is None  # sync is still waiting on the drip, and the lock is ours
            out, err = sync.communicate(timeout=60)
        finally:
            sync.kill()
        assert hostile.drip_ended.wait(30)  # the client hung up on the drip
    assert sync.returncode == 1 and "Traceback" not in out + err
    [line] = _lines_naming(out + err, SERVICE)
    assert "DEADLINE" in line and "no complete answer within 4 s" in line


def _client(url: str, **limits) -> OpenAssemblyClient:
    return OpenAssemblyClient(f"{url}/portal/openapi", f"{url}/download", key=KEY, min_interval_s=0, retries=1,
                              backoff_s=0.01, **limits)


def test_the_run_deadline_cuts_a_drip_and_stops_further_requests():
    hostile = Hostile({SERVICE: "drip"})
    with HostileServer(hostile) as server:
        api = _client(server.url, timeout_s=5, request_deadline_s=60, run_deadline_s=2)
        try:
            with pytest.raises(ServiceError, match="no complete answer within 2 s"):
                list(api.rows(SERVICE, {"DAE_NUM": 22, "CONF_DATE": "2024-05-07"}))
            with pytest.raises(RunDeadline, match="the run's deadline of 2 s has passed"):
                list(api.rows("VCONFAPIGCONFLIST", {"ERACO": "제22대"}))
        finally:
            api.close()
    assert [service for service, _ in hostile.requests] == [SERVICE]


def test_a_fake_page_count_is_refused_after_the_first_page():
    hostile = Hostile({SERVICE: "fake count"})
    with HostileServer(hostile) as server:
        api = _client(server.url, max_pages=5)
        rows = []
        try:
            with pytest.raises(ServiceError, match="claims 1,000,000,000 rows, more than 5 pages"):
                rows.extend(api.rows(SERVICE, {"DAE_NUM": 22, "CONF_DATE": "2024-05-07"}))
        finally:
            api.close()
    assert len(hostile.requests) == 1 and len(rows) == 1  # the first page's rows are kept


def test_a_redirect_within_the_service_is_followed():
    hostile = Hostile({SERVICE: "redirect within"})
    with HostileServer(hostile) as server:
        api = _client(server.url)
        try:
            assert list(api.rows(SERVICE, {"DAE_NUM": 22, "CONF_DATE": "2024-05-07"})) == []
        finally:
            api.close()
    assert [service for service, _ in hostile.requests] == [SERVICE, "INFO200"]


@pytest.mark.parametrize(("location", "refused"), [
    ("https://evil.example/x", "https://evil.example"),
    ("http://open.assembly.go.kr/x", "http://open.assembly.go.kr"),  # no downgrade from https
    ("https://open.assembly.go.kr:9200/", "https://open.assembly.go.kr:9200"),
    ("file:///etc/passwd", "file:"),
])
def test_redirects_elsewhere_are_refused(location, refused):
    with pytest.raises(UpstreamError, match=f"refused a redirect to {refused} "):
        redirect_target("https://open.assembly.go.kr/portal/openapi/X", "https://open.assembly.go.kr/a", location)


def test_a_redirect_on_the_same_host_over_https_is_allowed():
    assert redirect_target("https://open.assembly.go.kr/portal/openapi/X", "https://open.assembly.go.kr/a/b",
                           "../c?pIndex=1") == "https://open.assembly.go.kr/c?pIndex=1"
