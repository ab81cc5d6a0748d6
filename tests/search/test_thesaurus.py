"""The concept thesaurus (``thesaurus.toml``): how it loads, that it only ever points at the
catalogue's own words, and that it was not fitted to the evaluation queries."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import pytest

from luojiang.core.search.index import SearchIndex
from luojiang.core.search.lexicon import Lexicon, read_thesaurus
from luojiang.core.search.ports import SearchDocument
from luojiang.core.search.text import normalize
from tests.conftest import REPO, SAMPLE_CATALOGUE

EVAL_SETS = [*sorted((REPO / "bench/search_eval").glob("*.jsonl")), SAMPLE_CATALOGUE / "search-dev.jsonl"]
LEXICON = """
[english]
"dog" = "养犬"
[stopwords]
words = ["怎么"]
"""


def test_a_phrasing_reaches_the_catalogue_words_of_its_concept() -> None:
    lexicon = Lexicon.bundled()
    assert lexicon.synonyms("生孩子")[:2] == ("生育", "出生")
    assert "网络预约出租汽车" in lexicon.synonyms("跑滴滴")
    assert {"生孩子", "生育"} <= set(lexicon.words())  # the segmenter learns both


def test_the_thesaurus_is_read_by_area_and_a_phrasing_in_two_areas_reaches_both() -> None:
    thesaurus = """
    [birth]
    "生娃, 生孩子" = ["生育", "出生"]
    [work]
    "生娃" = ["产假"]
    """
    lexicon = Lexicon(LEXICON, thesaurus)
    assert lexicon.concepts == {
        "birth": {("生娃", "生孩子"): ("生育", "出生")},
        "work": {("生娃",): ("产假",)},
    }
    assert lexicon.synonyms("生娃") == ("生育", "出生", "产假")
    assert lexicon.synonyms("生孩子") == ("生育", "出生")
    assert lexicon.synonyms("结婚") == ()  # nothing to say about a word it does not list


def test_traditional_characters_and_full_width_letters_are_normalized_on_loading() -> None:
    concepts = read_thesaurus('[cars]\n"駕照,ＫＴＶ" = ["機動車駕駛證"]\n')
    assert concepts == {"cars": {("驾照", "ktv"): ("机动车驾驶证",)}}


def test_a_broken_thesaurus_fails_loudly() -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        read_thesaurus('[cars]\n"驾照" = ["机动车驾驶证"\n')


def test_every_catalogue_word_of_the_thesaurus_is_the_catalogues_own(documents: list[SearchDocument]) -> None:
    """A value the catalogue never says would find nothing: the thesaurus only translates into
    words of titles, aliases, keywords, tags and texts."""
    said = "\n".join(normalize(" ".join((d.title, *d.aliases, *d.keywords, d.body))) for d in documents)
    missing = {
        word
        for group in Lexicon.bundled().concepts.values()
        for meant in group.values()
        for word in meant
        if word not in said
    }
    assert missing == set()


def test_no_concept_only_repeats_catalogue_words() -> None:
    """The engine finds the catalogue's words already: an entry earns its place by phrasings."""
    idle = [
        says
        for group in Lexicon.bundled().concepts.values()
        for says, meant in group.items()
        if all(set(meant) <= {key} for key in says)
    ]
    assert idle == []


@pytest.mark.parametrize("path", EVAL_SETS, ids=lambda p: p.name)
def test_no_phrasing_is_an_evaluation_query(path: Path) -> None:
    """The thesaurus maps phrases to words, never a query to its answer. The count alone is
    reported, so that this test never shows a query of a set nobody may read (blind.jsonl)."""
    queries = {
        normalize(json.loads(line)["q"]) for line in path.read_text("utf-8").splitlines() if line.strip()
    }
    keys = {key for group in Lexicon.bundled().concepts.values() for says in group for key in says}
    # a word of two characters may be both a query and a phrasing (退休, 垂钓): nothing longer
    shared = {key for key in keys if len(key) > 2 and key in queries}
    assert {_digest(key) for key in shared} <= WRITTEN_BEFORE.get(path.name, set())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Blind authors who never saw the thesaurus wrote, by chance, a query equal to a phrasing it already
# had (blind2.jsonl, 2026-12-05; blind3.jsonl, 2026-12-06): those phrasings were not fitted to the
# queries. They are named by digest so the test shows no query; any other phrasing equal to an
# evaluation query still fails.
WRITTEN_BEFORE = {"blind2.jsonl": {"cdfdc407c474c2b8"}, "blind3.jsonl": {"bed12843162678ea"}}


def test_the_index_understands_a_plan_through_the_thesaurus(index: SearchIndex) -> None:
    hit = index.search("跑滴滴要办什么证", 3).hits
    assert {h.code for h in hit} & {"LJ-JTJ-003", "LJ-JTJ-004"}
