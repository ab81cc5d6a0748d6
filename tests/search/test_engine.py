"""The engine on the sample catalogue: names, everyday questions, typos, pinyin, tourism, and why
each hit matched. Queries here are the issue's own examples and the engine's edge cases; the
quality figures come from the benchmark's evaluation set (bench/search_eval), not from here."""

from __future__ import annotations

from collections import Counter

import pytest

from luojiang.core.search.index import SearchIndex
from luojiang.core.search.ports import SearchDocument
from luojiang.core.search.results import Reason, Span
from luojiang.core.search.text import initials, normalize


def first(index: SearchIndex, query: str, n: int = 1) -> list[str]:
    return [h.code for h in index.search(query, n).hits]


def test_every_name_in_the_catalogue_finds_its_own_document_first(
    index: SearchIndex, documents: list[SearchDocument]
) -> None:
    wrong = [(d.code, d.title, first(index, d.title)) for d in documents if first(index, d.title) != [d.code]]
    assert wrong == []


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("孩子上学要办什么", {"LJ-YJS-RX", "LJ-JYJ-001", "LJ-JYJ-002"}),
        ("想开个小饭馆", {"LJ-YJS-CY"}),
        ("老人走了要办哪些事", {"LJ-YJS-SH"}),
        ("生病住院单位报多少", {"LJ-YBJ-006"}),
        ("准备在老家盖房子", {"LJ-NYNCJ-005", "LJ-ZRZYJ-004"}),
    ],
)
def test_life_events_and_plans_reach_the_matter_or_scenario(
    index: SearchIndex, query: str, wanted: set[str]
) -> None:
    assert first(index, query)[0] in wanted


def test_a_scenario_vouches_for_its_matters_but_stays_ahead(index: SearchIndex) -> None:
    found = first(index, "开饭馆", 4)
    assert found[0] == "LJ-YJS-CY"
    assert "LJ-SCJGJ-008" in found  # a restaurant needs the food licence: the scenario says so


@pytest.mark.parametrize(
    ("query", "meant", "wanted"),
    [
        ("户口薄补领", "户口簿补领", "LJ-GAFJ-009"),  # similar shape, last but one character
        ("营业执找", "营业执照", "LJ-SCJGJ-014"),  # homophone, last character
        ("结昏登记", "结婚登记", "LJ-MZJ-001"),  # homophone, second character
        ("养大登记", "养犬登记", "LJ-ZHZFJ-004"),  # similar shape, second character
        ("庞统词", "庞统祠", "LJ-JQ-BMG-P05"),
    ],
)
def test_typos_in_any_position_are_corrected_and_said(
    index: SearchIndex, query: str, meant: str, wanted: str
) -> None:
    found = index.search(query, 3)
    assert found.corrected == meant
    assert found.hits[0].code == wanted
    assert Reason.CORRECTED in found.hits[0].reasons


@pytest.mark.parametrize(
    "query",
    # 居民身证补领: a character is missing, but 补领 is the catalogue's word as typed (no 申领)
    [
        "结婚登记",
        "家里有人残疾了",
        "小微企业用电报装",
        "残疾人证新办",
        "身份证丢了",
        "我妈刚退休了",
        "居民身证补领",
    ],
)
def test_the_catalogues_own_words_are_never_taken_for_typos(index: SearchIndex, query: str) -> None:
    assert index.search(query, 3).corrected is None


def test_a_homophone_of_an_everyday_word_of_the_thesaurus_is_corrected_into_it(index: SearchIndex) -> None:
    found = index.search("低宝咋个申请", 3)  # 低保: the thesaurus's word for 最低生活保障
    assert found.corrected == "低保咋个申请"
    assert found.hits[0].code == "LJ-MZJ-005"
    # the hit says the query was corrected (您可能想找), though the thesaurus read the correction
    assert {Reason.CORRECTED, Reason.SYNONYM} <= set(found.hits[0].reasons)


def test_a_synonym_of_pinyin_says_the_letters_were_read_as_pinyin(index: SearchIndex) -> None:
    assert {Reason.PINYIN, Reason.SYNONYM} <= set(index.search("dibao", 3).hits[0].reasons)


def test_a_word_missing_a_character_keeps_the_catalogue_word_typed_beside_it(index: SearchIndex) -> None:
    assert first(index, "居民身证换领") == ["LJ-GAFJ-005"]


def test_the_initials_of_every_name_find_it_first_unless_another_name_has_the_same(
    index: SearchIndex, documents: list[SearchDocument]
) -> None:
    said = Counter(initials(normalize(d.title)) for d in documents)
    wrong = [
        (d.code, d.title)
        for d in documents
        if said[initials(normalize(d.title))] == 1 and first(index, initials(normalize(d.title))) != [d.code]
    ]
    assert wrong == []


