"""What the catalogue gives the search index (``luojiang.core.search.ports``): every field a
citizen's words may meet, each in the document field that says how much it counts.

- matters: the name; as keywords, the licences its process issues (核发营业执照: 企业设立登记 is
  where 营业执照 comes from), topics, life events and category; as agencies, the department's
  names; as body, conditions, materials and process, each scenario question whose answer adds
  the matter, with that answer (退休后是否到外地长期居住？是 -> 异地就医备案): the catalogue's own
  account, in a citizen's words, of when the matter is needed, and whom it serves (个人, 企业: most
  matters serve one or both, so the word says little of what a matter is);
- scenarios: the name; as keywords, the life events most of its matters share; as body, the
  summary, the questions and the labels of their options (a citizen's own words: 孩子要上哪个
  年级, 小餐饮) and the names of the matters it bundles (a question about one of them is better
  answered by the matter itself, which the scenario then follows);
- halls: the name; as keywords, what kind of hall it is and its town; as body, the address, the
  hours and what its windows serve. The district's centre carries the phone number
  an empty search result offers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from luojiang.core.catalogue import repository
from luojiang.core.catalogue.models import Department, Hall, Matter, Scenario
from luojiang.core.search.ports import SearchDocument

AUDIENCE_WORDS = {"person": "个人", "enterprise": "企业"}
HALL_KIND_WORDS = {
    "district_center": ("政务服务中心", "办事大厅", "政务大厅"),
    "town_center": ("便民服务中心", "办事大厅"),
    "village_station": ("便民服务站",),
}
HELP_DESK_KIND = "district_center"
# a bigger hall serves more people and matters: it comes first among halls that match as well
HALL_PRIOR = {"district_center": 0.1, "town_center": 0.05}
# a one-thing scenario is the better answer when it fits as well as one of its matters
SCENARIO_PRIOR = 0.03
# a licence named right after one of these verbs in a matter's process is what the matter issues
ISSUING = re.compile(r"(?:核发|颁发|发放|签发|发给|制发|换发|补发|领取|出具)(?:电子|新的?|《)?")


class MatterDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        departments = await repository.departments_by_id()
        licences = await repository.current_licence_type_names()
        asked = _asked_for(await repository.current_rows(Scenario))
        return [
            SearchDocument(
                kind="matter",
                code=m.code,
                title=m.name,
                keywords=(
                    *_issued(m.process, licences),
                    *m.topics,
                    *m.life_events,
                    m.category,
                ),
                body=_join(
                    m.conditions,
                    _materials(m.materials),
                    m.process,
                    asked.get(m.code, ()),
                    _audience(m.audience),
                ),
                agencies=_department_names(departments.get(m.department_id)),
                audience=_audience(m.audience),
            )
            for m in await repository.current_rows(Matter)
        ]


class ScenarioDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        matters = {m.code: m for m in await repository.current_matters_with_terms()}
        documents = []
        for s in await repository.current_rows(Scenario):
            included = [matters[c] for c in s.base_matters if c in matters]
            documents.append(
                SearchDocument(
                    kind="scenario",
                    code=s.code,
                    title=s.name,
                    keywords=("一件事", *_shared_events(included)),
                    body=_join([s.summary], _questions(s.questions), [m.name for m in included]),
                    boost=SCENARIO_PRIOR,
                    audience=_audience(s.audience),
                    bundles=tuple(m.code for m in included),
                )
            )
        return documents


class HallDocuments:
    async def documents(self) -> Sequence[SearchDocument]:
        towns = await repository.town_names()
        return [
            SearchDocument(
                kind="hall",
                code=h.code,
                title=h.name,
                keywords=(*HALL_KIND_WORDS.get(h.kind, ()), towns.get(h.town, "")),
                body=_join([h.address, h.hours], [w.get("name", "") for w in h.windows]),
                help_phone=h.phone if h.kind == HELP_DESK_KIND else "",
                boost=HALL_PRIOR.get(h.kind, 0.0),
            )
            for h in await repository.current_rows(Hall)
        ]


def catalogue_search_sources() -> list[MatterDocuments | ScenarioDocuments | HallDocuments]:
    return [MatterDocuments(), ScenarioDocuments(), HallDocuments()]


def _issued(process: Iterable[str], licences: Iterable[str]) -> tuple[str, ...]:
    text = "".join(process)
    issued = []
    for name in licences:
        at = text.find(name)
        while at >= 0:
            verb = ISSUING.search(text, max(0, at - 6), at)
            if verb is not None and verb.end() == at:
                issued.append(name)
                break
            at = text.find(name, at + 1)
    return tuple(issued)


def _shared_events(matters: Sequence[Matter]) -> list[str]:
    """The life events a scenario serves: those of at least half of its matters (出生 for 出生一件事,
    not 就业 because one of its matters, the social security card, also serves work)."""
    counts = Counter(e for m in matters for e in m.life_events)
    return sorted(e for e, n in counts.items() if 2 * n >= len(matters))


def _asked_for(scenarios: Iterable[Scenario]) -> dict[str, list[str]]:
    """Per matter, the scenario questions and answers that add it to a checklist."""
    asked: dict[str, list[str]] = {}
    for scenario in scenarios:
        for question in scenario.questions:
            for option in question.get("options", ()):
                for code in option.get("add_matters", ()):
                    asked.setdefault(code, []).append(f"{question.get('text', '')}{option.get('label', '')}")
    return asked


def _audience(audience: Iterable[str]) -> tuple[str, ...]:
    return tuple(AUDIENCE_WORDS[a] for a in audience if a in AUDIENCE_WORDS)


def _department_names(department: Department | None) -> tuple[str, ...]:
    if department is None:
        return ()
    short = department.short_name
    return (
        (department.name, short, short.removeprefix("区"))
        if short.startswith("区")
        else (department.name, short)
    )


def _materials(materials: Iterable[dict[str, Any]]) -> list[str]:
    return [f"{m.get('name', '')} {m.get('note') or ''}" for m in materials]


def _questions(questions: Iterable[dict[str, Any]]) -> list[str]:
    out = []
    for question in questions:
        out.append(question.get("text", ""))
        out += [o.get("label", "") for o in question.get("options", ())]
    return out


def _join(*parts: Iterable[str]) -> str:
    return "。".join(p for part in parts for p in part if p)
