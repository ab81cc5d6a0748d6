"""Visitors who type English: the guide points' English narrations are searchable, read by a
small English tokenizer, beside the lexicon's English phrases and pinyin."""

from __future__ import annotations

import pytest

from luojiang.core.search.english import english_words, stem
from luojiang.core.search.index import SearchIndex
from luojiang.core.search.lexicon import Lexicon
from luojiang.core.search.results import Reason


def codes(index: SearchIndex, query: str, n: int = 3) -> list[str]:
    return [h.code for h in index.search(query, n).hits]


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("jujubes", "jujube"),
        ("pomelos", "pomelo"),
        ("cherries", "cherry"),
        ("picking", "pick"),
        ("swimming", "swim"),
        ("planted", "plant"),
        ("churches", "church"),
        ("grass", "grass"),
        ("bus", "bus"),
        ("bed", "bed"),  # too short to lose an ending
    ],
)
def test_plurals_and_verb_endings_are_taken_off(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_english_words_are_lower_case_letters_without_stopwords() -> None:
    stop = Lexicon.bundled().english_stopwords
    assert english_words("Behind the shrine lies Pang Tong's tomb.", stop) == [
        "behind",
        "shrine",
        "lie",
        "pang",
        "tong",
        "tomb",
    ]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("Young Phoenix", "LJ-JQ-BMG-P05"),  # said only in the English narration
        ("egrets and kingfishers", "LJ-JQ-CT-P03"),
        ("Kuixing Pavilion", "LJ-JQ-LJGC-P01"),
    ],
)
def test_a_guide_points_english_finds_it_first(index: SearchIndex, query: str, wanted: str) -> None:
    assert codes(index, query)[0] == wanted


def test_an_english_match_says_where_it_matched(index: SearchIndex) -> None:
    hit = index.search("Young Phoenix", 1).hits[0]
    assert Reason.KEYWORD in hit.reasons
    assert index.search("Young Phoenix").pinyin is None  # not read as pinyin


def test_the_lexicons_english_reaches_the_ledgers_tags_and_the_points_chinese_names(
    index: SearchIndex,
) -> None:
    assert set(codes(index, "fishing")) <= set(codes(index, "垂钓", 10))
    assert codes(index, "pick fruit", 2)[0] in {"LJ-JQ-GFZ-P02", "LJ-JQ-MYTY-P03"}  # 采摘 in their names


def test_pinyin_and_fully_translated_english_keep_their_readings(index: SearchIndex) -> None:
    assert codes(index, "baimaguan", 1) == ["LJ-JQ-BMG"]  # pinyin, though the narrations say Baimaguan
    assert index.search("id card").understood == "居民身份证"
    assert index.search("where is the hotel").understood == "宾馆"  # stopwords don't count against it


def test_english_nobody_wrote_finds_nothing(index: SearchIndex) -> None:
    assert index.search("submarine volcano").hits == []


def test_a_chinese_name_written_in_pinyin_meets_its_chinese(index: SearchIndex) -> None:
    assert codes(index, "Luojiang ancient town", 1) == ["LJ-JQ-LJGC"]  # 罗江 + 古城
    assert codes(index, "Li Tiaoyuan memorial hall", 1) == ["LJ-JQ-TYGL-P02"]


def test_a_visitors_word_for_the_scenic_spots_finds_the_areas(index: SearchIndex) -> None:
    assert {h.kind for h in index.search("attractions", 5).hits} == {"scenic_area"}


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("shrine?", "shrine"),
        ("Pang Tong's shrine!", "pang tong shrine"),
        ("ID CARD?", "id card"),
        ("hukou, transfer", "hukou transfer"),
        ("gszx?", "gszx"),
        ("Ｓｈｒｉｎｅ？", "shrine"),  # full-width, as a Chinese keyboard types it
    ],
)
def test_punctuation_and_capitals_in_latin_queries_change_nothing(
    index: SearchIndex, query: str, same_as: str
) -> None:
    assert codes(index, same_as)  # the plain form finds something, so the comparison means something
    assert codes(index, query) == codes(index, same_as)


@pytest.mark.parametrize("query", ["!!!", "？？", "?", "'", "  ", "--"])
def test_punctuation_alone_finds_nothing_and_breaks_nothing(index: SearchIndex, query: str) -> None:
    assert index.search(query).hits == []


def test_opening_hours_find_the_areas_that_give_them(index: SearchIndex) -> None:
    assert {h.kind for h in index.search("opening hours", 8).hits} == {"scenic_area"}
    assert codes(index, "Baimaguan opening hours?", 1) == ["LJ-JQ-BMG"]
    assert codes(index, "白马关开放时间", 1) == ["LJ-JQ-BMG"]


def test_an_english_sentence_the_narrations_answer_is_a_visitors_and_prefers_what_visitors_use(
    index: SearchIndex,
) -> None:
    # food is 食品 of the food licences too; a visitor asking where to eat wants no licence
    tourism = {"scenic_area", "scenic_point", "resource"}
    assert {h.kind for h in index.search("where can I eat local food", 3).hits} <= tourism
    # the licences are still found by whoever asks for one in English (translated in full)
    assert index.search("food licence", 1).hits[0].kind == "matter"


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("id card 补办", "LJ-GAFJ-006"),  # 居民身份证补领, not 不动产权证书补证 (the letters were lost)
        ("身份证 lost", "LJ-GAFJ-006"),
        ("Opening Hours白马关", "LJ-JQ-BMG"),
    ],
)
def test_english_among_characters_is_read_through_the_lexicon(
    index: SearchIndex, query: str, wanted: str
) -> None:
    assert codes(index, query, 1) == [wanted]


def test_a_visitors_english_word_among_characters_finds_what_it_names(index: SearchIndex) -> None:
    hits = index.search("hotel 白马关", 3).hits
    assert all(h.kind == "resource" and "白马关" in h.title for h in hits)  # no gate tower, no area


@pytest.mark.parametrize("query", ["where to eat", "eat", "Where can we eat?"])
def test_a_word_only_visitors_say_finds_the_ledgers_places_not_the_licences(
    index: SearchIndex, query: str
) -> None:
    # 饭店 is the ledger's kind of eating place; the thesaurus reads a citizen's 饭店 as opening one
    assert {h.kind for h in index.search(query, 3).hits} == {"resource"}


def test_what_people_open_or_run_is_still_read_through_the_thesaurus(index: SearchIndex) -> None:
    assert index.search("farm stay licence", 1).hits[0].code == "LJ-YJS-MS"  # 开办民宿（农家乐）一件事
