"""Tourism as search documents and map places for the district's search and map."""

from __future__ import annotations

from starlette.applications import Starlette

from luojiang.core.search.ports import VISITORS
from luojiang.core.tourism.sources import KINDS, TourismDocuments, TourismPlaces
from tests.support.queries import count_queries


async def test_every_area_point_and_resource_is_a_search_document(app: Starlette) -> None:
    with count_queries() as statements:
        documents = await TourismDocuments().documents()
    assert len(statements) == 4  # one query per kind, and one for the narrations in every language
    kinds = [d.kind for d in documents]
    assert (kinds.count("scenic_area"), kinds.count("scenic_point"), kinds.count("resource")) == (8, 37, 60)
    tower = next(d for d in documents if d.code == "LJ-JQ-BMG-P02")  # printed as X5Y08RFA
    assert (tower.kind, tower.title, tower.keywords[0]) == ("scenic_point", "白马关关楼", "白马关景区")
    assert tower.body.startswith("眼前的关楼扼守古驿道的咽喉")
    shrine = next(d for d in documents if d.code == "LJ-JQ-BMG-P05")
    assert shrine.english_names[0].startswith("This shrine honours Pang Tong, styled 'Young Phoenix'")
    assert shrine.english_names[0].endswith("as famous as Zhuge Liang.")
    assert shrine.english_body.startswith("He was killed by an arrow")
    area = next(d for d in documents if d.code == "LJ-JQ-BMG")  # what its points say first
    assert "This shrine honours Pang Tong" in area.english_body
    assert "He was killed" not in area.english_body
    assert "开放时间" in area.keywords  # its hours are given: 08:30-17:30
    hotel = next(d for d in documents if d.code == "LJ-RES-001")
    assert hotel.keywords == ("宾馆", "商务", "停车场", "会议室")
    assert {d.audience for d in documents} == {(VISITORS,)}  # an English sentence names them


async def test_places_come_by_kind_in_gcj02(app: Starlette) -> None:
    only_areas = await TourismPlaces().places({"scenic_area"})
    assert {p.kind for p in only_areas} == {"scenic_area"}
    baimaguan = next(p for p in only_areas if p.code == "LJ-JQ-BMG")
    assert (baimaguan.name, baimaguan.lng, baimaguan.lat) == ("白马关景区", 104.4615, 31.3462)
    everything = await TourismPlaces().places(KINDS)
    assert len(everything) == 8 + 37 + 60
