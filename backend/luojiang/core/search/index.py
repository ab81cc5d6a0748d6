"""The in-memory search index: built from every source's documents, queried without I/O.

Building it: the segmenter learns the catalogue's names, each document gets its derived aliases
(``aliases``), its fields become BM25F postings (``postings``), and the catalogue's terms become
the vocabulary that reads pinyin and corrects typos (``vocabulary``). Searching: the query is
analysed into concepts (``analysis``), each reading is ranked (``ranking``), and the hits say
which words matched where and why (``results``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from luojiang.core.search.aliases import AliasRules, Draft, proper_names
from luojiang.core.search.analysis import AnalysedQuery, Analyser, Reading, Term, Via
from luojiang.core.search.english import english_words
from luojiang.core.search.lexicon import Lexicon
from luojiang.core.search.ports import SearchDocument
from luojiang.core.search.postings import Field, Postings, tokens
from luojiang.core.search.ranking import Match, Ranked, rank
from luojiang.core.search.results import Help, Reason, SearchHit, SearchResults, spans
from luojiang.core.search.situations import Situations
from luojiang.core.search.suggestions import Suggestions
from luojiang.core.search.text import add_words, cut_words, has_han, normalize
from luojiang.core.search.vocabulary import Vocabulary

MIN_RELEVANCE = 0.1  # of the query's ideal score
MIN_SHARE_OF_BEST = 0.15  # hits far below the best one are noise
POPULARITY = 0.03  # at most this share of the ideal score, for the most viewed document
BUNDLE_SHARE = 0.45  # of a scenario's relevance, lent to each matter it brings together
BUNDLE_CAP = 0.95  # a bundled matter stays behind its scenario
HELP_SCENARIOS = 3
# relevance a one-thing scenario gains when the query names its life event and asks for everything
# to be done (孩子出生了要办哪些证): the scenario is that list. Without the question a word of the
# event is no ground to pass the matter named beside it (老人走了开死亡证明).
LIFE_EVENT_AGENDA = 0.35
COVERAGE_TOLERANCE = 0.05  # of the query's importance: a scenario within it covers as much
AHEAD = 0.01  # how far a scenario the query asks for passes a matter that answers no more
# share of its relevance kept by a matter that replaces a document (补领, 换证) when the query gives
# no reason to (丢, 坏, 过期): 办身份证 asks for the card, first of all by applying for it (申领)
UNASKED_RENEWAL = 0.9
# share of its relevance kept by a document that serves others than the query names (公司搬家:
# a household's move serves people, not companies)
OTHER_AUDIENCE = 0.6
SCENARIO = "scenario"
SHORT_TITLE = 6  # a title this short is a name the segmenter should keep whole
_FIELD_REASONS = {
    Field.TITLE | Field.CHARS: Reason.TITLE,
    Field.ALIAS: Reason.ALIAS,
    Field.KEYWORD | Field.AGENCY | Field.ENGLISH_NAME: Reason.KEYWORD,
    Field.BODY | Field.ENGLISH_BODY: Reason.TEXT,
}


@dataclass
class _Doc:
    source: SearchDocument
    title: str
    aliases: tuple[str, ...]
    popularity: float = 0.0
    length: int = field(init=False)

    def __post_init__(self) -> None:
        self.length = max(1, len(self.title))


class SearchIndex:
    def __init__(
        self, documents: Sequence[SearchDocument], lexicon: Lexicon, popularity: Mapping[str, float]
    ) -> None:
        self._lexicon = lexicon
        drafts = [Draft(d.kind, d.title, (*d.keywords, *d.agencies), d.body) for d in documents]
        _teach_segmenter(documents, lexicon, drafts)
        rules = AliasRules(drafts)
        derived = [
            tuple(dict.fromkeys([*map(normalize, d.aliases), *rules.aliases(draft)]))
            for d, draft in zip(documents, drafts, strict=True)
        ]
        add_words(a for names in derived for a in names)
        self._docs = [
            _Doc(d, normalize(d.title), names, popularity.get(popularity_key(d.kind, d.code), 0.0))
            for d, names in zip(documents, derived, strict=True)
        ]
        stop = lexicon.stopwords
        fielded = [_fields(doc, stop, lexicon.english_stopwords) for doc in self._docs]
        self._postings = Postings(fielded)
        self._vocabulary = Vocabulary(
            (
                [doc.source.title, *doc.aliases, *doc.source.keywords, *_spoken(doc.source.agencies)]
                for doc in self._docs
            ),
            extra=lexicon.words(),
            known=(
                w
                for doc in self._docs
                for w in cut_words(normalize(" ".join((doc.source.body, *doc.source.agencies))))
            ),
            stopwords=lexicon.stopwords,
            spoken=lexicon.spoken(),
            meanings=lexicon.meanings(),
        )
        english = {
            w for fields in fielded for f in (Field.ENGLISH_NAME, Field.ENGLISH_BODY) for w in fields[f]
        }
        self._analyser = Analyser(self._vocabulary, lexicon, english)
        self._titles = [doc.title for doc in self._docs]
        self._prior = [1 + doc.source.boost for doc in self._docs]
        numbers = {doc.source.code: n for n, doc in enumerate(self._docs)}
        self._events = {
            n: frozenset(normalize(k) for k in doc.source.keywords)
            for n, doc in enumerate(self._docs)
            if doc.source.kind == SCENARIO
        }
        self._situations = Situations(lexicon, self._events, lambda w: self._vocabulary.df.get(w, 0) > 0)
        self._bundles = {
            n: [numbers[c] for c in doc.source.bundles if c in numbers]
            for n, doc in enumerate(self._docs)
            if doc.source.bundles
        }
        self._names: dict[str, list[tuple[int, bool]]] = {}
        for number, doc in enumerate(self._docs):
            for name in (doc.title, *doc.aliases):
                self._names.setdefault(name, []).append((number, name == doc.title))
        self._renewals = frozenset(
            n for n, doc in enumerate(self._docs) if any(w in doc.title for w in lexicon.renewal_titles)
        )
        self._audiences = [frozenset(map(normalize, doc.source.audience)) for doc in self._docs]
        self._audience_words = frozenset().union(*self._audiences)
        self._suggestions = Suggestions(self._titles)
        self._most_viewed = max((d.popularity for d in self._docs), default=0.0)

    def __len__(self) -> int:
        return len(self._docs)

    def search(self, raw: str, limit: int = 10, kinds: Collection[str] | None = None) -> SearchResults:
        query = self._analyser.analyse(raw)
        hits = [self._hit(n, relevance, match) for relevance, n, match in self._score(query, kinds, limit)]
        return SearchResults(
            hits,
            understood=query.text,
            corrected=query.corrected,
            pinyin=query.pinyin,
            help=None if hits else self._help(query),
            public=self._public_form(raw, query),
        )

    def suggest(self, raw: str, limit: int = 8) -> list[SearchHit]:
        """Titles that start with what was typed (characters, full pinyin or initials), then titles
        that contain it; the most popular first."""
        typed = normalize(raw)
        numbers = self._suggestions.find(
            typed, limit, lambda n: (-self._docs[n].popularity, self._docs[n].length)
        )
        return [self._suggestion(n, typed) for n in numbers]

    def publishable(self, raw: str) -> str | None:
        """The query as it may appear in a public list (corrected if it had a typo), or None. Only
        Chinese made of the catalogue's own words (titles, names, keywords, the everyday
        dictionary) and stopwords, without a digit: a name, a phone or an ID number is never the
        catalogue's, so it never qualifies."""
        return self._public_form(raw, self._analyser.analyse(raw))

    def _public_form(self, raw: str, query: AnalysedQuery) -> str | None:
        text = normalize(raw)
        if not text or not all(has_han(c) for c in text):
            return None
        meant = query.corrected or text
        for word in cut_words(meant):
            if word not in self._lexicon.stopwords and self._vocabulary.df.get(word) is None:
                return None
        return meant

    def has(self, kind: str, code: str) -> bool:
        return any(d.source.kind == kind and d.source.code == code for d in self._docs)

    def set_popularity(self, kind: str, code: str, value: float) -> None:
        for doc in self._docs:
            if doc.source.kind == kind and doc.source.code == code:
                doc.popularity = value
                self._most_viewed = max(self._most_viewed, value)

    # ---- internals -------------------------------------------------------------------------

    def _score(
        self, query: AnalysedQuery, kinds: Collection[str] | None, limit: int, weak: bool = False
    ) -> list[tuple[float, int, Match]]:
        """The ``limit`` best documents, best first; ``weak``: also those below the thresholds."""
        best: dict[int, float] = {}
        source: dict[int, Ranked] = {}
        prior = self._prior
        for reading in query.readings:
            ranked = rank(reading, self._postings, self._names, self._titles)
            if not ranked.ideal:
                continue
            named = self._named_audience(reading)
            for number, score in ranked.scores.items():
                if kinds and self._docs[number].source.kind not in kinds:
                    continue
                relevance = score * prior[number] / ranked.ideal * reading.weight + self._popular(number)
                if named and not named & self._audiences[number]:
                    relevance *= OTHER_AUDIENCE
                if relevance > best.get(number, 0.0):
                    best[number] = relevance
                    source[number] = ranked
        self._first_before_renewal(query, best)
        by_scenario = self._favour_scenarios(query, best, source)
        situation = self._situation(query, best, kinds)
        by_scenario |= situation.keys() | self._lift_bundled(best, kinds)
        top = max(best.values(), default=0.0)
        floor = 0.0 if weak else max(MIN_RELEVANCE, MIN_SHARE_OF_BEST * top)
        docs = self._docs
        chosen = heapq.nsmallest(
            limit,
            (n for n, relevance in best.items() if relevance >= floor),
            key=lambda n: (-round(best[n], 3), -docs[n].popularity, docs[n].length),
        )
        return [(best[n], n, self._match(n, source, by_scenario, situation.get(n))) for n in chosen]

    def _named_audience(self, reading: Reading) -> frozenset[str]:
        """Whom the query says it is for, in the sources' audience words (公司 reads as 企业), or
        the reading itself does (English: visitors)."""
        said = frozenset(t.text for c in reading.concepts for t in c.terms if t.text in self._audience_words)
        return said | reading.audience

    @staticmethod
    def _match(number: int, source: Mapping[int, Ranked], by_scenario: set[int], event: str | None) -> Match:
        found = source[number].match(number) if number in source else Match()
        found.scenario = number in by_scenario
        if event and all(t.text != event for t in found.terms):  # the situation's life event: why
            found.terms.append(Term(event, (event,), 0.0, Via.SYNONYM))
        return found

    def _situation(
        self, query: AnalysedQuery, best: dict[int, float], kinds: Collection[str] | None
    ) -> dict[int, str]:
        """The scenarios of the situation the query tells (老婆生了: 出生一件事), see ``situations``."""
        if not query.readings or (kinds and SCENARIO not in kinds):
            return {}
        return self._situations.lift(query.readings[0], best)

    def _favour_scenarios(
        self, query: AnalysedQuery, best: dict[int, float], source: Mapping[int, Ranked]
    ) -> set[int]:
        """The one-thing scenarios whose life event the query names (生了孩子 reaches 出生); when
        it asks what is to be done, each gains LIFE_EVENT_AGENDA over the matters it lists."""
        favoured = {
            number
            for number, events in self._events.items()
            if number in best and any(t.text in events for t in source[number].match(number).terms)
        }
        if query.agenda:
            for number in favoured:
                lifted = best[number] + LIFE_EVENT_AGENDA
                best[number] = max(lifted, self._above_matters_covering_no_more(number, best, source))
        return favoured

    def _above_matters_covering_no_more(
        self, scenario: int, best: Mapping[int, float], source: Mapping[int, Ranked]
    ) -> float:
        """Just above the best matter that answers no more of the query than the scenario does
        (买了房子要办啥: the list of what buying a home needs, before a matter that only shares
        商品房); a matter answering more (出生证明要办什么手续: 出生医学证明) stays ahead."""
        mine = source[scenario].covered.get(scenario, 0.0) + COVERAGE_TOLERANCE
        return AHEAD + max(
            (
                relevance
                for n, relevance in best.items()
                if n not in self._events and n in source and source[n].covered.get(n, 0.0) <= mine
            ),
            default=0.0,
        )

    def _first_before_renewal(self, query: AnalysedQuery, best: dict[int, float]) -> None:
        """A replacement (居民身份证补领) is for a query that says why (丢了, 过期); otherwise the
        first application (居民身份证申领) is likelier what is meant."""
        if any(self._lexicon.gives_reason_to_renew(r.text) for r in query.readings):
            return
        for number in self._renewals & best.keys():
            best[number] *= UNASKED_RENEWAL

    def _lift_bundled(self, best: dict[int, float], kinds: Collection[str] | None) -> set[int]:
        """A scenario that answers the query vouches for the matters it brings together (开饭馆
        finds 开办餐饮店一件事, which says a restaurant needs 食品经营许可): each gains a share of
        the scenario's relevance (counted as at most a full match, so that the bonus of a
        scenario named exactly does not crowd out other answers), never passing the scenario."""
        lent: dict[int, float] = {}
        for number, bundled_here in self._bundles.items():
            if number not in best:
                continue
            for bundled in bundled_here:
                if not kinds or self._docs[bundled].source.kind in kinds:
                    lent[bundled] = max(lent.get(bundled, 0.0), min(1.0, best[number]))
        lifted = set()
        for number, scenario in lent.items():
            own = best.get(number, 0.0)
            best[number] = max(own, min(own + BUNDLE_SHARE * scenario, BUNDLE_CAP * scenario))
            if best[number] > own:
                lifted.add(number)
        return lifted

    def _popular(self, number: int) -> float:
        views = self._docs[number].popularity
        if not views or not self._most_viewed:
            return 0.0
        return POPULARITY * math.log1p(views) / math.log1p(self._most_viewed)

    def _hit(self, number: int, relevance: float, match: Match) -> SearchHit:
        doc = self._docs[number]
        terms = match.terms
        reasons = [r for f, r in _FIELD_REASONS.items() if match.fields & f]
        vias = {v for t in terms for v in (t.via, t.word_via) if v is not None}
        reasons += [Reason(v.value) for v in Via if v in vias]
        if match.scenario:
            reasons.append(Reason.SCENARIO)
        words = [token for term in terms for token in term.tokens]
        return SearchHit(
            doc.source.kind,
            doc.source.code,
            doc.source.title,
            min(1.0, relevance),
            spans(doc.source.title, words),
            tuple(dict.fromkeys(t.text for t in terms)),
            tuple(reasons),
        )

    def _suggestion(self, number: int, typed: str) -> SearchHit:
        doc = self._docs[number]
        words = [typed] if typed in doc.title else []
        return SearchHit(
            doc.source.kind, doc.source.code, doc.source.title, 1.0, spans(doc.source.title, words)
        )

    def _help(self, query: AnalysedQuery) -> Help:
        """The scenarios closest to the query (however weakly they match), else the most viewed."""
        weak = [n for _, n, _ in self._score(query, {SCENARIO}, HELP_SCENARIOS, weak=True)]
        everyone = sorted(
            (n for n, d in enumerate(self._docs) if d.source.kind == SCENARIO),
            key=lambda n: -self._docs[n].popularity,
        )
        chosen = list(dict.fromkeys([*weak, *everyone]))[:HELP_SCENARIOS]
        desk = next((d for d in self._docs if d.source.help_phone), None)
        return Help(
            tuple(self._hit(n, 0.0, Match()) for n in chosen),
            desk.source.title if desk else "",
            desk.source.help_phone if desk else "",
        )


