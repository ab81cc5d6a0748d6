"""What search needs from other areas: *sources* of documents, one per kind of thing people look
for, and *observers* told what a known person searched for and viewed.

An area plugs in by implementing :class:`SearchSource` (one database query per call, please) and
adding it to the list the composition root gives the search service
(``luojiang.app.navigation_wiring.search_sources``). The index is rebuilt from every source at
start-up and whenever any instance publishes a catalogue change.

A source says what each field of a document is; the index derives the rest (shortened names,
abbreviations, pinyin, nicknames quoted in the text) and weighs the fields: title most, then
aliases, then keywords, then the agencies that serve it and the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from luojiang.core.search.results import SearchHit

# the audience of what is for visitors (scenic spots, their hotels and restaurants): a query in
# English the narrations answer is a visitor's, so it names them (food: a meal, not a food licence)
VISITORS = "游客"


@dataclass(frozen=True)
class SearchDocument:
    kind: str  # e.g. "matter", "scenario", "hall", "scenic_area", "scenic_point", "resource"
    code: str  # the catalogue code the hit exposes
    title: str
    keywords: Sequence[str] = ()  # short phrases people may use for it: topics, life events, tags
    body: str = ""  # longer text, weighed least: a summary, conditions, materials, a narration
    boost: float = 0.0  # a small prior (0-0.1) a source may give, e.g. to one-thing scenarios
    aliases: Sequence[str] = ()  # other names of the same thing: a licence it issues, a short name
    help_phone: str = ""  # set on the hall whose number an empty result offers (the district's)
    bundles: Sequence[str] = ()  # codes of documents this one brings together (a scenario's matters)
    # who serves it (a department's full and short names): weak evidence of what it is, since a
    # part of such a name (公司 of 罗江供电公司, 分局) is no topic of the document
    agencies: Sequence[str] = ()
    # whom it serves, in the words a query would use (个人, 企业, VISITORS); empty: everyone
    audience: Sequence[str] = ()
    # English for visitors: short texts that say what it is (a guide point's first English
    # sentence), counted like keywords, and a longer text (the rest of its narration), like a body
    english_names: Sequence[str] = ()
    english_body: str = ""


class SearchSource(Protocol):
    async def documents(self) -> Sequence[SearchDocument]: ...


class SearchObserver(Protocol):
    """Told what a known person searched for and viewed (the smart tags learn from it)."""

    async def searched(self, viewer_id: int, hits: Sequence[SearchHit]) -> None: ...

    async def viewed(self, viewer_id: int, kind: str, code: str) -> None: ...
