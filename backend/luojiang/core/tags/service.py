"""Declared and inferred tags, and recommendations of matters and scenarios with a reason each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from luojiang.core.catalogue.models import Matter, Scenario
from luojiang.core.errors import DomainError
from luojiang.core.search.results import SearchHit
from luojiang.core.tags.models import ViewerTag

DECLARED, INFERRED = "declared", "inferred"
DECLARED_WEIGHT = 3.0
SEARCH_WEIGHT, VIEW_WEIGHT = 1.0, 2.0


class Persona(StrEnum):
    ENTERPRISE_OWNER = "enterprise_owner"
    ELDERLY = "elderly"
    STUDENT = "student"
    JOB_SEEKER = "job_seeker"
    NEW_PARENT = "new_parent"
    DISABLED = "disabled"
    VETERAN = "veteran"


PERSONA_NAMES = {
    Persona.ENTERPRISE_OWNER: "企业经营者",
    Persona.ELDERLY: "老年人",
    Persona.STUDENT: "学生",
    Persona.JOB_SEEKER: "求职者",
    Persona.NEW_PARENT: "新手父母",
    Persona.DISABLED: "残疾人",
    Persona.VETERAN: "退役军人",
}
# what each persona is likely to need, in the catalogue's own words (life events and topics)
PERSONA_NEEDS: dict[Persona, frozenset[str]] = {
    Persona.ENTERPRISE_OWNER: frozenset({"开办企业", "企业变更", "企业注销", "市场准入", "税务"}),
    Persona.ELDERLY: frozenset({"退休", "养老", "养老服务"}),
    Persona.STUDENT: frozenset({"入学", "教育"}),
    Persona.JOB_SEEKER: frozenset({"就业", "失业", "就业创业"}),
    Persona.NEW_PARENT: frozenset({"出生", "生育"}),
    Persona.DISABLED: frozenset({"残疾人服务"}),
    Persona.VETERAN: frozenset({"退役军人"}),
}


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
    async def declare(
        self, viewer_id: int, personas: Sequence[Persona], life_events: Sequence[str]
    ) -> list[Tag]:
        """Replaces the person's declared tags."""
        known = await _life_events()
        unknown = sorted(set(life_events) - known)
        if unknown:
            raise DomainError.one("UNKNOWN_LIFE_EVENT", f"unknown life events {unknown}", "lifeEvents")
        tags = [f"persona:{p.value}" for p in dict.fromkeys(personas)]
        tags += [f"life_event:{e}" for e in dict.fromkeys(life_events)]
        async with in_transaction():
            await ViewerTag.filter(viewer_id=viewer_id, source=DECLARED).delete()
            await ViewerTag.bulk_create(
                [ViewerTag(viewer_id=viewer_id, tag=t, source=DECLARED, weight=DECLARED_WEIGHT) for t in tags]
            )
        return await self.tags(viewer_id)

    async def tags(self, viewer_id: int) -> list[Tag]:
        rows = await ViewerTag.filter(viewer_id=viewer_id).order_by("-weight", "tag")
        return [Tag(r.tag, r.source, r.weight) for r in rows]

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
        matters = await Matter.filter(retired_at=None).only(
            "code", "name", "life_events", "topics", "audience"
        )
        events_of = {m.code: {*m.life_events, *m.topics} for m in matters}
        found = [_recommend("matter", m.code, m.name, events_of[m.code], interests) for m in matters]
        for s in await Scenario.filter(retired_at=None).only("code", "name", "base_matters"):
            terms = {t for c in s.base_matters for t in events_of.get(c, ())}
            # a scenario gathers the matters of one life event: it should beat any one of them
            found.append(_recommend("scenario", s.code, s.name, terms, interests, bonus=0.5))
        ranked = sorted((r for r in found if r), key=lambda r: (-r.score, r.kind != "scenario", r.code))
        return ranked[:limit]

    async def _infer(self, viewer_id: int, code: str, weight: float) -> None:
        matter = await Matter.get_or_none(code=code).only("life_events", "topics")
        if matter is None:
            return
        tags = [f"life_event:{e}" for e in matter.life_events] + [f"topic:{t}" for t in matter.topics]
        for tag in tags:
            updated = await ViewerTag.filter(viewer_id=viewer_id, tag=tag, source=INFERRED).update(
                weight=F("weight") + weight
            )
            if not updated:
                await ViewerTag.get_or_create(
                    viewer_id=viewer_id, tag=tag, source=INFERRED, defaults={"weight": weight}
                )


def _interests(tags: Sequence[Tag]) -> dict[str, tuple[float, str]]:
    """term -> (weight, reason); the strongest tag gives the reason."""
    interests: dict[str, tuple[float, str]] = {}
    for tag in tags:
        kind, _, value = tag.tag.partition(":")
        if kind == "persona":
            persona = Persona(value)
            terms, reason = PERSONA_NEEDS[persona], f"您选择了身份「{PERSONA_NAMES[persona]}」"
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


async def _life_events() -> set[str]:
    rows = await Matter.filter(retired_at=None).values_list("life_events", flat=True)
    return {e for events in rows for e in events}