def popularity_key(kind: str, code: str) -> str:
    return f"{kind}:{code}"


def _teach_segmenter(documents: Sequence[SearchDocument], lexicon: Lexicon, drafts: Sequence[Draft]) -> None:
    """The catalogue's names are words: a keyword, a short title, a word of the dictionary, and
    the proper names that recur across documents (白马关, 贵妃枣, 凤雏)."""
    add_words(
        [
            *lexicon.words(),
            *lexicon.spoken(),
            *(normalize(k) for d in documents for k in (*d.keywords, *d.aliases, *d.agencies)),
            *(normalize(d.title) for d in documents if len(normalize(d.title)) <= SHORT_TITLE),
        ]
    )
    add_words(proper_names(drafts))


def _spoken(agencies: Sequence[str]) -> list[str]:
    """The names of an agency people say and type (区医保局, 罗江供电公司): its shortest. A typo
    is never corrected into a piece of an official full name (转成公司 is no 分公司)."""
    return [min(agencies, key=len)] if agencies else []


def _fields(doc: _Doc, stop: Collection[str], english_stop: Collection[str]) -> dict[Field, list[str]]:
    title = tokens(doc.source.title, stop)
    in_title = set(title)
    return {
        Field.TITLE: title,
        # other names count for what they add: most are made of the title's own words
        Field.ALIAS: [t for a in doc.aliases for t in tokens(a, stop) if t not in in_title],
        Field.CHARS: sorted({c for c in doc.title + "".join(doc.aliases) if c not in stop}),
        Field.KEYWORD: [t for k in dict.fromkeys(doc.source.keywords) for t in tokens(k, stop)],
        Field.AGENCY: [t for a in dict.fromkeys(doc.source.agencies) for t in tokens(a, stop)],
        Field.BODY: tokens(doc.source.body, stop),
        Field.ENGLISH_NAME: [w for n in doc.source.english_names for w in english_words(n, english_stop)],
        Field.ENGLISH_BODY: english_words(doc.source.english_body, english_stop),
    }
