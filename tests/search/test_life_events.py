"""Life events and plans as citizens tell them (买了房子, 老人走了, 想开个小饭馆): the words they
put inside a phrase, what a scenario may pass, and which words count as evidence. The phrasings
are general ones, none of them a query of the evaluation sets."""

from __future__ import annotations

import pytest

from luojiang.core.search.index import SearchIndex
from luojiang.core.search.lexicon import Lexicon


def codes(index: SearchIndex, query: str, n: int = 5) -> list[str]:
    return [h.code for h in index.search(query, n).hits]


@pytest.mark.parametrize(
    ("split", "whole"),
    [
        ("买了房子", "买房子"),
        ("盖个房子", "盖房子"),
        ("生了个孩子", "生孩子"),
        ("开了个公司", "开公司"),
        ("卖点烟", "卖烟"),
    ],
)
def test_a_phrase_split_by_a_filler_finds_what_the_phrase_finds(
    index: SearchIndex, split: str, whole: str
) -> None:
    assert codes(index, split) == codes(index, whole)


def test_a_phrase_that_ends_in_its_own_particle_keeps_it(index: SearchIndex) -> None:
    # 没了 (passed away) is no 没 + 钱 (没钱: short of money), though both are the thesaurus's
    assert index.search("老伴没了钱也不够用").understood == "老伴没了钱也不够用"
    # with a filler after it, the particle is a filler too: 生了个孩子 is 生孩子
    assert index.search("媳妇生了个孩子").understood == "媳妇生孩子"


@pytest.mark.parametrize("query", ["房间装修", "老家的房子"])
def test_a_word_that_ends_in_a_filler_is_not_cut_open(index: SearchIndex, query: str) -> None:
    # 房间 is no 房 + 间 (a measure word), 老家 + 房子 no 老房子 (an old house)
    assert index.search(query).understood == query


@pytest.mark.parametrize(
    ("query", "matter"), [("结婚证啥时候能领", "LJ-MZJ-001"), ("孩子出生了啥时候上户口", "LJ-GAFJ-001")]
)
def test_asking_when_is_no_question_of_everything_to_be_done(
    index: SearchIndex, query: str, matter: str
) -> None:
    # 啥 of 啥时候 (when) is not 要办啥 (what is to be done): the matter, not its life event's list
    assert codes(index, query, 1) == [matter]


def test_a_lone_character_weighs_less_than_the_word_beside_it(index: SearchIndex) -> None:
    # 买 reads as 特产店 (buying souvenirs), but 保险 says what is wanted: no shop among the first
    assert not {h.kind for h in index.search("买保险", 3).hits} & {"resource", "scenic_point"}
    # 改 reads as 变更 (of a company); 户口本 is the thing to change
    assert "LJ-GAFJ-009" in codes(index, "改户口本", 2)


@pytest.mark.parametrize("query", ["满65岁了", "七十二岁了"])
def test_an_age_under_eighty_is_old_age_but_not_yet_great_age(index: SearchIndex, query: str) -> None:
    hit = index.search(query, 1).hits[0]
    assert hit.code != "LJ-MZJ-008"  # 高龄津贴 is for great age (eighty and more)
    assert "高龄" not in hit.terms
    assert "养老" in hit.terms  # a pension, a care home: what sixty-odd years old asks about


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("店子关了", {"LJ-YJS-QYZX", "LJ-SCJGJ-004", "LJ-SCJGJ-007"}),  # closing down: 注销
        ("房子被火烧了", {"LJ-MZJ-007"}),  # a fire: 临时救助
        ("干活骨折了", {"LJ-RSJ-015"}),  # hurt at work: 工伤认定
        ("两口子闹离婚", {"LJ-MZJ-002"}),
    ],
)
def test_a_situation_in_everyday_words_finds_its_matter(
    index: SearchIndex, query: str, wanted: set[str]
) -> None:
    assert codes(index, query, 1)[0] in wanted


def test_a_phrase_inside_a_longer_word_of_the_segmenter_is_read(index: SearchIndex) -> None:
    # the segmenter knows 摔断了腿 as one word; 摔断 (an injury) is inside it, before a particle
    found = index.search("上班摔断了腿", 1)
    assert found.hits[0].code == "LJ-RSJ-015"  # 工伤认定申请
    assert "工伤" in found.hits[0].terms


