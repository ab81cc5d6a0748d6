"""How people actually type: Sichuan dialect and particles, pinyin among characters, letters that
mean nothing, lone characters, and words that only look like typos. The phrasings are the issue's
own examples and others of the same classes, none of them a query of the evaluation sets."""

from __future__ import annotations

import pytest

from luojiang.core.search.analysis import Analyser
from luojiang.core.search.index import SearchIndex
from luojiang.core.search.lexicon import Lexicon
from luojiang.core.search.vocabulary import Vocabulary

TOURISM = {"scenic_area", "scenic_point", "resource"}


def codes(index: SearchIndex, query: str, n: int = 3) -> list[str]:
    return [h.code for h in index.search(query, n).hits]


@pytest.mark.parametrize("query", ["qqqqxxxx", "xxxx", "bbbb", "hjkl", "qwer zxcv"])
def test_letters_that_abbreviate_nothing_the_catalogue_says_find_nothing(
    index: SearchIndex, query: str
) -> None:
    found = index.search(query, 5)
    assert found.hits == []
    assert found.help is not None  # the citizen is offered scenarios and the help desk instead


def test_initials_of_words_a_name_has_together_are_still_read(index: SearchIndex) -> None:
    assert codes(index, "sfzbl", 1) == ["LJ-GAFJ-006"]  # 身份证 + 补领: 居民身份证补领


def test_initials_split_into_words_no_name_has_together_read_as_nothing() -> None:
    vocabulary = Vocabulary([["户籍证明"], ["康旅研学"], ["身份证补领"]], (), ())
    assert vocabulary.read_pinyin("hjkl") == []  # 户籍 + 康旅: never in one name
    assert vocabulary.read_pinyin("sfzbl") == [["身份证补领"]]
    assert vocabulary.read_pinyin("hjhj") == []  # the same letters twice are no phrase


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("身份证搞丢了咋个办嘛", {"LJ-GAFJ-006"}),
        ("屋头老汉儿走了要办啥子", {"LJ-YJS-SH"}),
        ("没得工作了咋个领钱", {"LJ-RSJ-006"}),
        ("农村头修房子找哪个", {"LJ-NYNCJ-005", "LJ-ZRZYJ-004"}),
        ("娃儿满六岁了读书咋个报名", {"LJ-YJS-RX", "LJ-JYJ-001"}),
    ],
)
def test_a_question_in_sichuan_dialect_finds_the_matter(
    index: SearchIndex, query: str, wanted: set[str]
) -> None:
    assert codes(index, query, 1)[0] in wanted


def test_dialect_words_are_understood_as_the_standard_ones(index: SearchIndex) -> None:
    found = index.search("没得工作了", 3)
    assert found.understood == "没工作了"
    assert found.corrected is None  # a dialect word is no typo


def test_a_character_written_beside_a_whole_term_is_not_corrected_into_it(index: SearchIndex) -> None:
    found = index.search("户口落哪里", 3)
    assert found.corrected is None  # 户口 + 落 (落户), not 户口簿
    assert found.hits[0].code in {"LJ-GAFJ-001", "LJ-GAFJ-002", "LJ-GAFJ-003"}
    assert index.search("户口薄补领", 1).corrected == "户口簿补领"  # a changed character still is


def test_no_typo_is_read_through_a_stopword(index: SearchIndex) -> None:
    found = index.search("护炤办理", 1)
    assert found.corrected == "护照办理"  # not 护 + 证办理
    assert found.hits[0].code == "LJ-GAFJ-014"


def test_a_lone_character_the_thesaurus_reads_means_that_and_not_a_piece_of_a_name(
    index: SearchIndex,
) -> None:
    assert not {h.kind for h in index.search("老", 3).hits} & TOURISM  # 养老 before 老街
    assert index.search("老街", 1).hits[0].kind in TOURISM  # the name itself still finds the street


def test_a_lone_character_is_not_glued_to_a_word_of_the_dictionary() -> None:
    lexicon = Lexicon.bundled()
    analyser = Analyser(Vocabulary([["机动车驾驶证遗失补证"]], lexicon.words(), ()), lexicon)

    words = [c.typed for r in analyser.analyse("赶紧修").readings for c in r.concepts]
    assert words == ["赶紧", "修"]  # not one unknown word 赶紧修 that finds nothing


def test_a_lone_word_for_replacing_reads_as_replacing(index: SearchIndex) -> None:
    assert codes(index, "驾驶证重新补", 1) == ["LJ-JJDD-002"]


@pytest.mark.parametrize(
    ("query", "read", "wanted"),
    [("户口zhuxiao", "户口注销", "LJ-GAFJ-008"), ("shiye保险金", "失业保险金", "LJ-RSJ-006")],
)
def test_pinyin_among_characters_is_read_into_the_catalogues_words(
    index: SearchIndex, query: str, read: str, wanted: str
) -> None:
    found = index.search(query, 1)
    assert found.understood == read
    assert found.pinyin == query
    assert found.hits[0].code == wanted


def test_letters_typed_for_one_character_of_a_word_are_read_with_the_characters_beside_them() -> None:
    # alone, guan is 关 (白马关, 海关); after 饭 it is the 馆 of 饭馆, though 开饭 is a word of its
    # own, which kept 开饭关 from being corrected as a typo
    lexicon = Lexicon.bundled()
    analyser = Analyser(Vocabulary([["白马关"], ["海关"], ["饭馆登记"]], [], ()), lexicon)

    assert analyser.analyse("想开饭guan").readings[0].text == "想开饭馆"
    assert analyser.analyse("白马guan").readings[0].text == "白马关"
    assert analyser.analyse("guan门").readings[0].text == "关门"  # no word made: the letters alone


def test_letters_that_are_a_word_of_their_own_stay_letters(index: SearchIndex) -> None:
    assert codes(index, "开个ktv", 1) == ["LJ-WGLJ-002"]


def test_a_word_typed_again_is_read_once(index: SearchIndex) -> None:
    # each copy used to be a concept of its own, ranked again: 身份证 typed 21 times cost ~50 ms
    # over the catalogue ×10
    lexicon = Lexicon.bundled()
    analyser = Analyser(Vocabulary([["居民身份证补领"]], lexicon.words(), ()), lexicon)
    once, repeated = analyser.analyse("身份证丢了"), analyser.analyse("身份证" * 15 + "丢了")
    assert [c.typed for c in repeated.readings[0].concepts] == [c.typed for c in once.readings[0].concepts]
    assert codes(index, "身份证" * 15 + "丢了") == codes(index, "身份证丢了")