def test_initials_are_read_through_the_thesaurus(index: SearchIndex) -> None:
    found = index.search("gszx", 3)  # 公司注销: 公司 is 企业 to the thesaurus
    assert found.understood == "公司注销"
    assert found.hits[0].code in {"LJ-SCJGJ-004", "LJ-YJS-QYZX", "LJ-SCJGJ-005"}  # not 个体工商户 (工商注销)


def test_what_only_a_second_reading_of_initials_finds_comes_after_the_first_readings(
    index: SearchIndex,
) -> None:
    # ylbx is 养老保险 first (the commoner term), 医疗保险 second: its matters follow, never mixed in
    titles = [h.title for h in index.search("ylbx", 8).hits]
    pension = [i for i, t in enumerate(titles) if "养老保险" in t]
    medical = [i for i, t in enumerate(titles) if "医疗保险" in t]
    assert pension  # both readings are shown, so the order below means something
    assert medical
    assert max(pension) < min(medical)


def test_pinyin_of_whole_phrases_and_initials_with_or_without_spaces(index: SearchIndex) -> None:
    spaced, joined = index.search("gongjijin tiqu", 5), index.search("gongjijintiqu", 5)
    assert [h.code for h in spaced.hits] == [h.code for h in joined.hits]
    assert spaced.understood == "公积金提取"
    assert spaced.pinyin == "gongjijintiqu"
    assert spaced.hits[0].code in {"LJ-GJJ-001", "LJ-GJJ-002", "LJ-GJJ-003"}
    assert Reason.PINYIN in spaced.hits[0].reasons
    assert first(index, "jhdj") == ["LJ-MZJ-001"]
    insurance = first(index, "ylbx", 10)  # both 养老保险 and 医疗保险 have these initials
    assert any(c.startswith("LJ-RSJ") for c in insurance)
    assert any(c.startswith("LJ-YBJ") for c in insurance)
    assert first(index, "sfz")[0] in {"LJ-GAFJ-004", "LJ-GAFJ-005", "LJ-GAFJ-006", "LJ-GAFJ-007"}


def test_letters_that_read_as_nothing_find_nothing_and_get_help(index: SearchIndex) -> None:
    found = index.search("qqqqxxxx", 5)
    assert found.hits == []
    assert found.help is not None
    assert (found.help.hall, found.help.phone) == ("罗江区政务服务中心", "0838-3231000")
    assert len(found.help.scenarios) == 3
    assert {s.kind for s in found.help.scenarios} == {"scenario"}


def test_the_ledger_of_tourism_resources_and_its_tags_are_searchable(index: SearchIndex) -> None:
    assert first(index, "垂钓", 2) == ["LJ-RES-039", "LJ-RES-031"]  # the two tagged 垂钓
    farms = first(index, "农家乐", 10)
    assert sum(c.startswith("LJ-RES-") for c in farms) >= 5
    assert first(index, "采摘", 3)[0] in {"LJ-JQ-GFZ-P02", "LJ-JQ-MYTY-P03", "LJ-RES-033"}


def test_a_place_is_found_by_the_nickname_its_text_gives(index: SearchIndex) -> None:
    found = index.search("船城", 3).hits  # 罗江古城: 旧称“船城”
    assert "LJ-JQ-LJGC" in [h.code for h in found]
    area = next(h for h in found if h.code == "LJ-JQ-LJGC")
    assert Reason.ALIAS in area.reasons


def test_a_hit_says_where_in_its_title_it_matched(index: SearchIndex) -> None:
    hit = index.search("營業執照", 1).hits[0]  # traditional characters
    assert (hit.code, hit.title, hit.spans) == ("LJ-SCJGJ-014", "营业执照补领、换发", (Span(0, 4),))
    assert hit.highlight == "<em>营业执照</em>补领、换发"
    assert hit.reasons[0] is Reason.TITLE


def test_an_everyday_word_says_it_was_taken_for_the_catalogues(index: SearchIndex) -> None:
    hit = index.search("身份证掉了", 1).hits[0]
    assert hit.code == "LJ-GAFJ-006"
    assert Reason.SYNONYM in hit.reasons
    assert set(hit.terms) >= {"身份证", "补领"}


def test_a_name_or_number_typed_with_a_query_does_not_drown_it(index: SearchIndex) -> None:
    found = first(index, "身份证 13912345678 张三", 3)
    assert set(found) <= {"LJ-GAFJ-004", "LJ-GAFJ-005", "LJ-GAFJ-006", "LJ-GAFJ-007"}


def test_kinds_filter_and_bigger_halls_first(index: SearchIndex) -> None:
    found = [h.code for h in index.search("白马关", 5, {"hall"}).hits]
    assert found[0] == "LJ-HALL-BMG"
    assert all(code.startswith("LJ-HALL") for code in found)


def test_a_plan_is_read_as_its_verb_and_object_not_as_a_word_of_feeling(index: SearchIndex) -> None:
    hit = index.search("准备开个超市", 1).hits[0]  # 准备 + 开 is no name; 想开 is "get over it"
    assert hit.code == "LJ-YJS-BLD"
    assert "开" in hit.terms
    assert not {"准备开", "想开"} & set(index.search("想开个超市", 1).hits[0].terms)


