"""Ranking one reading of a query against the postings: BM25F, a concept at a time.

A concept (one word the user typed) is worth the best of its terms in each document: the word
itself, its parts, a synonym or an expansion, each term weighed by how sure its reading is and
scored as the sum of its tokens' ``idf x saturated frequency``, scaled down when only some of
its tokens are there. A document's score is the sum over concepts, times how much of the query
(by importance) it covers, so a document answering every word beats one answering a rare word
twice. A concept counts as covered in full only where all of its term's tokens are found and
at least one in a name (title, alias, keyword): a word met only in a long text (a scenario's
summary mentions a dozen matters) or only in part covers it less. A title or other name equal
to the whole query, or containing it, or contained in it, earns a bonus: a bare term that is a
matter's name finds that matter first.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from luojiang.core.search.analysis import Concept, Reading, Term
from luojiang.core.search.postings import IDEAL, Field, Postings

COORDINATION_FLOOR = 0.25  # a document covering none of the query's importance keeps this share
EXACT_TITLE, EXACT_ALIAS = 1.0, 0.8  # bonuses, in units of the query's ideal score
CONTAINS = 0.4  # the query inside a title (or a title inside the query), times the length ratio
LONE_CHARACTER = 0.5
# of a word's share, when of its parts (盖房 + 子) a document has only single characters (子 of 种子)
LEFTOVER = 0.5
_NOTHING = (0.0,)
ALL_FIELDS = int(Field.TITLE | Field.ALIAS | Field.CHARS | Field.KEYWORD | Field.AGENCY | Field.BODY) | int(
    Field.ENGLISH_NAME | Field.ENGLISH_BODY
)
# what the document is, not who serves it or what a long text mentions
NAMED_FIELDS = ALL_FIELDS & ~int(Field.BODY | Field.AGENCY | Field.ENGLISH_BODY)
TITLE_COVERAGE = 0.2  # bonus for a title the query's words cover in full, in units of the ideal
COVERAGE_CANDIDATES = 40  # the best documents so far whose titles are measured
COMMON = 0.2  # of all documents: a token this common only scores documents rarer tokens found
TEXT_ONLY = 0.5  # of a concept's coverage, when the document has its word only in the body
WHO_SHARE = 0.5  # a word for a person weighs at most this share of the query's weightiest other word


# a document's best term for a concept: its score, the term, the fields it was in, and the share
# of the term's tokens found there
Best = tuple[float, Term, int, float]


@dataclass
class Match:
    """Why a document matched: the best term of each concept it has, and the fields they were in."""

    fields: int = 0
    terms: list[Term] = field(default_factory=list)
    scenario: bool = False  # a one-thing scenario's life event matched, or a scenario brought it


@dataclass(frozen=True)
class Ranked:
    scores: dict[int, float]
    ideal: float  # what a document matching every word in its title would score
    bests: tuple[dict[int, Best], ...]  # per concept: document -> best term
    covered: dict[int, float]  # the share of the query's importance each document covers

    def match(self, number: int) -> Match:
        found = Match()
        for best in self.bests:
            if number in best:
                _, term, fields, _ = best[number]
                found.fields |= fields
                found.terms.append(term)
        return found


def rank(
    reading: Reading,
    postings: Postings,
    names: Mapping[str, Sequence[tuple[int, bool]]],
    titles: Sequence[str],
) -> Ranked:
    scores: dict[int, float] = {}
    covered: dict[int, float] = {}
    bests: list[dict[int, Best]] = []
    importance = ideal = 0.0
    candidates: dict[int, float] | None = None
    # the rarest concepts first: a word most documents have (罗江, 登记) only scores the documents
    # rarer words found, instead of walking its whole posting list
    concepts = sorted(reading.concepts, key=lambda c: -_importance(c, postings, default=0.0))
    damping = _who_damping(concepts, postings)
    for concept in concepts:
        best = _best_terms(concept, postings, candidates)
        if not best:
            continue  # a word no document has (a name, a number) cannot tell documents apart
        bests.append(best)
        damp = damping.get(concept, 1.0)
        weight = _importance(concept, postings) * damp
        importance += weight
        ideal += _ideal(concept, postings) * damp
        for number, (score, _, fields, share) in best.items():
            scores[number] = scores.get(number, 0.0) + score * damp
            named = 1.0 if fields & NAMED_FIELDS else TEXT_ONLY
            covered[number] = covered.get(number, 0.0) + weight * share * named
        if not _weak(concept, postings):
            candidates = scores
    if importance:
        for number, score in scores.items():
            covered[number] /= importance
            scores[number] = score * (COORDINATION_FLOOR + (1 - COORDINATION_FLOOR) * covered[number])
    _cover_titles(scores, bests, ideal, titles)
    _name_bonus(reading.core, scores, ideal, names, titles)
    return Ranked(scores, ideal, tuple(bests), covered)


def _who_damping(concepts: Sequence[Concept], postings: Postings) -> dict[Concept, float]:
    """A word for a person (孩子) says who, the other words what: however rare it is, it counts at
    most WHO_SHARE of the query's weightiest word for a thing, so that 孩子要办身份证 asks for an
    identity card, not for whatever names children (残疾儿童康复救助)."""
    damping: dict[Concept, float] = {}
    if all(c.weight >= 1 for c in concepts):
        return damping
    what = max((_importance(c, postings, 0.0) for c in concepts if c.weight >= 1), default=0.0)
    for concept in concepts:
        own = _importance(concept, postings, 0.0)
        if concept.weight < 1 and what and own > WHO_SHARE * what:
            damping[concept] = WHO_SHARE * what / own
    return damping


def _cover_titles(
    scores: dict[int, float], bests: Sequence[Mapping[int, Best]], ideal: float, titles: Sequence[str]
) -> None:
    """A title mostly made of what the query said is what it asks for: 公司换法人 covers 企业 and
    变更 of 企业变更登记 but only 公司 of a company's long name. The bonus is the share of the
    title's characters inside words the query matched there."""
    for number in heapq.nlargest(COVERAGE_CANDIDATES, scores, key=scores.__getitem__):
        title = titles[number]
        words = {token for best in bests if number in best for token in best[number][1].tokens}
        scores[number] += TITLE_COVERAGE * ideal * _covered_share(title, words)


