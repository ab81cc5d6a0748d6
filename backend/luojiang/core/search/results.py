"""What a search returns, and why each hit matched, in a form a front end can show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from luojiang.core.search.text import normalize_each


class Reason(StrEnum):
    """Why a hit matched; a hit has one or more."""

    TITLE = "title"  # words of the query are in its name
    ALIAS = "alias"  # in another name of it (a short name, the licence it issues, a nickname)
    KEYWORD = "keyword"  # in its topics, life events, tags or department
    TEXT = "text"  # in its description (conditions, materials, summary, narration)
    PINYIN = "pinyin"  # the letters typed were read as pinyin or initials: 拼音匹配
    CORRECTED = "corrected"  # a typo was corrected: 您可能想找
    SYNONYM = "synonym"  # an everyday word was taken for the catalogue's word
    ABBREVIATION = "abbreviation"  # a short form was taken for the full name (社保卡 -> 社会保障卡)
    SCENARIO = "scenario"  # a life event's one-thing scenario, or a matter such a scenario brings


@dataclass(frozen=True)
class Span:
    """Characters ``start`` (inclusive) to ``end`` (exclusive) of the title, which matched."""

    start: int
    end: int


@dataclass(frozen=True)
class SearchHit:
    kind: str
    code: str
    title: str
    relevance: float
    spans: tuple[Span, ...] = ()
    terms: tuple[str, ...] = ()  # the catalogue words that matched, as the query was understood
    reasons: tuple[Reason, ...] = ()

    @property
    def highlight(self) -> str:
        """The title with the matched characters in <em>…</em>."""
        out, at = [], 0
        for span in self.spans:
            out += [self.title[at : span.start], "<em>", self.title[span.start : span.end], "</em>"]
            at = span.end
        return "".join(out) + self.title[at:]


@dataclass(frozen=True)
class Help:
    """What an empty result offers: the closest one-thing scenarios and a hall to call."""

    scenarios: tuple[SearchHit, ...]
    hall: str
    phone: str


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    understood: str = ""  # the query as searched: simplified, corrected, read from pinyin
    corrected: str | None = None  # set when a typo was corrected ("您可能想找")
    pinyin: str | None = None  # the letters, when the query was read as pinyin ("拼音匹配")
    help: Help | None = field(default=None)
    public: str | None = None  # the query as it may appear in a public list, or None (hot searches)


def spans(title: str, words: Iterable[str]) -> tuple[Span, ...]:
    """Where the words occur in the title, merged; positions are the title's own characters
    (the words are normalized: simplified, lower case, no punctuation)."""
    each = normalize_each(title)
    flat = "".join(each)
    origin = [i for i, part in enumerate(each) for _ in part]  # normalized position -> title position
    marked = [False] * len(title)
    for word in {w for w in words if w}:
        start = flat.find(word)
        while start >= 0:
            for i in range(start, start + len(word)):
                marked[origin[i]] = True
            start = flat.find(word, start + 1)
    return _runs(marked)


def _runs(marked: Sequence[bool]) -> tuple[Span, ...]:
    out: list[Span] = []
    start: int | None = None
    for i, on in enumerate([*marked, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            out.append(Span(start, i))
            start = None
    return tuple(out)
