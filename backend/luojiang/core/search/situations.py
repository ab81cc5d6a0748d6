"""Situations: a query that tells what happened (老婆生了, 买了套新房) more than what it wants.

The thesaurus groups its everyday words by area of life (birth, death, housing, ...). An area
whose catalogue words name a one-thing scenario's life event (birth: 出生 -> 出生一件事) leads to
that scenario: the list of what is to be done in that situation, whether or not the query shares
a word with the scenario's own text. Such a scenario is raised towards the best hit, by the
share of the query's words (for a thing, not a person) that are of its area.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from luojiang.core.search.analysis import Reading
from luojiang.core.search.lexicon import Lexicon

# of the best hit's relevance, what a scenario reaches when every word of the query is of its area:
# near the top, behind a matter the query names outright (老婆生了要登记: 生育登记)
SITUATION = 0.9
# told as having happened (刚生了, 已经退了): the citizen is in the situation now, and the list of
# what is to be done in it comes just before the best hit (生了二胎: 出生一件事 before 生育登记)
HAPPENED = 1.01


class Situations:
    def __init__(
        self, lexicon: Lexicon, events: Mapping[int, Collection[str]], named: Callable[[str], bool]
    ) -> None:
        """``events``: each one-thing scenario's life events (its keywords, normalized); ``named``:
        is a word one of the catalogue's names' (结婚证 names a matter, 生了 tells a situation)?"""
        self._lexicon = lexicon
        self._named = named
        # area -> (scenario, the life event by which the area leads to it)
        self._scenarios: dict[str, list[tuple[int, str]]] = {}
        for area, group in lexicon.concepts.items():
            meant = {word for words in group.values() for word in words}
            for number, life_events in events.items():
                event = next((e for e in sorted(life_events) if e in meant), None)
                if event is not None:
                    self._scenarios.setdefault(area, []).append((number, event))

    def lift(self, reading: Reading, best: dict[int, float]) -> dict[int, str]:
        """Raise the scenarios of the situations ``reading`` tells; returns each raised scenario's
        life event (why it was raised)."""
        what = [c.typed for c in reading.concepts if c.weight >= 1]
        if not what or not best:
            return {}
        share: dict[str, int] = {}
        happened: set[str] = set()  # areas told by a word that says it happened (生了, 刚生)
        for word in what:
            for area in () if self._named(word) else self._lexicon.areas(word):
                share[area] = share.get(area, 0) + 1
                if self._lexicon.tells_done(word):
                    happened.add(area)
        top = max(best.values())
        raised: dict[int, str] = {}
        for area, count in share.items():
            floor = (HAPPENED if area in happened else SITUATION) * top * count / len(what)
            for number, event in self._scenarios.get(area, ()):
                if best.get(number, 0.0) < floor:
                    best[number] = floor
                    raised[number] = event
        return raised