def test_asking_what_a_life_event_needs_puts_its_scenario_before_matters_that_answer_no_more(
    index: SearchIndex,
) -> None:
    # 买房子 reads as 购房 (the scenarios' life event) and 商品房 (a developer's presale licence
    # too): the question asks for the list of what buying a home needs
    assert codes(index, "买了房子要办啥", 1)[0] in {"LJ-YJS-JFJZ", "LJ-YJS-ESF"}


def test_a_matter_that_answers_more_of_the_question_stays_before_the_scenario(index: SearchIndex) -> None:
    # 出生证明 is the matter 出生医学证明签发; 出生一件事 only mentions it
    assert codes(index, "出生证明要办什么手续", 2) == ["LJ-WJJ-001", "LJ-YJS-CS"]


@pytest.mark.parametrize(
    ("told", "usual"), [("房子卖了", "卖房子"), ("车卖了", "卖车"), ("户口迁了", "迁户口")]
)
def test_the_thing_named_first_finds_what_the_usual_order_finds(
    index: SearchIndex, told: str, usual: str
) -> None:
    assert codes(index, told) == codes(index, usual)


def test_a_thing_that_acts_on_something_else_is_not_turned_round(index: SearchIndex) -> None:
    # the company opens an account (开 公积金账户); it is not 开公司, opening a company
    assert index.search("公司开公积金账户").understood == "公司开公积金账户"


@pytest.mark.parametrize("query", ["身份证弄丢了", "身份证被偷了", "身份证不见了"])
def test_a_lost_identity_card_finds_its_replacement(index: SearchIndex, query: str) -> None:
    # 身份证 is a material of nearly every matter, so it weighs little; the card's own replacement
    # still comes first when the query says it was lost
    assert codes(index, query, 1) == ["LJ-GAFJ-006"]


@pytest.mark.parametrize("query", ["公司把我裁了", "一直找不到工作"])
def test_losing_or_lacking_a_job_in_everyday_words_finds_unemployment(index: SearchIndex, query: str) -> None:
    assert codes(index, query, 3)[0] in {"LJ-RSJ-006", "LJ-RSJ-007", "LJ-YJS-JY"}


def test_a_changed_personal_document_is_renewed_and_a_changed_company_registered(index: SearchIndex) -> None:
    assert codes(index, "身份证信息改了", 1) == ["LJ-GAFJ-005"]  # 居民身份证换领
    assert codes(index, "公司名字改了", 1) == ["LJ-SCJGJ-003"]  # 企业变更登记


def test_things_piled_on_the_street_need_the_road_permit(index: SearchIndex) -> None:
    assert codes(index, "建材堆在路边", 1) == ["LJ-ZHZFJ-002"]  # 临时占用城市道路审批


@pytest.mark.parametrize(
    ("query", "scenario"),
    [
        ("想回老家搞个农家院", "LJ-YJS-MS"),  # 搞 + a trade: to open it, not 办 (a word that says nothing)
        ("打算弄个小卖铺", "LJ-YJS-BLD"),
        ("把老房子改成民宿", "LJ-YJS-MS"),  # 改成 + a trade: opening it, not changing a registration
    ],
)
def test_a_doing_verb_before_a_trade_is_the_plan_to_open_it(
    index: SearchIndex, query: str, scenario: str
) -> None:
    assert codes(index, query, 1) == [scenario]


def test_a_doing_verb_after_a_trade_already_named_is_what_is_done_to_it() -> None:
    lexicon = Lexicon.bundled()
    assert "开" not in lexicon.standard("公司想搞注销")  # the company exists: it is closed
    assert "开" in lexicon.standard("想搞个小饭馆")
    assert "开" not in lexicon.standard("想搞个证明")  # no trade: 搞 stays 办


@pytest.mark.parametrize("query", ["夫妻俩过不下去了", "跟媳妇合不来了"])
def test_a_couple_who_cannot_go_on_together_find_divorce(index: SearchIndex, query: str) -> None:
    assert codes(index, query, 1) == ["LJ-MZJ-002"]


def test_a_life_that_cannot_go_on_is_still_hardship_and_a_household_split_no_divorce() -> None:
    lexicon = Lexicon.bundled()
    assert "离婚" not in lexicon.standard("家里日子过不下去了")
    assert "离婚" not in lexicon.standard("户口想分开")
    assert "离婚" not in lexicon.standard("老公走了日子过不下去")  # a couple word, but not before it


