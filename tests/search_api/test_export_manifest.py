"""A manifest describes its own export: every parameter (expansion included), an absolute search URL, the index
and alias state, the row count and checksums of that very download, and a re-run from it gives the same rows."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys

import pytest

from hearings.index import turns_spec
from search_api.export import row_line

pytestmark = pytest.mark.es


def test_the_manifest_says_whether_expansion_shaped_the_rows(api):
    expanded = api.get("/api/export/manifest", params={"q": "공수처"}).json()
    literal = api.get("/api/export/manifest", params={"q": "공수처", "expand": "false"}).json()
    assert expanded["rows"] > literal["rows"] > 0  # 고위공직자범죄수사처 is found too
    assert expanded["expansion"] == {"enabled": True, "applied": True, "terms": {"공수처": ["고위공직자범죄수사처"]}}
    assert literal["expansion"] == {"enabled": False, "applied": False, "terms": {}}
    assert expanded["parameters"]["expand"] is True and literal["parameters"]["expand"] is False
    assert literal["filters"] == {"expand": False}


def test_the_manifest_names_an_absolute_search_and_the_index_state(api, settings):
    manifest = api.get("/api/export/manifest", params={"q": "원천무효", "committee": "사법개혁특별위원회"}).json()
    assert manifest["search_url"].startswith(settings.public_url + "/search?")
    assert api.get(manifest["search_url"].removeprefix(settings.public_url)).status_code == 200
    spec = turns_spec(settings)
    assert manifest["index_alias"] == spec.alias and manifest["index"] == spec.concrete_name
    assert manifest["mapping_version"] == str(spec.version) and manifest["alias_filter"] is None
    assert manifest["parameters"]["committee"] == ["사법개혁특별위원회"] and manifest["state"] == "preview"


def test_the_manifest_endpoint_describes_that_very_download(api):
    first = api.get("/api/export", params={"q": "원천무효", "format": "jsonl"})
    second = api.get("/api/export", params={"q": "위원장", "format": "csv"})
    assert first.headers["x-export-id"] != second.headers["x-export-id"]
    link = first.headers["link"].split(">")[0].lstrip("<")
    assert link == f"/api/export/manifest/{first.headers['x-export-id']}"
    manifest = api.get(link).json()
    rows = [json.loads(line) for line in first.content.decode("utf-8").splitlines()]
    assert manifest["id"] == first.headers["x-export-id"] and manifest["state"] == "complete"
    assert manifest["query"] == "원천무효" and manifest["rows"] == len(rows) == int(first.headers["x-export-rows"])
    assert manifest["file"]["sha256"] == hashlib.sha256(first.content).hexdigest()
    assert manifest["file"]["bytes"] == len(first.content)
    assert manifest["rows_sha256"] == hashlib.sha256(b"".join(map(row_line, rows))).hexdigest()
    assert api.get(link).json() == manifest  # asked again: the same download, not a new count
    other = api.get(f"/api/export/manifest/{second.headers['x-export-id']}").json()
    assert other["query"] == "위원장" and other["started_at"] and other["rows"] != manifest["rows"]
    missing = api.get("/api/export/manifest/" + "0" * 32)
    assert missing.status_code == 404 and missing.json()["ok"] is False


def test_rows_sha256_is_the_same_in_every_format(api):
    digests = set()
    for fmt in ("csv", "jsonl", "parquet", "xlsx"):
        download = api.get("/api/export", params={"q": "원천무효", "format": fmt})
        digests.add(api.get(f"/api/export/manifest/{download.headers['x-export-id']}").json()["rows_sha256"])
    assert len(digests) == 1 and None not in digests


def _cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"HEARINGS_INDEX_ALIAS": turns_spec(settings).alias}
    return subprocess.run([sys.executable, "-m", "web.cli", "export", *args], env=env, capture_output=True,
                          text=True)


def test_the_cli_writes_the_checksums_and_reruns_from_the_manifest(settings, indexed_corpus, tmp_path):
    out = tmp_path / "gongsu.csv"
    done = _cli(settings, "--q", "공수처", "--format", "csv", "--out", str(out))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "gongsu.csv.manifest.json").read_text("utf-8"))
    assert manifest["file"] == {"name": "gongsu.csv", "bytes": out.stat().st_size,
                                "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}
    assert manifest["rows"] == len(list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))) - 1
    assert manifest["rows_sha256"]
    assert manifest["expansion"]["applied"] is True

    again = _cli(settings, "--from-manifest", str(tmp_path / "gongsu.csv.manifest.json"))
    assert again.returncode == 0, again.stderr
    assert f"rows identical: {manifest['rows']} rows, rows_sha256 {manifest['rows_sha256']}" in again.stdout

    narrowed = tmp_path / "narrowed.json"  # the same manifest asking for the literal word only: fewer rows
    narrowed.write_text(json.dumps(manifest | {"parameters": manifest["parameters"] | {"expand": False}}), "utf-8")
    differs = _cli(settings, "--from-manifest", str(narrowed))
    assert differs.returncode == 1 and "rows differ" in differs.stdout