def _covered_share(title: str, words: set[str]) -> float:
    marked = [False] * len(title)
    for word in words:
        start = title.find(word)
        while start >= 0:
            marked[start : start + len(word)] = [True] * len(word)
            start = title.find(word, start + 1)
    return sum(marked) / max(1, len(title))


def _best_terms(
    concept: Concept, postings: Postings, candidates: Mapping[int, object] | None
) -> dict[int, Best]:
    """Each document's best reading of the concept. A token found in more than COMMON of the
    documents is only looked up for ``candidates`` (or, for the first concept, for the documents
    its first reading found)."""
    best: dict[int, Best] = {}
    common = COMMON * postings.size
    for term in concept.terms:
        if candidates is None and best:
            candidates = best  # the concept's own first finds bound its other readings
        whole = postings.get(term.parts_of) if term.parts_of else {}
        size = len(term.tokens)
        # document -> [sum of idf x frequency, tokens found, fields, longest token found]
        sums: dict[int, list[float]] = {}
        for token in term.tokens:
            found = postings.get(token)
            idf = postings.idf(token)
            # a lone character in a description is noise (张 of a name in 照片两张); in a name it is not
            named = NAMED_FIELDS if len(token) == 1 else ALL_FIELDS
            pairs = (
                [(n, found[n]) for n in candidates if n in found]
                if candidates is not None and len(found) > common
                else found.items()
            )
            if size == 1:  # the usual case, without the bookkeeping of several tokens
                weight = term.weight * idf
                for number, (saturated, seen) in pairs:
                    # a lone character inside a longer word of a name (老 of 老街, 落 of 落凤坡)
                    score = weight * saturated * (LONE_CHARACTER if seen == Field.CHARS else 1.0)
                    if score > best.get(number, _NOTHING)[0] and seen & named and number not in whole:
                        best[number] = (score, term, seen, 1.0)
                continue
            for number, (saturated, seen) in pairs:
                if not seen & named:
                    continue
                acc = sums.get(number)
                if acc is None:
                    sums[number] = [idf * saturated, 1, seen, len(token)]
                else:
                    acc[0] += idf * saturated
                    acc[1] += 1
                    acc[2] = int(acc[2]) | seen
                    acc[3] = max(acc[3], len(token))
        for number, (total, count, fields, longest) in sums.items():
            share = count / size
            if term.parts_of and count < size and longest == 1:
                share *= LEFTOVER  # 子 of 盖房子 alone is 种子's, not a house's
            # a term of several tokens counts once: their mean, times the share of them found
            score = term.weight * total / size * share
            if score > best.get(number, _NOTHING)[0] and number not in whole:
                best[number] = (score, term, int(fields), share)
    return best