@pytest.mark.parametrize("query", ["外婆是昨天在家走的", "老丈人前天晚上走了"])
def test_an_elder_who_went_is_a_death(index: SearchIndex, query: str) -> None:
    assert codes(index, query, 5)[0] in {"LJ-YJS-SH", "LJ-WJJ-010", "LJ-GAFJ-008", "LJ-MZJ-010"}


def test_going_somewhere_or_walking_is_no_death() -> None:
    lexicon = Lexicon.bundled()
    assert "去世" not in lexicon.standard("奶奶走丢了")  # more of what was done follows
    assert "去世" not in lexicon.standard("爷爷走不动路了")
    assert "去世" not in lexicon.standard("白马关走的哪条路")  # nobody went
    assert "去世" not in lexicon.standard("我走了以后我妈咋办")  # the elder is named after


@pytest.mark.parametrize("query", ["家里添了个外孙", "我们屋头添了个孙娃儿"])
def test_a_child_come_to_the_family_is_a_birth(index: SearchIndex, query: str) -> None:
    assert "LJ-YJS-CS" in codes(index, query, 3)


def test_a_situation_told_as_happened_leads_to_its_scenario(index: SearchIndex) -> None:
    # the birth has happened: what is to be done now (出生一件事) before registering a pregnancy
    assert codes(index, "媳妇刚生了三胎", 1) == ["LJ-YJS-CS"]
    # still pregnant: the pregnancy is registered first
    assert codes(index, "我媳妇怀孕了", 1) == ["LJ-WJJ-002"]
    # a matter named outright (登记) still comes before the scenario
    assert codes(index, "老婆生了要登记", 1) == ["LJ-WJJ-002"]


def test_a_reason_to_renew_inside_a_phrase_of_other_meaning_is_no_reason(index: SearchIndex) -> None:
    # 看不见 is blindness, not 不见了 (lost): the first disability card, not a replacement
    assert codes(index, "眼睛看不见了能办残疾证吗", 1) == ["LJ-CL-001"]
    assert codes(index, "残疾证不见了", 1) == ["LJ-CL-002"]  # lost, it is replaced


@pytest.mark.parametrize("query", ["暑假带娃去日本玩", "想去新加坡旅游"])
def test_a_trip_to_a_foreign_country_needs_a_passport(index: SearchIndex, query: str) -> None:
    assert codes(index, query, 1) == ["LJ-GAFJ-014"]


def test_living_elsewhere_for_months_finds_filing_for_care_away_from_home(index: SearchIndex) -> None:
    assert codes(index, "老两口每年去南方过冬", 1) == ["LJ-YBJ-003"]


def test_having_paid_the_doctor_out_of_pocket_finds_the_refund(index: SearchIndex) -> None:
    assert "LJ-YBJ-006" in codes(index, "急诊自己垫钱了", 2)


def test_no_work_in_sichuan_words_is_unemployment(index: SearchIndex) -> None:
    assert codes(index, "找不到活路", 1)[0] in {"LJ-RSJ-006", "LJ-RSJ-007"}
    assert codes(index, "屋头没得活路干", 1)[0] in {"LJ-RSJ-006", "LJ-RSJ-007"}


def test_setting_up_a_stall_of_a_trade_is_the_plan_to_open_it() -> None:
    lexicon = Lexicon.bundled()
    assert "开" in lexicon.standard("想在街边摆个小吃摊子")  # two words, 摊子 in dialect
    assert "开" not in lexicon.standard("门口摆个桌子")  # no trade: nothing is opened


def test_naming_a_baby_is_the_start_of_registering_the_birth(index: SearchIndex) -> None:
    assert codes(index, "给孩子起好名字了", 1)[0] in {"LJ-GAFJ-001", "LJ-YJS-CS"}


def test_moving_the_households_address_is_a_household_move(index: SearchIndex) -> None:
    assert codes(index, "户口地址想迁过去", 1) == ["LJ-GAFJ-002"]


@pytest.mark.parametrize("query", ["没单位的人社保怎么买", "做点小生意 单位不给交社保"])
def test_no_employer_is_the_opposite_of_the_employers_registrations(index: SearchIndex, query: str) -> None:
    assert codes(index, query, 1) == ["LJ-RSJ-008"]
