"""The in-memory search index: built from every source's documents, queried without I/O.

Relevance blends four signals, each 0-1: how well the query's characters and its *sounds* match a
title (rapidfuzz, so 结昏登记 finds 结婚登记), how much of the query's weighted words the document
covers, what the colloquial dictionary says the query means, and a small prior from the source.
Hits are ordered by relevance (to two decimals), then popularity, then the shorter title.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from luojiang.core.search.lexicon import Expansion, Lexicon
from luojiang.core.search.pinyin_query import PinyinReader
from luojiang.core.search.sources import SearchDocument
from luojiang.core.search.text import add_words, cut, full_pinyin, initials, is_latin, normalize, sounds

MIN_RELEVANCE = 0.45
# below this a title shares too little with the query to matter (see _candidates)
LEXICAL_CUTOFF = 20


@dataclass(frozen=True)
class SearchHit:
    kind: str
    code: str
    title: str
    highlight: str  # the title with matched characters in <em>…</em>
    relevance: float


@dataclass
class _Doc:
    source: SearchDocument
    title: str
    title_sounds: str
    pinyin: str
    initials: str
    keywords: str
    body: str
    popularity: float = 0.0
    length: int = field(init=False)

    def __post_init__(self) -> None:
        self.length = max(1, len(self.title))


@dataclass(frozen=True)
class _Word:
    text: str
    sounds: str
    weight: float  # rarer words say more (inverse document frequency)


@dataclass(frozen=True)
class _Query:
    text: str  # normalized Chinese text, stopwords removed
    words: tuple[_Word, ...]
    expansions: tuple[Expansion, ...]
    pinyin: str | None  # the letters typed, when the query was pinyin


class SearchIndex:
    def __init__(
        self, documents: Sequence[SearchDocument], lexicon: Lexicon, popularity: Mapping[str, float]
    ) -> None:
        self._lexicon = lexicon
        self._docs = [_prepare(d, popularity.get(popularity_key(d.kind, d.code), 0.0)) for d in documents]
        add_words([d.title for d in self._docs] + lexicon.phrases())
        self._reader = PinyinReader(
            [d.title for d in self._docs] + [d.keywords for d in self._docs] + lexicon.phrases()
        )
        self._idf = lru_cache(maxsize=4096)(self._inverse_frequency)
        self._phrase_docs = lru_cache(maxsize=4096)(self._docs_with_phrase)
        self._sounds = [d.title_sounds for d in self._docs]

    def __len__(self) -> int:
        return len(self._docs)

    def search(self, raw: str, limit: int = 10, kinds: Collection[str] | None = None) -> list[SearchHit]:
        query = self._analyse(raw)
        if query is None:
            return []
        scored = []
        for i, lexical in self._candidates(query).items():
            doc = self._docs[i]
            if kinds and doc.source.kind not in kinds:
                continue
            relevance = self._relevance(query, doc, lexical)
            if relevance >= MIN_RELEVANCE:
                scored.append((round(relevance, 2), doc.popularity, -doc.length, relevance, doc))
        scored.sort(key=lambda s: s[:3], reverse=True)
        return [_hit(doc, relevance, query) for *_, relevance, doc in scored[:limit]]

    def suggest(self, raw: str, limit: int = 8) -> list[SearchHit]:
        """Titles that start with what was typed (characters, full pinyin or initials), then titles
        that contain it; the most popular first."""
        typed = normalize(raw)
        if not typed:
            return []
        starts, contains = [], []
        for doc in self._docs:
            keys = (doc.title, doc.pinyin, doc.initials) if typed.isascii() else (doc.title,)
            if any(k.startswith(typed) for k in keys):
                starts.append(doc)
            elif len(typed) >= 2 and any(typed in k for k in keys):
                contains.append(doc)
        ranked = sorted(starts, key=_by_popularity) + sorted(contains, key=_by_popularity)
        query = _Query(typed, (), (), None)
        return [_hit(doc, 1.0, query) for doc in ranked[:limit]]

    def has(self, kind: str, code: str) -> bool:
        return any(d.source.kind == kind and d.source.code == code for d in self._docs)

    def set_popularity(self, kind: str, code: str, value: float) -> None:
        for doc in self._docs:
            if doc.source.kind == kind and doc.source.code == code:
                doc.popularity = value

    # ---- scoring -------------------------------------------------------------------------

    def _analyse(self, raw: str) -> _Query | None:
        pinyin = None
        text = raw
        if is_latin(raw):
            translated = self._lexicon.translate(raw)
            if translated is None:
                pinyin = normalize(raw)
                text = self._reader.read(pinyin)
            else:
                text = translated
        text = normalize(text)
        if not text and not pinyin:
            return None
        words = tuple(
            _Word(w, sounds(w), self._idf(w)) for w in cut(text) if w not in self._lexicon.stopwords
        )
        core = "".join(w for w in _precise(text) if w not in self._lexicon.stopwords) or text
        return _Query(core, words, tuple(self._lexicon.expand(text)), pinyin)

    def _candidates(self, query: _Query) -> dict[int, float]:
        """The documents that can reach MIN_RELEVANCE, each with its lexical score (0-1): a title
        close enough in characters or in sounds, a phrase the dictionary points to, or pinyin."""
        found: dict[int, float] = {}
        if query.text:
            # sounds first: a title that matches in characters also matches in sounds
            heard = process.extract(
                sounds(query.text),
                self._sounds,
                scorer=fuzz.partial_ratio,
                limit=None,
                score_cutoff=LEXICAL_CUTOFF,
            )
            for _, by_sound, i in heard:
                # the same characters beat mere homophones
                by_chars = fuzz.partial_ratio(query.text, self._docs[i].title, score_cutoff=by_sound * 0.97)
                found[i] = max(by_chars, 0.97 * by_sound) / 100
        for expansion in query.expansions:
            for i in self._phrase_docs(expansion.phrase):
                found.setdefault(i, 0.0)
        if query.pinyin:
            for i, doc in enumerate(self._docs):
                if _pinyin_match(query.pinyin, doc):
                    found.setdefault(i, 0.0)
        return found

    def _docs_with_phrase(self, phrase: str) -> tuple[int, ...]:
        return tuple(i for i, d in enumerate(self._docs) if phrase in d.title or phrase in d.keywords)

    def _relevance(self, query: _Query, doc: _Doc, lexical: float) -> float:
        score = 0.0
        if query.text:
            fit = min(len(query.text), doc.length) / max(len(query.text), doc.length)
            score = 0.45 * lexical + 0.1 * fit * lexical + 0.45 * _coverage(query.words, doc)
        if query.expansions:
            # what the dictionary says the words mean counts as much as the words themselves
            meant = max(e.weight * _phrase_match(e.phrase, doc) for e in query.expansions)
            score = max(score, meant) + 0.3 * min(score, meant)
        if query.pinyin:
            score = max(score, _pinyin_match(query.pinyin, doc))
        return score + doc.source.boost

    def _inverse_frequency(self, word: str) -> float:
        frequency = sum(1 for d in self._docs if word in d.title or word in d.keywords)
        return math.log(1 + len(self._docs) / (1 + frequency))


def popularity_key(kind: str, code: str) -> str:
    return f"{kind}:{code}"


def _prepare(source: SearchDocument, popularity: float) -> _Doc:
    title = normalize(source.title)
    return _Doc(
        source=source,
        title=title,
        title_sounds=sounds(title),
        pinyin=full_pinyin(title),
        initials=initials(title),
        keywords="|".join(normalize(k) for k in source.keywords),
        body=normalize(source.body),
        popularity=popularity,
    )


def _precise(text: str) -> list[str]:
    import jieba

    return list(jieba.cut(text))


def _coverage(words: Sequence[_Word], doc: _Doc) -> float:
    total = sum(w.weight for w in words)
    return sum(w.weight * _word_match(w, doc) for w in words) / total if total else 0.0


def _word_match(word: _Word, doc: _Doc) -> float:
    if word.text in doc.title:
        return 1.0
    if len(word.sounds) >= 2 and word.sounds in doc.title_sounds:
        return 0.85  # a homophone of a word in the title
    if word.text in doc.keywords:
        return 0.75
    return 0.35 if word.text in doc.body else 0.0


def _phrase_match(phrase: str, doc: _Doc) -> float:
    if phrase == doc.title:
        return 1.0
    if phrase in doc.title:
        return 0.85 + 0.1 * len(phrase) / doc.length
    if phrase in doc.keywords.split("|"):
        return 0.75
    if phrase in doc.keywords:
        return 0.6
    return 0.0


def _pinyin_match(typed: str, doc: _Doc) -> float:
    fit = 0.1 * len(typed) / max(len(doc.pinyin), 1)
    if typed in (doc.pinyin, doc.initials):
        return 1.0
    if doc.pinyin.startswith(typed):
        return 0.9 + fit
    if len(typed) >= 2 and doc.initials.startswith(typed):
        return 0.88 + 0.1 * len(typed) / len(doc.initials)
    if len(typed) >= 4 and typed in doc.pinyin:
        return 0.8 + fit
    if len(typed) >= 3 and typed in doc.initials:
        return 0.75
    return 0.0


def _by_popularity(doc: _Doc) -> tuple[float, int]:
    return (-doc.popularity, doc.length)


def _hit(doc: _Doc, relevance: float, query: _Query) -> SearchHit:
    wanted = set(query.text) | {c for e in query.expansions for c in e.phrase}
    return SearchHit(
        doc.source.kind, doc.source.code, doc.source.title, _highlight(doc.source.title, wanted), relevance
    )


def _highlight(title: str, wanted: set[str]) -> str:
    out, open_ = [], False
    for char in title:
        hit = normalize(char) in wanted if normalize(char) else False
        if hit and not open_:
            out.append("<em>")
        elif not hit and open_:
            out.append("</em>")
        open_ = hit
        out.append(char)
    if open_:
        out.append("</em>")
    return "".join(out)