def _importance(concept: Concept, postings: Postings, default: float | None = None) -> float:
    """How much of the query a concept is: the idf of the word as typed when documents have it,
    else of its likeliest reading; a word found only by its characters (a name: 张 + 三) is weak
    evidence, and so is a lone character."""
    whole = [_idf(t, postings) for t in concept.terms if not t.parts_of and _findable(t, postings)]
    if whole:
        return max(whole) * (LONE_CHARACTER if len(concept.typed) == 1 else 1.0) * concept.weight
    parts = [postings.idf(token) for t in concept.terms for token in t.tokens if postings.get(token)]
    if not parts:
        return default or 0.0
    return max(parts) * LONE_CHARACTER * concept.weight


def _idf(term: Term, postings: Postings) -> float:
    return sum(postings.idf(t) for t in term.tokens) / len(term.tokens)


def _findable(term: Term, postings: Postings) -> bool:
    return all(postings.get(t) for t in term.tokens)


def _weak(concept: Concept, postings: Postings) -> bool:
    """Found only through characters, or a word for a person: no ground to leave documents out
    by (孩子要办身份证 must still find 居民身份证申领, which says nothing of children)."""
    return (
        len(concept.typed) == 1
        or concept.weight < 1
        or not any(not t.parts_of and _findable(t, postings) for t in concept.terms)
    )


def _ideal(concept: Concept, postings: Postings) -> float:
    found = [
        term.weight * sum(postings.idf(t) for t in term.tokens) / len(term.tokens) * IDEAL
        for term in concept.terms
        if all(postings.get(t) for t in term.tokens)
    ]
    return max(found, default=0.0)


def _name_bonus(
    core: str,
    scores: dict[int, float],
    ideal: float,
    names: Mapping[str, Sequence[tuple[int, bool]]],
    titles: Sequence[str],
) -> None:
    if len(core) < 2 or not ideal:
        return
    for number, is_title in names.get(core, ()):
        if number in scores:
            scores[number] += (EXACT_TITLE if is_title else EXACT_ALIAS) * ideal
    for number in scores:
        title = titles[number]
        if core != title and core in title:
            scores[number] += CONTAINS * ideal * len(core) / len(title)
    inside: dict[int, float] = {}
    for size in range(len(core) - 1, 1, -1):  # names inside the query: 白马关门票 -> 白马关
        for start in range(len(core) - size + 1):
            for number, _ in names.get(core[start : start + size], ()):
                if number in scores:
                    inside[number] = max(inside.get(number, 0.0), CONTAINS * ideal * size / len(core))
    for number, bonus in inside.items():
        scores[number] += bonus
