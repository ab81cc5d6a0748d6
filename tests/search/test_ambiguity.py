"""Queries whose words allow more than one reading: a cut of the segmenter that hides a catalogue
word, a piece of a word met by chance, a document asked for without saying whether it is new or a
replacement, a situation that shares few words with its scenario. The phrasings are made up for
these tests, none of them a query of the evaluation sets."""

from __future__ import annotations

import pytest

from luojiang.core.search.index import SearchIndex
from luojiang.core.search.ports import SearchDocument


def titles(index: SearchIndex, query: str, n: int = 5) -> list[str]:
    return [h.title for h in index.search(query, n).hits]


def first_with(found: list[str], words: tuple[str, ...]) -> int:
    return next(i for i, title in enumerate(found) if any(w in title for w in words))


@pytest.mark.parametrize("query", ["办身份证", "想办个身份证", "身份证怎么办理"])
def test_a_document_asked_for_without_a_reason_is_first_applied_for(index: SearchIndex, query: str) -> None:
    found = titles(index, query)
    assert first_with(found, ("申领",)) < first_with(found, ("补领", "换领"))


@pytest.mark.parametrize(
    ("query", "meant"), [("身份证丢了", "居民身份证补领"), ("身份证过期了", "居民身份证换领")]
)
def test_a_reason_to_replace_a_document_finds_the_replacement(
    index: SearchIndex, query: str, meant: str
) -> None:
    assert titles(index, query, 1) == [meant]


@pytest.mark.parametrize("query", ["我想卖烟花", "过年卖烟花"])
def test_a_thesaurus_word_does_not_hide_the_catalogue_word_across_its_edge(
    index: SearchIndex, query: str
) -> None:
    # 卖烟 (selling tobacco) is an everyday word, but 卖 | 烟花 reads more of the query
    assert titles(index, query, 1) == ["烟花爆竹经营（零售）许可"]


def test_of_two_cuts_that_read_as_much_the_one_with_the_longer_word_wins(index: SearchIndex) -> None:
    # 卖烟 | 花炮 and 卖 | 烟花炮 both read the whole query; 烟花炮 (fireworks) is the longer word
    found = index.search("卖烟花炮", 2)
    assert found.hits[0].title == "烟花爆竹经营（零售）许可"
    assert "烟草专卖零售许可证核发" not in [h.title for h in found.hits]


@pytest.mark.parametrize("query", ["卖烟酒", "卖烟", "想卖烟"])
def test_a_thesaurus_word_the_query_means_is_kept(index: SearchIndex, query: str) -> None:
    assert titles(index, query, 1) == ["烟草专卖零售许可证核发"]


@pytest.mark.parametrize("query", ["老家盖房子", "回老家盖房子"])
def test_a_character_left_over_from_a_word_counts_less_alone(index: SearchIndex, query: str) -> None:
    # 盖房子 is read by its parts 盖房 + 子; 子 alone is the seeds' (种子), not a house's
    assert not any("种子" in title for title in titles(index, query))


@pytest.mark.parametrize(("query", "event"), [("老婆生了", "出生"), ("老婆坐月子", "出生")])
def test_a_situation_finds_its_scenario_near_the_top_and_says_why(
    index: SearchIndex, query: str, event: str
) -> None:
    hits = index.search(query, 5).hits
    scenario = next(h for h in hits if h.kind == "scenario")
    assert hits.index(scenario) <= 1
    assert event in scenario.terms
    assert "scenario" in scenario.reasons


def test_a_document_of_the_same_area_named_outright_is_no_situation(index: SearchIndex) -> None:
    # 结婚证 is a catalogue word: the query asks for the matter, not for the wedding's scenario
    assert "结婚一件事" not in titles(index, "结婚证补办", 3)


def test_whom_a_matter_serves_is_weak_evidence_of_what_it_is(
    index: SearchIndex, documents: list[SearchDocument]
) -> None:
    # 机动车注册登记 serves enterprises too, which says nothing of registering a company
    assert titles(index, "公司注册", 1) == ["企业设立登记"]
    cars = next(d for d in documents if d.code == "LJ-JJDD-003")
    assert "企业" in cars.audience
    assert "企业" not in cars.keywords
    assert cars.body.endswith("企业")  # still searchable, as a body weighs
