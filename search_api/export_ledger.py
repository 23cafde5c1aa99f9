"""The manifests of the exports this process has served, by export id, so that /api/export/manifest/{id} describes
that very download (its rows, its start, its file's SHA-256) rather than counting a new request again.

Kept in memory, bounded: a manifest is asked for right after its download. With several workers
(HEARINGS_WORKERS > 1) a second request can reach another worker, which answers 404; the manifest is also
inside every Parquet and XLSX file, and `hearings export` writes it beside the file.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator

from search_api.export import Export, ExportError

KEPT = 1000  # manifests are small (a few kB): the last thousand downloads


class ExportLedger:
    def __init__(self, kept: int = KEPT):
        self.kept, self._manifests, self._lock = kept, OrderedDict[str, dict](), threading.Lock()

    def record(self, manifest: dict) -> None:
        with self._lock:
            self._manifests[manifest["id"]] = manifest
            self._manifests.move_to_end(manifest["id"])
            while len(self._manifests) > self.kept:
                self._manifests.popitem(last=False)

    def get(self, export_id: str) -> dict | None:
        with self._lock:
            return self._manifests.get(export_id)


def recorded(export: Export, content: Iterator[bytes], fmt: str, filename: str, ledger: ExportLedger
             ) -> Iterator[bytes]:
    """The encoder's bytes, passed through unchanged; the ledger holds the export's manifest from the start
    (state: streaming), and once the last byte is out its row count, rows_sha256 and the file's SHA-256."""
    ledger.record(export.manifest(fmt=fmt) | {"state": "streaming"})
    digest, size = hashlib.sha256(), 0
    try:
        for chunk in content:
            digest.update(chunk)
            size += len(chunk)
            yield chunk
    except ExportError as error:
        ledger.record(export.manifest(export.written, fmt) | {"state": "failed", "error": str(error)})
        raise
    finally:
        content.close()
    file = {"name": filename, "bytes": size, "sha256": digest.hexdigest()}
    ledger.record(export.manifest(export.written, fmt) | {"state": "complete", "file": file})