def test_asking_what_a_life_event_needs_finds_its_scenario_and_says_so(index: SearchIndex) -> None:
    found = index.search("孩子出生了要办哪些证", 5).hits
    assert found[0].code == "LJ-YJS-CS"
    assert Reason.SCENARIO in found[0].reasons
    assert "些证" not in found[0].terms  # 哪些 is one word of the question, never split
    bundled = next(h for h in index.search("开饭馆", 5).hits if h.code == "LJ-SCJGJ-008")
    assert Reason.SCENARIO in bundled.reasons  # there because 开办餐饮店一件事 lists it


def test_a_life_event_beside_a_named_matter_leaves_the_matter_first(index: SearchIndex) -> None:
    assert first(index, "老人走了开死亡证明")[0] == "LJ-WJJ-010"


def test_a_title_the_query_covers_most_of_comes_first(index: SearchIndex) -> None:
    # 出生医学证明签发 is nearly all matched words; 残疾儿童康复救助 only has 儿童 (for 孩子)
    assert first(index, "孩子的出生证明在哪开") == ["LJ-WJJ-001"]


@pytest.mark.parametrize("query", ["我爸八十五了有什么补助", "奶奶85岁了"])
def test_an_old_age_in_words_or_digits_reads_as_elderly(index: SearchIndex, query: str) -> None:
    hit = index.search(query, 1).hits[0]
    assert hit.code == "LJ-MZJ-008"  # 高龄津贴申领
    assert "高龄" in hit.terms


def test_a_scenario_question_tells_when_the_matter_it_adds_is_needed(index: SearchIndex) -> None:
    # 退休一件事 asks 是否有在外省参保的经历需要转移合并？ and the answer 是 adds the transfer
    assert first(index, "有在外省参保的经历") == ["LJ-RSJ-012"]


def test_a_word_for_a_person_says_who_not_what(index: SearchIndex) -> None:
    # 孩子 reaches 儿童 in 残疾儿童康复救助's title, but the query is about a birth
    assert first(index, "孩子出生") == ["LJ-YJS-CS"]


def test_a_word_for_a_person_does_not_narrow_what_else_is_found(index: SearchIndex) -> None:
    # 身份证 is in most matters' materials, so it is looked up only where rarer words matched;
    # 孩子 must not be such a word, or 居民身份证申领, which says nothing of children, is lost
    found = first(index, "孩子要办身份证", 5)
    assert {"LJ-GAFJ-004", "LJ-GAFJ-005", "LJ-GAFJ-006"} & set(found)


def test_a_part_of_a_departments_name_is_no_topic_and_no_typo_target(index: SearchIndex) -> None:
    # 罗江供电公司 serves 居民用电更名过户: its 公司 says who serves it, not what the matter is
    found = index.search("个体户转成公司", 3)
    assert found.corrected is None  # 成公司 is no typo of 分公司 (国网…罗江区供电分公司)
    assert all(h.code.startswith("LJ-SCJGJ") for h in found.hits)
    by_department = index.search("区医保局", 3).hits  # a department still finds what it serves
    assert by_department
    assert all(h.code.startswith("LJ-YBJ") for h in by_department)
    assert Reason.KEYWORD in by_department[0].reasons


def test_a_rare_word_for_a_person_never_outweighs_the_thing_asked_for(index: SearchIndex) -> None:
    # 孩子 is rarer than 身份证 (in most matters' materials), and 儿童 names 残疾儿童康复救助
    assert first(index, "孩子要办身份证")[0] in {"LJ-GAFJ-004", "LJ-GAFJ-005", "LJ-GAFJ-006", "LJ-GAFJ-007"}
    assert first(index, "孩子是残疾需要康复") == ["LJ-CL-004"]  # a child is still who it is for


def test_a_query_naming_whom_it_is_for_puts_what_serves_others_behind(index: SearchIndex) -> None:
    # 公司 reads as 企业, the catalogue's word for the enterprise audience: a household's move serves
    # people, a company's name (罗江古蜀道旅游服务有限公司) is no service at all
    assert first(index, "公司搬家") == ["LJ-SCJGJ-003"]
    assert first(index, "公司换法人") == ["LJ-SCJGJ-003"]
    # naming nobody changes nothing: a move is a household's
    assert first(index, "搬家了")[0] in {"LJ-GAFJ-002", "LJ-GAFJ-003"}


def test_a_thesaurus_phrase_the_dictionary_seldom_saw_is_cut_whole(index: SearchIndex) -> None:
    # the shipped dictionary knows 没了 but prefers 没 + 了; taught, it meets the thesaurus's 没了
    found = index.search("爷爷没了要办啥", 1).hits[0]
    assert found.code == "LJ-YJS-SH"
    assert Reason.SYNONYM in found.reasons
