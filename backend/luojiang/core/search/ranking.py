"""Ranking one reading of a query against the postings: BM25F, a concept at a time.

A concept (one word the user typed) is worth the best of its terms in each document: the word
itself, its parts, a synonym or an expansion, each term weighed by how sure its reading is and
scored as the sum of its tokens' ``idf x saturated frequency``, scaled down when only some of
its tokens are there. A document's score is the sum over concepts, times how much of the query
(by importance) it covers, so a document answering every word beats one answering a rare word
twice. A title or other name equal to the whole query, or containing it, or contained in it,
earns a bonus: a bare term that is a matter's name finds that matter first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from luojiang.core.search.analysis import Concept, Reading, Term
from luojiang.core.search.postings import IDEAL, Postings

COORDINATION_FLOOR = 0.25  # a document covering none of the query's importance keeps this share
EXACT_TITLE, EXACT_ALIAS = 1.0, 0.8  # bonuses, in units of the query's ideal score
CONTAINS = 0.4  # the query inside a title (or a title inside the query), times the length ratio
LONE_CHARACTER = 0.5


@dataclass
class Match:
    score: float = 0.0
    covered: float = 0.0
    fields: int = 0
    terms: list[Term] | None = None


@dataclass(frozen=True)
class Ranked:
    matches: dict[int, Match]
    ideal: float  # what a document matching every word in its title would score


def rank(reading: Reading, postings: Postings, names: Mapping[str, Sequence[tuple[int, bool]]],
         titles: Sequence[str]) -> Ranked:
    matches: dict[int, Match] = {}
    importance = ideal = 0.0
    for concept in reading.concepts:
        best = _best_terms(concept, postings)
        if not best:
            # a word no document has (a name, a number) cannot tell documents apart, but no
            # document answers it either: it counts in what a full answer would be worth
            ideal += postings.idf("") * IDEAL
            continue
        weight = _importance(concept, postings)
        importance += weight
        ideal += _ideal(concept, postings)
        for number, (score, term, fields) in best.items():
            match = matches.setdefault(number, Match(terms=[]))
            match.score += score
            match.covered += weight
            match.fields |= fields
            match.terms.append(term)  # type: ignore[union-attr]
    for match in matches.values():
        share = match.covered / importance if importance else 0.0
        match.score *= COORDINATION_FLOOR + (1 - COORDINATION_FLOOR) * share
    _name_bonus(reading.core, matches, ideal, names, titles)
    return Ranked(matches, ideal)


def _best_terms(concept: Concept, postings: Postings) -> dict[int, tuple[float, Term, int]]:
    best: dict[int, tuple[float, Term, int]] = {}
    for term in concept.terms:
        sums: dict[int, float] = {}
        counts: dict[int, int] = {}
        fields: dict[int, int] = {}
        for token in term.tokens:
            idf = postings.idf(token)
            for number, (saturated, seen) in postings.get(token).items():
                sums[number] = sums.get(number, 0.0) + idf * saturated
                counts[number] = counts.get(number, 0) + 1
                fields[number] = fields.get(number, 0) | seen
        size = len(term.tokens)
        whole = postings.get(term.parts_of) if term.parts_of else {}
        for number, total in sums.items():
            if number in whole:
                continue  # the word is there as a whole: its parts say nothing more
            # a term of several tokens counts once: their mean, times the share of them found
            score = term.weight * total / size * counts[number] / size
            if score > best.get(number, (0.0,))[0]:
                best[number] = (score, term, fields[number])
    return best


def _importance(concept: Concept, postings: Postings) -> float:
    """How much of the query a concept is: its rarest token's idf; a lone character (出, 买) is
    weak evidence and counts half."""
    rarest = max(postings.idf(t) for term in concept.terms for t in term.tokens if postings.get(t))
    return rarest * (LONE_CHARACTER if len(concept.typed) == 1 else 1.0)


def _ideal(concept: Concept, postings: Postings) -> float:
    found = [
        term.weight * sum(postings.idf(t) for t in term.tokens) / len(term.tokens) * IDEAL
        for term in concept.terms
        if all(postings.get(t) for t in term.tokens)
    ]
    return max(found, default=0.0)


def _name_bonus(
    core: str,
    matches: dict[int, Match],
    ideal: float,
    names: Mapping[str, Sequence[tuple[int, bool]]],
    titles: Sequence[str],
) -> None:
    if len(core) < 2 or not ideal:
        return
    for number, is_title in names.get(core, ()):
        if number in matches:
            matches[number].score += (EXACT_TITLE if is_title else EXACT_ALIAS) * ideal
    for number, match in matches.items():
        title = titles[number]
        if core != title and core in title:
            match.score += CONTAINS * ideal * len(core) / len(title)
    for size in range(len(core) - 1, 1, -1):  # names inside the query: 白马关门票 -> 白马关
        for start in range(len(core) - size + 1):
            for number, _ in names.get(core[start : start + size], ()):
                if number in matches:
                    matches[number].score += CONTAINS * ideal * size / len(core)
