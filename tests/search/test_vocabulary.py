"""The vocabulary's readings, the spans of a title, and which queries may be published."""

from __future__ import annotations

import pytest

from luojiang.core.search.index import SearchIndex
from luojiang.core.search.results import Span, spans
from luojiang.core.search.vocabulary import Vocabulary


def test_abbreviations_expand_to_the_terms_whose_characters_they_keep_in_order() -> None:
    vocabulary = Vocabulary([["社会保障卡申领"], ["危险化学品经营许可"], ["人力资源和社会保障局"]], (), ())
    assert "社会保障卡" in vocabulary.expansions("社保卡")
    assert "危险化学品" in vocabulary.expansions("危化品")
    assert vocabulary.expansions("保社卡") == []  # the order matters
    assert vocabulary.expansions("社会保障卡") == []  # a term is no abbreviation of itself


def test_terms_never_run_across_punctuation() -> None:
    vocabulary = Vocabulary([["不动产权证书补证、换证"]], (), ())
    assert "补证" in vocabulary.df
    assert "换证" in vocabulary.df
    assert "补证换证" not in vocabulary.df


def test_spans_are_positions_in_the_title_as_written() -> None:
    assert spans("补领结婚证、离婚证", ["结婚证", "离婚证"]) == (Span(2, 5), Span(6, 9))
    # a normalized word may run across punctuation; its spans are still the title's characters
    assert spans("补领结婚证、离婚证", ["结婚证离婚证"]) == (Span(2, 5), Span(6, 9))
    assert spans("營業執照补领", ["营业执照"]) == (Span(0, 4),)


@pytest.mark.parametrize(
    "query",
    [
        "身份证 13912345678 张三",
        "张三",
        "王建国的户口本",
        "社保卡 510604199001011234",
        "80岁老人补贴",
        "gjj",
        "李明 结婚登记",
    ],
)
def test_names_numbers_and_letters_are_never_publishable(index: SearchIndex, query: str) -> None:
    assert index.publishable(query) is None


@pytest.mark.parametrize(
    ("query", "public"),
    [
        ("高龄津贴", "高龄津贴"),
        ("高齡津貼", "高龄津贴"),
        ("结昏登记", "结婚登记"),
        ("户口本丢了怎么办", "户口本丢了怎么办"),
    ],
)
def test_the_catalogues_words_are_published_as_understood(
    index: SearchIndex, query: str, public: str
) -> None:
    assert index.publishable(query) == public


def test_a_polyphone_read_the_other_way_still_finds_the_term() -> None:
    vocabulary = Vocabulary([["李调元故里"], ["调解"]], (), ())
    assert vocabulary.read_pinyin("lidiaoyuan") == [["李调元"]]
    assert vocabulary.read_pinyin("litiaoyuan") == [["李调元"]]  # 调 is tiao here, diao to the dictionary


def test_a_common_word_of_its_own_abbreviates_nothing() -> None:
    vocabulary = Vocabulary([["出生一件事"], ["社会保障卡申领"]], (), ())
    assert vocabulary.expansions("出事") == []  # "something happened", not 出生一件事
    assert "社会保障卡" in vocabulary.expansions("社保卡")


def test_initials_are_read_through_the_thesaurus_into_the_names_that_hold_them_together() -> None:
    names = [["企业注销登记"], ["个体工商户注销登记"], ["政务服务中心"], ["罗江供电公司"]]
    # 公司 is the thesaurus's everyday word for 企业: gs + zx is 公司注销 before 公司中心
    vocabulary = Vocabulary(names, ["公司"], (), meanings={"公司": ["企业"]})
    assert [group[0] for group in vocabulary.read_pinyin("gszx")] == ["公司", "注销"]
    assert [group[0] for group in Vocabulary(names, ["公司"], ()).read_pinyin("gszx")] == ["工商", "注销"]


def test_initials_of_a_long_name_are_cut_into_pieces_that_a_name_holds_together() -> None:
    """The longest first piece leaves letters (bz) whose commonest terms (保障) no name has with it."""
    names = [
        ["机动车驾驶证遗失补证"],
        ["机动车驾驶证遗失"],
        ["社会保障"],
        ["殡葬服务"],
        ["用电报装"],
        ["居民保障"],
    ]
    vocabulary = Vocabulary(names, (), ())
    assert ["".join(group[0] for group in vocabulary.read_pinyin("jdcjszysbz"))] == ["机动车驾驶证遗失补证"]
    assert vocabulary.read_pinyin("qqqqqq") == []
