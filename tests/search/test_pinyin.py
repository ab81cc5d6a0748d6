"""Pinyin as citizens type it on a phone: sentences run together, particles between the words,
the merges of Sichuan speech, a letter missed. The phrasings are none of the evaluation sets'."""

from __future__ import annotations

from luojiang.core.search.index import SearchIndex
from luojiang.core.search.pinyin import merged
from luojiang.core.search.vocabulary import Vocabulary

NAMES = [["社会保障卡申领"], ["居民身份证补领"], ["开办便利店一件事"], ["李调元故里"]]


def read(vocabulary: Vocabulary, letters: str) -> list[str]:
    return [group[0] for group in vocabulary.read_pinyin(letters)]


def test_particles_and_spoken_words_in_run_together_pinyin_are_read_not_lost() -> None:
    vocabulary = Vocabulary(NAMES, ["丢了"], (), stopwords=["我", "的", "怎么"])
    assert read(vocabulary, "wodeshenfenzhengdiule") == ["我", "的", "身份证", "丢了"]
    assert read(vocabulary, "shenfenzhengzenmebuling") == ["身份证", "怎么", "补领"]


def test_letters_are_cut_where_fewest_lone_syllables_are_left() -> None:
    # longest first would take 开办 and leave 便 + 利 + 店 as lone syllables
    vocabulary = Vocabulary(NAMES, ["开", "小卖部", "开销"], ())
    assert read(vocabulary, "kaixiaomaibu") == ["开", "小卖部"]  # not 开销 + 买 + 部


def test_a_polyphones_other_reading_loses_to_the_usual_reading() -> None:
    vocabulary = Vocabulary([["继承登记"], ["驾驶证"]], ["司机"], ())
    assert read(vocabulary, "sijizheng") == ["司机", "证"]  # 承 is also read zheng
    assert read(vocabulary, "jizheng") == ["继承"]  # where nothing else is read so


def test_sichuan_merges_of_zh_z_sh_s_n_l_and_ng_n_meet_the_words() -> None:
    vocabulary = Vocabulary([*NAMES, ["农家乐"]], (), ())
    assert read(vocabulary, "senfenzen") == ["身份证"]
    assert read(vocabulary, "longjiale") == ["农家乐"]
    assert merged("shenfenzheng") == merged("senfenzen")
    assert read(vocabulary, "shenfenzheng") == ["身份证"]  # the standard letters still read first


def test_a_letter_missed_or_swapped_in_a_long_word_is_forgiven() -> None:
    vocabulary = Vocabulary(NAMES, ["社保卡"], ())
    assert read(vocabulary, "shbaoka") == ["社保卡"]  # an e missed
    assert read(vocabulary, "shebaoak") == ["社保卡"]  # two letters swapped


def test_short_letters_are_never_stretched_to_a_word() -> None:
    # four letters are one letter away from too many words: sbka is no 社保卡
    vocabulary = Vocabulary(NAMES, ["社保卡"], ())
    assert read(vocabulary, "sbka") != ["社保卡"]
    assert read(vocabulary, "qqqqqq") == []


def test_initials_are_read_before_a_near_word() -> None:
    vocabulary = Vocabulary(NAMES, (), ())
    assert read(vocabulary, "sfzbl") == ["身份证补领"]


def test_whole_sentences_in_pinyin_find_the_matter(index: SearchIndex) -> None:
    assert index.search("wodejuzhuzhengzenmeban", 1).hits[0].code == "LJ-GAFJ-012"
    assert index.search("xiangkaigebianlidian", 1).hits[0].code == "LJ-YJS-BLD"


def test_pinyin_of_a_thesaurus_phrase_reads_as_the_phrase(index: SearchIndex) -> None:
    # 报户口 is no catalogue word; the thesaurus reads it as 落户, 出生登记
    assert index.search("baohukou", 1).hits[0].code == "LJ-GAFJ-001"


def test_words_read_alike_are_each_a_reading_of_the_letters() -> None:
    vocabulary = Vocabulary([["林木采伐许可"], ["书店"]], ["看书", "砍树"], ())
    assert sorted(vocabulary.read_pinyin("kanshu")[0]) == ["看书", "砍树"]
    assert vocabulary.read_pinyin("shudian") == [["书店"]]  # a word read like no other stands alone


def test_pinyin_beside_a_word_the_english_lexicon_knows_stays_pinyin(index: SearchIndex) -> None:
    # hukou is English too; translating would keep 户口 and drop 落 (落户口: 落户, 出生登记)
    found = index.search("luo hukou", 1)
    assert found.pinyin is not None  # read as pinyin, not translated
    assert found.hits[0].code == "LJ-GAFJ-001"


def test_pinyin_with_tone_marks_or_u_umlaut_reads_as_typed_on_a_keyboard(index: SearchIndex) -> None:
    assert index.search("jūzhùzhèng", 1).hits[0].code == "LJ-GAFJ-012"  # 居住证
    assert index.search("nǚ'ér rùxué", 1).hits[0].code in {"LJ-YJS-RX", "LJ-JYJ-001"}  # 女儿入学


def test_dialect_in_pinyin_is_read_as_the_dialect_word_and_then_the_standard_one(
    index: SearchIndex,
) -> None:
    vocabulary = Vocabulary(NAMES, (), (), spoken=["屋头"])
    assert read(vocabulary, "wutou") == ["屋头"]  # not 务 + 头
    found = index.search("meide gongzuo", 1)  # 没得: 没, so 没工作 reads as 失业
    assert found.understood == "没工作"
    assert found.hits[0].code == "LJ-RSJ-006"


def test_initials_of_a_name_said_with_a_polyphones_other_reading_find_it() -> None:
    # 曾 is read ceng alone, but a family name is said zeng: people type zjdy for 曾家大院
    vocabulary = Vocabulary([["曾家大院"], ["出生证明"]], [], ())
    assert read(vocabulary, "zjdy") == ["曾家大院"]
    assert read(vocabulary, "cjdy") == ["曾家大院"]  # the reading as written still finds it


def test_initials_read_as_written_are_never_joined_by_an_other_reading() -> None:
    # 藏书证明 said zang shu has the initials of 住宿证明: zszm stays 住宿证明 alone
    vocabulary = Vocabulary([["住宿证明"], ["藏书证明"]], [], ())
    assert vocabulary.read_pinyin("zszm") == [["住宿证明"]]
    assert vocabulary.read_pinyin("cszm") == [["藏书证明"]]
