"""Export every hit of a search, any size: point-in-time + search_after, streamed row by row.

No ``from``/``size`` deep paging and no scroll: a point in time pins the index as it was when the
export started, so the row count announced in the manifest is exactly what is written; the export
fails loudly if the stream ends short.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from elasticsearch import ApiError, Elasticsearch, TransportError

from hearings import __version__
from hearings.analysis import KiwiAnalyzer
from hearings.index import SEARCH_TERM_FIELDS
from search_api.citation import PROVISIONAL_LABEL, citation_line
from search_api.noun_reading import query_reader
from search_api.pairs import PAIR_COLUMNS, PAIR_INTEGER_COLUMNS, pair_rows, turn_text
from search_api.params import SearchParams
from search_api.query import Lemmatize, Needles, post_filter, text_query
from search_api.speaker_names import known_speakers
from search_api.status_errors import StatusError
from search_api.urls import SEARCH, search_url, turn_url

COLUMNS = (
    "turn_id", "meeting_id", "assembly_term", "session", "committee", "meeting_type", "meeting_number", "date",
    "audited_bodies",
    "agenda_item", "speaker_name", "speaker_printed", "role", "party", "text", "seq", "permalink", "citation",
    "provisional",
)
# Said in every manifest, so that a researcher knows a CSV cell's leading ' was added (export_formats).
CELL_RULE = ("CSV: a text cell starting with = + - @ tab or carriage return got a leading ' so that "
             "spreadsheets show it as text (OWASP CSV injection). XLSX: all text is written as text cells; a "
             "text longer than Excel's 32,767 characters per cell is cut there and ends with a note saying so "
             "(use CSV, JSON Lines or Parquet for whole texts). JSON Lines and Parquet: text unchanged.")
INTEGER_COLUMNS = {"assembly_term", "session", "meeting_number", "seq"} | PAIR_INTEGER_COLUMNS
BATCH = 2000
log = logging.getLogger(__name__)
KEEP_ALIVE = "2m"


class ExportError(StatusError, RuntimeError):
    """The export could not be completed; a partial file must not pass for a complete one."""

    status = 400


@dataclass(frozen=True)
class ExportRequest:
    params: SearchParams
    columns: tuple[str, ...] = COLUMNS
    include_stage_directions: bool = False
    pairs: bool = False  # one row per question → answer pair: the search selects the answers

    @staticmethod
    def parse_columns(raw: str | None, pairs: bool = False) -> tuple[str, ...]:
        offered = PAIR_COLUMNS if pairs else COLUMNS
        if not raw:
            return offered
        chosen = tuple(c.strip() for c in raw.split(",") if c.strip())
        if len(set(chosen)) != len(chosen):
            raise ExportError("같은 열을 두 번 고를 수 없습니다: " + ", ".join(sorted({c for c in chosen
                                                                                 if chosen.count(c) > 1})))
        unknown = [c for c in chosen if c not in offered]
        if unknown or not chosen:
            raise ExportError(f"알 수 없는 열: {', '.join(unknown) or '(없음)'}; 가능한 열: {', '.join(offered)}")
        return chosen


ORDER = "date, then turn_id, ascending"
# How rows_sha256 is computed, said in the manifest so that anyone can check a file against it.
ROW_CHECKSUM_RULE = ("SHA-256 over the rows in file order, each row as JSON with sorted keys, UTF-8, no ASCII "
                     "escaping, separators (',', ':'), one per line ending in \\n; the same for every format")


def row_line(row: dict) -> bytes:
    """One row as rows_sha256 reads it (ROW_CHECKSUM_RULE)."""
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode() + b"\n"


def _query(request: ExportRequest, lemmatize: Lemmatize, speakers: frozenset[str], needles: Needles) -> dict:
    # The full tier only, as the page's `total` counts it: the partial tier is a reading aid for the
    # first page (the best few turns with most of the words), not a set of results to analyse.
    query = text_query(request.params, lemmatize, needles, speakers=speakers)
    query["bool"]["filter"] = query["bool"]["filter"] + post_filter(request.params)["bool"]["filter"]
    if request.pairs:
        query["bool"]["filter"].append({"term": {"thread_role": "answer"}})
    return query


def to_row(source: dict, request: ExportRequest, public_url: str) -> dict:
    full = {name: source.get(name) for name in COLUMNS}
    full["text"] = turn_text(source, request.include_stage_directions)
    full["permalink"] = public_url + turn_url(source["meeting_id"], source["seq"])
    full["citation"] = citation_line(source)
    full["audited_bodies"] = "; ".join(source.get("audited_bodies") or [])  # one text cell in every format
    full["provisional"] = PROVISIONAL_LABEL if source.get("provisional") else ""
    return {name: full[name] for name in request.columns}


def _parameters(params: SearchParams) -> dict:
    """Every parameter that shapes the rows, defaults included (expand=true too): a re-run needs nothing else.
    page and sort are left out: an export has every hit, always in ORDER."""
    return params.model_dump(mode="json", exclude={"page", "sort"})


def _filters(params: SearchParams) -> dict:
    fields = {"q", "page"}
    data = params.model_dump(mode="json", exclude=fields)
    defaults = SearchParams().model_dump(mode="json", exclude=fields)
    return {name: value for name, value in data.items() if value != defaults[name]}


def request_from_manifest(manifest: dict) -> ExportRequest:
    """The export a manifest describes, to run again: its parameters, columns and row unit, nothing else."""
    try:
        params = SearchParams.model_validate(manifest["parameters"])
        pairs = manifest.get("row_unit", "turns") == "pairs"
        columns = ExportRequest.parse_columns(",".join(manifest["columns"]), pairs)
        return ExportRequest(params, columns, bool(manifest["include_stage_directions"]), pairs)
    except (KeyError, TypeError, ValueError) as error:  # pydantic's ValidationError is a ValueError
        raise ExportError(f"명세에서 내보내기를 다시 만들 수 없습니다: {error}") from error


class Export:
    """One export run: opens a point in time, knows its total up front, yields rows, closes the PIT."""

    def __init__(self, client: Elasticsearch, index: str, request: ExportRequest, analyzer: KiwiAnalyzer,
                 public_url: str):
        self.client, self.index, self.request, self.public_url = client, index, request, public_url
        self.id = uuid.uuid4().hex  # names this export: the manifest endpoint returns it by this id
        needles = Needles()
        self.query = _query(request, query_reader(client, index, analyzer, request.params.q),
                            known_speakers(client, index), needles)
        self.expansions = {word: list(names) for word, names in needles.expansions.items() if names}
        self._rows_hash = hashlib.sha256()
        self.rows_sha256: str | None = None  # set when every announced row has been handed out
        self._closing = threading.Lock()
        self.abandoned = threading.Event()  # set when the client has gone: the encoder stops at its next page
        self.pit_id = client.open_point_in_time(index=index, keep_alive=KEEP_ALIVE)["id"]
        try:
            first = client.search(pit={"id": self.pit_id, "keep_alive": KEEP_ALIVE}, query=self.query, size=0,
                                  track_total_hits=True)
            self.total: int = first["hits"]["total"]["value"]
            self.index_state = self._index_state()
            self.concrete_index = self.index_state["concrete"]
        except BaseException:
            self.close()  # an export that cannot start must not leave its point in time open on the node
            raise
        self.started_at = datetime.now(UTC)
        self.written = 0  # rows handed out so far (progress bars read it)

    def _index_state(self) -> dict:
        """The index the rows came from: the alias, the concrete index behind it, its mapping version, and whether
        the alias filters (ingest hides versions still being written behind a filtered alias)."""
        if self.client.indices.exists_alias(name=self.index):
            aliases = self.client.indices.get_alias(name=self.index).body
        else:
            aliases = {self.index: {"aliases": {}}}
        concrete = sorted(aliases)
        mappings = self.client.indices.get_mapping(index=",".join(concrete)).body
        versions = sorted({str((mappings[name]["mappings"].get("_meta") or {}).get("version", ""))
                           for name in concrete})
        filters = [aliases[name]["aliases"].get(self.index, {}).get("filter") for name in concrete]
        return {"alias": self.index, "concrete": ",".join(concrete), "mapping_version": ",".join(versions),
                "alias_filter": next((f for f in filters if f), None)}

    def manifest(self, rows: int | None = None, fmt: str = "") -> dict:
        params = self.request.params
        return {
            "id": self.id,
            "software": f"hearings {__version__}",
            "format": fmt,
            "query": params.q,
            "parameters": _parameters(params),
            "filters": _filters(params),
            "expansion": {"enabled": params.expand, "applied": bool(self.expansions), "terms": self.expansions},
            "search_url": self.public_url + search_url(SEARCH, params),
            "index": self.concrete_index,
            "index_alias": self.index_state["alias"],
            "mapping_version": self.index_state["mapping_version"],
            "alias_filter": self.index_state["alias_filter"],
            "order": ORDER,
            "rows_are": "question → answer pairs (one per answer)" if self.request.pairs else "turns",
            "row_unit": "pairs" if self.request.pairs else "turns",
            "tier": "full: turns holding every word of the query (the partial tier of a results page is "
                    "not exported)",
            "columns": list(self.request.columns),
            "include_stage_directions": self.request.include_stage_directions,
            "rows": self.total if rows is None else rows,
            "rows_sha256": self.rows_sha256,
            "row_checksum_rule": ROW_CHECKSUM_RULE,
            "cell_rule": CELL_RULE,
            "started_at": self.started_at.isoformat(timespec="seconds"),
        }

    def _page(self, search_after: list | None) -> list[dict]:
        source = {"excludes": SEARCH_TERM_FIELDS + ([] if self.request.include_stage_directions else ["paragraphs"])}
        page = self.client.search(
            pit={"id": self.pit_id, "keep_alive": KEEP_ALIVE}, query=self.query, size=BATCH,
            sort=[{"date": "asc"}, {"turn_id": "asc"}], search_after=search_after, track_total_hits=False,
            _source=source,
        )
        return page["hits"]["hits"]

    def _pages(self) -> Iterator[list[dict]]:
        """Pages of hits in order; the next page is fetched while the caller encodes this one, so the
        engine (on another core) and the encoder work at the same time. The point in time is closed here,
        after the prefetch thread has finished with it, however the caller stops."""
        try:
            with ThreadPoolExecutor(1, thread_name_prefix="export-prefetch") as prefetch:
                upcoming = prefetch.submit(self._page, None)
                while not self.abandoned.is_set() and (hits := upcoming.result()):
                    upcoming = prefetch.submit(self._page, hits[-1]["sort"])
                    yield hits
            if self.abandoned.is_set():
                raise ExportError(f"export abandoned by the client after {self.written} of {self.total} rows")
        finally:
            self.close()

    def rows(self) -> Iterator[dict]:
        """All rows in (date, turn_id) order; raises ExportError if fewer arrive than announced."""
        pages = self._pages()
        try:
            for hits in pages:
                if self.request.pairs:
                    pit = {"id": self.pit_id, "keep_alive": KEEP_ALIVE}
                    for row in pair_rows(self.client, pit, [hit["_source"] for hit in hits], self.public_url,
                                         self.request.columns, self.request.include_stage_directions):
                        yield self._counted(row)
                    continue
                for hit in hits:
                    yield self._counted(to_row(hit["_source"], self.request, self.public_url))
        finally:
            pages.close()
        if self.written != self.total:
            raise ExportError(f"export ended after {self.written} of {self.total} rows")
        self.rows_sha256 = self._rows_hash.hexdigest()

    def _counted(self, row: dict) -> dict:
        self.written += 1
        self._rows_hash.update(row_line(row))
        return row

    def abandon(self) -> None:
        """The client has gone: no further page is fetched or encoded, and the point in time is released now
        rather than when the encoder (an XLSX workbook is built whole before its first byte) would finish."""
        self.abandoned.set()
        self.close()

    def close(self) -> None:
        """Release the point in time; safe to call from several places and threads, and more than once."""
        with self._closing:
            pit_id, self.pit_id = self.pit_id, ""
        if pit_id:
            try:
                self.client.close_point_in_time(id=pit_id)
            except (ApiError, TransportError) as error:  # the node expires it after KEEP_ALIVE anyway
                log.warning("could not close point in time: %s", error)
