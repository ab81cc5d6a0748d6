"""Declared and inferred tags, and recommendations of matters and scenarios with a reason each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from luojiang.core.catalogue import repository as catalogue
from luojiang.core.errors import DomainError
from luojiang.core.search.results import SearchHit
from luojiang.core.tags import repository
from luojiang.core.tags.personas import PERSONAS

DECLARED, INFERRED = "declared", "inferred"
DECLARED_WEIGHT = 3.0
SEARCH_WEIGHT, VIEW_WEIGHT = 1.0, 2.0


@dataclass(frozen=True)
class Tag:
    tag: str
    source: str
    weight: float


@dataclass(frozen=True)
class Recommendation:
    kind: str  # "matter" | "scenario"
    code: str
    name: str
    reason: str
    score: float


class TagService:
    async def declare(self, viewer_id: int, personas: Sequence[str], life_events: Sequence[str]) -> list[Tag]:
        """Replaces the person's declared tags. ``personas`` are codes of ``personas.toml`` (the
        GraphQL enum admits no other)."""
        strangers = sorted(set(personas) - PERSONAS.keys())
        if strangers:
            raise ValueError(f"no such personas {strangers}")
        unknown = sorted(set(life_events) - set(await catalogue.terms("life_events")))
        if unknown:
            raise DomainError.one("UNKNOWN_LIFE_EVENT", f"unknown life events {unknown}", "lifeEvents")
        tags = [f"persona:{p}" for p in dict.fromkeys(personas)]
        tags += [f"life_event:{e}" for e in dict.fromkeys(life_events)]
        await repository.replace_tags(viewer_id, DECLARED, tags, DECLARED_WEIGHT)
        return await self.tags(viewer_id)

    async def tags(self, viewer_id: int) -> list[Tag]:
        return [Tag(r.tag, r.source, r.weight) for r in await repository.tags_of(viewer_id)]

    async def searched(self, viewer_id: int, hits: Sequence[SearchHit]) -> None:
        if hits and hits[0].kind == "matter":
            await self._infer(viewer_id, hits[0].code, SEARCH_WEIGHT)

    async def viewed(self, viewer_id: int, kind: str, code: str) -> None:
        if kind == "matter":
            await self._infer(viewer_id, code, VIEW_WEIGHT)

    async def recommend(self, viewer_id: int, limit: int) -> list[Recommendation]:
        if not 1 <= limit <= 50:
            raise DomainError.one("INVALID_PAGE_SIZE", "first must be between 1 and 50", "first")
        interests = _interests(await self.tags(viewer_id))
        if not interests:
            return []
        matters = await catalogue.current_matters_with_terms()
        events_of = {m.code: {*m.life_events, *m.topics} for m in matters}
        found = [_recommend("matter", m.code, m.name, events_of[m.code], interests) for m in matters]
        for s in await catalogue.current_scenarios_with_matters():
            terms = {t for c in s.base_matters for t in events_of.get(c, ())}
            # a scenario gathers the matters of one life event: it should beat any one of them
            found.append(_recommend("scenario", s.code, s.name, terms, interests, bonus=0.5))
        ranked = sorted((r for r in found if r), key=lambda r: (-r.score, r.kind != "scenario", r.code))
        return ranked[:limit]

    async def _infer(self, viewer_id: int, code: str, weight: float) -> None:
        matter = await catalogue.matter_terms(code)
        if matter is None:
            return
        tags = [f"life_event:{e}" for e in matter.life_events] + [f"topic:{t}" for t in matter.topics]
        await repository.strengthen(viewer_id, INFERRED, tags, weight)


def _interests(tags: Sequence[Tag]) -> dict[str, tuple[float, str]]:
    """term -> (weight, reason); the strongest tag gives the reason."""
    interests: dict[str, tuple[float, str]] = {}
    for tag in tags:
        kind, _, value = tag.tag.partition(":")
        if kind == "persona":
            persona = PERSONAS.get(value)
            if persona is None:  # no longer in personas.toml
                continue
            terms, reason = persona.needs, f"您选择了身份「{persona.name}」"
        elif tag.source == DECLARED:
            terms, reason = frozenset({value}), f"您关注的人生事件「{value}」"
        else:
            terms, reason = frozenset({value}), f"您最近常查看「{value}」相关的事项"
        for term in terms:
            if tag.weight > interests.get(term, (0.0, ""))[0]:
                interests[term] = (tag.weight, reason)
    return interests


def _recommend(
    kind: str,
    code: str,
    name: str,
    terms: set[str],
    interests: dict[str, tuple[float, str]],
    bonus: float = 0.0,
) -> Recommendation | None:
    matched = [interests[t] for t in terms if t in interests]
    if not matched:
        return None
    score = sum(w for w, _ in matched) + bonus
    return Recommendation(kind, code, name, max(matched)[1], score)
