"""Links to member pages, made here so that templates only print them: the member page's own links (its JSON
twin, each committee and year narrowing it, each distinctive term searched within it, the yearly chart's
bars) and, under any results, the people who said it most and each hit's speaker."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from search_api.models import SearchResult
from search_api.speakers import SpeakerProfile
from search_api.urls import speaker_path

TOP_SPEAKERS = 10
BAR_STEP, BAR_WIDTH, BAR_SPACE, BAR_BASE = 48, 40, 80, 90  # the yearly chart: pixels per year, bar, tallest, axis


def speaker_url(key: str, **narrowed: str | int) -> str:
    """The member's page (keyed by member code, or name), narrowed by search parameters when given."""
    path = speaker_path(key)
    query = {name: value for name, value in narrowed.items() if value not in ("", None)}
    return f"{path}?{urlencode(query)}" if query else path


@dataclass(frozen=True)
class CountedLink:
    value: str
    count: int
    url: str


@dataclass(frozen=True)
class CommitteeLink(CountedLink):
    page_url: str  # the committee's own page


@dataclass(frozen=True)
class YearBar(CountedLink):
    x: int  # left edge of the bar
    y: float  # top of the bar
    height: float
    label_x: int  # centre, where the year is written


@dataclass(frozen=True)
class SpeakerLinks:
    api_url: str
    committees: list[CommitteeLink]
    years: list[YearBar]
    chart_width: int
    terms: list[CountedLink]


def _year_bars(profile: SpeakerProfile) -> list[YearBar]:
    peak = max((year.count for year in profile.turns_by_year), default=0)
    bars = []
    for index, year in enumerate(profile.turns_by_year):
        height = float(math.ceil(year.count / peak * BAR_SPACE)) if peak else 0.0
        bars.append(YearBar(year.value, year.count, speaker_url(profile.key, year=year.value),
                            x=index * BAR_STEP + (BAR_STEP - BAR_WIDTH) // 2, y=BAR_BASE - height, height=height,
                            label_x=index * BAR_STEP + BAR_STEP // 2))
    return bars


def speaker_links(profile: SpeakerProfile) -> SpeakerLinks:
    key = profile.key
    return SpeakerLinks(
        api_url=f"/api/speakers/{quote(key, safe='')}",
        committees=[CommitteeLink(c.value, c.count, speaker_url(key, committee=c.value),
                                  profile.committee_pages.get(c.value, "")) for c in profile.committees],
        years=_year_bars(profile), chart_width=BAR_STEP * len(profile.turns_by_year),
        terms=[CountedLink(t.value, t.count, speaker_url(key, q=t.value)) for t in profile.distinctive_terms])


@dataclass(frozen=True)
class TopSpeaker:
    rank: str  # "2." printed as text: CSS list markers sat in the gap of the wrapped row and ran into the count
    label: str
    count: int
    url: str  # their page, with the same words searched in it


def top_speakers(result: SearchResult | None, q: str, one_speaker: bool = False) -> list[TopSpeaker]:
    """Who said it most: the speaker facet's values by count (ties in facet order), the first TOP_SPEAKERS
    that said it at all. None when the page is one person's (a member page, a search for chosen speakers):
    the facet counts everyone but its own choice, so the list would rank other people's totals."""
    if result is None or not result.total or one_speaker:
        return []
    values = next((facet.values for facet in result.facets if facet.name == "speaker"), [])
    ranked = sorted(values, key=lambda value: value.count, reverse=True)[:TOP_SPEAKERS]
    said = [v for v in ranked if v.count]
    return [TopSpeaker(f"{rank}.", v.label or v.value, v.count, speaker_url(v.value, q=q))
            for rank, v in enumerate(said, 1)]


def hit_speaker_urls(result: SearchResult | None) -> dict[str, str]:
    """turn id → the page of the person who said it (by printed name, as the hit carries no member code)."""
    return {hit.turn_id: speaker_url(hit.speaker_name) for hit in result.hits} if result else {}
