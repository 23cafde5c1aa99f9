"""The service: every operation the doors share (the JSON API, the HTML pages, the feeds, the CLI's export and
the alerts run), with the engine client, index names and analyzer they need. It is built from settings, so a
command-line tool uses the very code a request does; the app builds one per request from its state (the
client is replaced when the server restarts) and hands it to routes as `BackendDep`."""

from __future__ import annotations

from typing import Annotated

from elasticsearch import Elasticsearch
from fastapi import Depends, Request
from pydantic import BaseModel

from hearings.analysis import KiwiAnalyzer, get_analyzer
from hearings.config import Settings
from hearings.engine import make_client
from hearings.index import meetings_spec, sync_state_index, turns_spec
from search_api.collection import Collection, get_collection
from search_api.committees import CommitteeProfile, get_committee_profile
from search_api.export import Export, ExportRequest
from search_api.export_formats import ExportParams
from search_api.export_ledger import ExportLedger
from search_api.highlight import marked_htmls
from search_api.meeting_threads import MeetingThreads, ThreadPage, get_meeting_threads, get_thread
from search_api.meetings import MeetingView, get_meeting, get_turn
from search_api.models import SearchResult
from search_api.noun_reading import query_reader
from search_api.params import SearchParams
from search_api.query import Needles, build_query
from search_api.query_parser import QuerySyntaxError
from search_api.service import HitList, list_hits, run_search
from search_api.speakers import SpeakerProfile, get_speaker_profile, with_speaker_keys
from search_api.status import SyncStatus, sync_status
from search_api.trends import TrendParams, Trends, get_trends
from search_api.verify import VerifyResult, verify_quote


class SpeakerPage(BaseModel):
    profile: SpeakerProfile
    result: SearchResult


class Backend:
    """The service over one engine client and analyzer, for one set of settings."""

    def __init__(self, settings: Settings, client: Elasticsearch, analyzer: KiwiAnalyzer, turns_index: str,
                 meetings_index: str, exports: ExportLedger):
        self.settings, self.client, self.analyzer = settings, client, analyzer
        self.turns_index, self.meetings_index, self.exports = turns_index, meetings_index, exports

    @classmethod
    def from_settings(cls, settings: Settings, client: Elasticsearch | None = None) -> Backend:
        """For tools outside a request (the CLI, the alerts run): the batch client unless one is given. The
        index names are read from the mappings here, once; the app reads them once at start-up."""
        return cls(settings, client or make_client(settings), get_analyzer(), turns_spec(settings).alias,
                   meetings_spec(settings).alias, ExportLedger())

    def hits(self, params: SearchParams, size: int) -> HitList:
        """The hits of a search and nothing else (no facets, spelling, partners), as feeds list them."""
        return list_hits(self.client, self.turns_index, params, self.analyzer, size=size)

    def search(self, params: SearchParams, base: str) -> SearchResult:
        return run_search(self.client, self.turns_index, params, self.analyzer, base=base)

    def meeting(self, meeting_id: str) -> MeetingView:
        return get_meeting(self.client, self.meetings_index, self.turns_index, meeting_id)

    def meeting_threads(self, meeting_id: str) -> MeetingThreads:
        return get_meeting_threads(self.client, self.meetings_index, self.turns_index, meeting_id)

    def thread(self, meeting_id: str, number: int) -> ThreadPage:
        return get_thread(self.client, self.meetings_index, self.turns_index, meeting_id, number)

    def turn(self, turn_id: str) -> dict:
        return get_turn(self.client, self.turns_index, turn_id)

    def marked_paragraphs(self, meeting: MeetingView, q: str) -> dict[tuple[int, int], str]:
        """(turn seq, paragraph index) → speech with the query's matches marked, for paragraphs that match."""
        needles = Needles()
        try:
            build_query(SearchParams(q=q), query_reader(self.client, self.turns_index, self.analyzer, q), needles)
        except QuerySyntaxError:
            return {}
        speech = [((turn.seq, index), paragraph.text) for turn in meeting.turns
                  for index, paragraph in enumerate(turn.paragraphs) if paragraph.kind == "speech"]
        htmls = marked_htmls([text for _, text in speech], needles, self.analyzer.terms_many)
        return {key: html for (key, _), html in zip(speech, htmls, strict=True) if "<mark>" in html}

    def speaker(self, name: str, params: SearchParams, base: str) -> SpeakerPage:
        """The member's profile and their turns, searchable with the usual parameters."""
        profile = get_speaker_profile(self.client, self.turns_index, name)
        scoped = params.model_copy(update={"speaker": [profile.key]})
        return SpeakerPage(profile=profile, result=self.search(scoped, base=base))

    def verify(self, pasted: str) -> VerifyResult:
        return verify_quote(self.client, self.turns_index, self.analyzer, pasted)

    def committee(self, name: str) -> CommitteeProfile:
        return get_committee_profile(self.client, self.turns_index, name)

    def trends(self, params: TrendParams) -> Trends:
        return get_trends(self.client, self.turns_index, params, self.analyzer)

    def sync_status(self) -> SyncStatus:
        return sync_status(self.client, sync_state_index(self.settings))

    def collection(self) -> Collection:
        return get_collection(self.client, self.turns_index, self.sync_status())

    def export(self, params: ExportParams) -> Export:
        search = with_speaker_keys(self.client, self.turns_index, params.search_params())
        pairs = params.rows == "pairs"
        request = ExportRequest(search, ExportRequest.parse_columns(params.columns, pairs), params.stage_directions,
                                pairs)
        return self.export_of(request)

    def export_of(self, request: ExportRequest) -> Export:
        """An export of a request already made (the one a manifest describes, for a re-run)."""
        return Export(self.client, self.turns_index, request, self.analyzer, self.settings.public_url)


async def _backend(request: Request) -> Backend:
    # An async dependency runs on the event loop: no thread-pool hop just to read app state.
    state = request.app.state
    return Backend(state.settings, state.client, state.analyzer, state.turns_index, state.meetings_index,
                   state.exports)


BackendDep = Annotated[Backend, Depends(_backend)]
