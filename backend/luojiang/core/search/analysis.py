"""What a query asks for: its words, and for each word the catalogue terms that may stand for it.

One *concept* per word the user typed (stopwords dropped). A concept's terms are alternatives:
the word itself, its parts, the catalogue's words for an everyday word (synonyms), the terms an
unknown word abbreviates, and, when the letters were pinyin or a stretch was a typo, the words
read or corrected. Each term remembers how it was reached, so a hit can say why it matched.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from luojiang.core.search.english import english_words
from luojiang.core.search.lexicon import EnglishPhrases, Lexicon, translated
from luojiang.core.search.ports import VISITORS
from luojiang.core.search.text import (
    cover,
    cut_words,
    folded,
    has_han,
    is_latin,
    normalize,
    syllables,
    toneless,
)
from luojiang.core.search.vocabulary import Correction, Vocabulary

SYNONYM_WEIGHT = 0.8
ABBREVIATION_WEIGHT = 0.8
PARTS_WEIGHT = 0.6  # a word's dictionary parts, when the document cut it differently
ALTERNATIVE_WEIGHT = 0.9  # a second or third reading of ambiguous initials
MAX_READINGS = 3
# characters beside letters typed inside a word that are looked at for the word (开饭guan: 饭馆)
MAX_WORD_AROUND = 3
MAX_HIDDEN = 8  # the longest catalogue word looked for across the edge of a thesaurus word
PERSON_WEIGHT = 0.5
# a lone character is weak evidence for whatever it reads as (买: 特产店, 改: 变更, 交: 缴纳): the
# words of several characters beside it say more of what is wanted
LONE_EVIDENCE = 0.6
# an age says what the thesaurus's words for it say: eighty or more (八十多岁, 85) is 老人 (高龄,
# the old age of 高龄津贴); sixty to seventy-nine (六十五, 72) is 年纪大 (老年人, 养老), not yet 高龄
_AGES = (
    (re.compile(r"^(?:[八九]十[一二三四五六七八九]?|[89]\d)多?岁?$"), "老人"),
    (re.compile(r"^(?:[六七]十[一二三四五六七八九]?|[67]\d)多?岁?$"), "年纪大"),
)
_LETTERS = re.compile(r"[a-z]+")
_LATIN_WORDS = re.compile(r"[a-z]+(?:[ '][a-z]+)*")  # before spaces are taken out: id card


class Via(StrEnum):
    """How a term was reached from what was typed (None: typed as it is)."""

    PINYIN = "pinyin"
    CORRECTED = "corrected"
    SYNONYM = "synonym"
    ABBREVIATION = "abbreviation"


@dataclass(frozen=True)
class Term:
    text: str
    tokens: tuple[str, ...]  # what the index is asked for; all of them make a full match
    weight: float
    via: Via | None = None
    # how the word the term stands for was reached itself: a typo corrected (低宝 -> 低保) that the
    # thesaurus then reads (最低生活保障) is both, and the hit must say it was corrected
    word_via: Via | None = None
    parts_of: str = ""  # a word asked for by its parts: only where the word itself is not


@dataclass(frozen=True)
class Concept:
    typed: str
    terms: tuple[Term, ...]
    weight: float = 1.0  # a word for a person (孩子, 奶奶) says who, seldom what: it counts less


@dataclass(frozen=True)
class Reading:
    """One way of understanding the query; ambiguous initials give up to three."""

    text: str  # normalized, corrected, read from pinyin
    core: str  # the text without stopwords: compared with whole titles and aliases
    concepts: tuple[Concept, ...]
    # how sure the reading is: a second or third reading of initials is a share of its relevance
    # (a weight on its terms would cancel out, since relevance is a share of the reading's ideal)
    weight: float = 1.0
    # whom the reading says the query is for besides its words (an English sentence: visitors)
    audience: frozenset[str] = frozenset()


@dataclass(frozen=True)
class AnalysedQuery:
    readings: tuple[Reading, ...]
    corrected: str | None  # the query as corrected, when a typo was found: "您可能想找"
    pinyin: str | None  # the letters typed, when they were read as pinyin
    corrections: tuple[Correction, ...] = ()
    agenda: bool = False  # asks for everything to be done (要办哪些): a scenario's question

    @property
    def text(self) -> str:
        return self.readings[0].text if self.readings else ""


class Analyser:
    def __init__(
        self, vocabulary: Vocabulary, lexicon: Lexicon, english: Collection[str] = frozenset()
    ) -> None:
        """``english``: the English words of the documents (see ``english``)."""
        self._vocabulary = vocabulary
        self._lexicon = lexicon
        self._english = english

    def analyse(self, raw: str) -> AnalysedQuery:
        raw = toneless(raw)
        if is_latin(raw):
            latin = folded(raw)
            # one grouping of the words serves every reading of them below
            phrases = self._lexicon.english_phrases(latin)
            if self._is_english(phrases):
                return self._english_reading(phrases)
            english = translated(phrases)
            if english is not None and not self._leaves_pinyin(phrases):
                return self._chinese(normalize(english))
            return self._pinyin(latin)
        return self._chinese(normalize(_LATIN_WORDS.sub(self._english_words, folded(raw))))

    def _english_words(self, run: re.Match[str]) -> str:
        """English among characters (hotel 白马关, id card 补办) in the lexicon's Chinese, when the
        lexicon knows all of it; other letters are left to be read as pinyin (户口zhuxiao)."""
        phrases = self._lexicon.english_phrases(run.group())
        if phrases and all(chinese for _, chinese in phrases):
            return "".join(chinese for _, chinese in phrases if chinese)
        return run.group()

    def _is_english(self, phrases: EnglishPhrases) -> bool:
        """English words the documents use (pang tong shrine, jujube picking), not pinyin (pang
        tong) and not a phrase the lexicon translates in full (id card: the Chinese path reads it
        best) unless only visitors say one of its words (where to eat): at least half of the words,
        counting the lexicon's phrases, are known."""
        if all(chinese is not None for _, chinese in phrases):
            return any(self._lexicon.only_visitors_say(said) for said, _ in phrases)
        if all(self._vocabulary.is_pinyin(w) for said, _ in phrases for w in said.split()):
            return False
        known = [said for said, chinese in phrases if chinese or self._in_english(said)]
        return 2 * len(known) >= len(phrases)

    def _leaves_pinyin(self, phrases: EnglishPhrases) -> bool:
        """Does the lexicon leave pinyin untranslated (shang hukou: hukou is also an English
        word)? Then the query is pinyin, and translating would drop the rest."""
        return any(chinese is None and self._vocabulary.is_pinyin(said) for said, chinese in phrases)

    def _in_english(self, said: str) -> bool:
        words = english_words(said, self._lexicon.english_stopwords)
        return bool(words) and all(w in self._english for w in words)

    def _english_reading(self, phrases: EnglishPhrases) -> AnalysedQuery:
        """One concept per word or translated phrase: its English words as the documents have
        them, the lexicon's Chinese for it (fishing: 垂钓, said by the ledger's tags), and the
        catalogue term a word is the pinyin of."""
        concepts = []
        for said, chinese in phrases:
            words = tuple(english_words(said, self._lexicon.english_stopwords))
            terms = [Term(said, words, 1.0)] if words else []
            if chinese:
                terms.append(Term(chinese, _tokens(chinese), SYNONYM_WEIGHT, Via.SYNONYM))
            # a Chinese name is written in English as its pinyin (Luojiang, Baimaguan Pass)
            read = None if chinese else self._vocabulary.term_read(said)
            if read:
                terms.append(Term(read, _tokens(read), ALTERNATIVE_WEIGHT, Via.PINYIN))
            if terms:
                concepts.append(Concept(said, tuple(terms)))
        text = " ".join(c.typed for c in concepts)
        reading = Reading(text, text, tuple(concepts), audience=frozenset({VISITORS}))
        return AnalysedQuery((reading,) if concepts else (), None, None)

    def _chinese(self, typed: str) -> AnalysedQuery:
        mixed = _LETTERS.sub(self._letters, typed)
        text = self._lexicon.standard(mixed)
        corrections = tuple(self._vocabulary.corrections(text))
        corrected = _apply(text, corrections)
        reading = self._reading(corrected, corrections)
        readings = (reading,) if reading.concepts else ()
        return AnalysedQuery(
            readings,
            corrected if corrections else None,
            typed if mixed != typed else None,
            corrections,
            agenda=self._lexicon.asks_agenda(typed),
        )

    def _letters(self, run: re.Match[str]) -> str:
        """Pinyin among characters (户口zhuxiao) read into the catalogue's words, unless the
        letters are a word of their own (ktv)."""
        letters = run.group()
        if letters in self._vocabulary.df or self._lexicon.synonyms(letters):
            return letters
        in_word = self._in_word(run)
        if in_word is not None:
            return in_word
        return "".join(group[0] for group in self._vocabulary.read_pinyin(letters)) or letters

    def _in_word(self, run: re.Match[str]) -> str | None:
        """Letters typed for a character the keyboard did not offer in the middle of a word
        (开饭guan: 饭馆, not 关; wei生: 卫生): the characters that make a term with the ones
        typed beside them, the longest such term first."""
        letters, text = run.group(), run.string
        for size in range(MAX_WORD_AROUND, 0, -1):
            before = text[max(0, run.start() - size) : run.start()]
            if len(before) == size and all(map(has_han, before)):
                term = self._vocabulary.term_read("".join(syllables(before)) + letters)
                if term is not None and term.startswith(before) and len(term) > size:
                    return term[size:]
            after = text[run.end() : run.end() + size]
            if len(after) == size and all(map(has_han, after)):
                term = self._vocabulary.term_read(letters + "".join(syllables(after)))
                if term is not None and term.endswith(after) and len(term) > size:
                    return term[:-size]
        return None

    def _pinyin(self, raw: str) -> AnalysedQuery:
        groups = self._vocabulary.read_pinyin(raw)
        texts = ["".join(g[0] for g in groups)]
        for i, group in enumerate(groups):
            for alternative in group[1:]:
                if len(texts) < MAX_READINGS:
                    texts.append("".join(alternative if j == i else g[0] for j, g in enumerate(groups)))
        # dialect read from pinyin is put in standard words, as if typed (wutou: 屋头, 家里)
        texts = [self._lexicon.standard(t) for t in texts]
        readings = [
            self._reading(t, (), Via.PINYIN, ALTERNATIVE_WEIGHT if n else 1.0) for n, t in enumerate(texts)
        ]
        return AnalysedQuery(tuple(r for r in readings if r.concepts), None, normalize(raw))

    def _reading(
        self, text: str, corrections: tuple[Correction, ...], via: Via | None = None, weight: float = 1.0
    ) -> Reading:
        concepts: list[Concept] = []
        seen: set[str] = set()
        position = 0
        for word in self._words(text):
            start, position = position, position + len(word)
            # a word typed again says nothing new, and each copy would be ranked again
            if word in self._lexicon.stopwords or not word.strip() or word in seen:
                continue
            seen.add(word)
            fixed = any(c.start < position and start < c.end for c in corrections)
            concepts.append(self._concept(word, via or (Via.CORRECTED if fixed else None)))
        core = "".join(c.typed for c in concepts)
        return Reading(text, core, tuple(concepts), weight)

    def _words(self, text: str) -> list[str]:
        """The query's words; a word the catalogue does not use is split into its parts when one
        of them is the catalogue's or the dictionary's (吃鱼 -> 吃 + 鱼) or says nothing (想开 ->
        想 + 开: a plan is not the word 想开 "get over it"), never otherwise (年纪); a word that is a
        thesaurus phrase and a particle and more (摔断了腿) is cut after the phrase."""
        out: list[str] = []
        for word in self._cut(text):
            parts = cover(word) if has_han(word) else ()
            opened = self._lexicon.opened(word)
            if len(opened) > 1:
                out += opened
            elif len(parts) > 1 and not self._telling(word) and any(map(self._telling, parts)):
                out += parts
            else:
                out.append(word)
        return self._joined_characters(out)

    def _cut(self, text: str) -> tuple[str, ...]:
        """The segmenter's cut, unless a word of the everyday dictionary hides a catalogue word
        across its edge (卖烟 | 花 hides 烟花): then the cut that keeps that word whole, when it
        leaves more of the query in words the engine knows (卖 | 烟花), or as much in a longer word
        (卖 | 烟花炮 beside 卖烟 | 花炮)."""
        words = cut_words(text)
        if not any(len(w) > 1 and self._lexicon.synonyms(w) for w in words):
            return words
        best, most = words, self._in_catalogue(words)
        for start, end in self._hidden(text, words):
            cut = (*cut_words(text[:start]), text[start:end], *cut_words(text[end:]))
            if self._in_catalogue(cut) > most:
                best, most = cut, self._in_catalogue(cut)
        return best

    def _hidden(self, text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """Catalogue or thesaurus words of the query that cross the edge of one of the thesaurus's
        words: they start inside it and end past it, or start before it and end inside it."""
        keys: list[tuple[int, int]] = []
        at = 0
        for word in words:
            if len(word) > 1 and self._lexicon.synonyms(word):
                keys.append((at, at + len(word)))
            at += len(word)
        return [
            (start, end)
            for start in range(len(text))
            for end in range(start + 2, min(len(text), start + MAX_HIDDEN) + 1)
            if any(k_start < start < k_end < end or start < k_start < end < k_end for k_start, k_end in keys)
            and self._meaningful(text[start:end])
        ]

    def _in_catalogue(self, words: tuple[str, ...]) -> tuple[int, int]:
        """How many characters of the query are in words the engine knows (the catalogue's names'
        words, and the everyday words the thesaurus reads: 卖), and the longest of those words."""
        known = [
            len(w)
            for w in words
            if (len(w) > 1 and self._vocabulary.df.get(w, 0) > 0) or self._lexicon.synonyms(w)
        ]
        return sum(known), max(known, default=0)

    def _joined_characters(self, words: list[str]) -> list[str]:
        """Lone characters next to each other that mean nothing alone are one word (a name, 张三;
        a term the segmenter cut up, 慢特病), found by its characters together."""
        out: list[str] = []
        glued = False  # is out[-1] made of lone characters?
        for word in words:
            lone = len(word) == 1 and has_han(word) and not self._ordinary(word)
            # a word of the dictionary (重新) is whole: its neighbour (修) is a word of its own
            if lone and out and (glued or len(out[-1]) == 1) and self._joinable(out[-1]):
                out[-1] += word
            else:
                out.append(word)
            glued = lone
        return out

    def _telling(self, part: str) -> bool:
        return self._meaningful(part) or part in self._lexicon.stopwords

    def _joinable(self, word: str) -> bool:
        return (
            word not in self._lexicon.stopwords  # 准备 + 开 is a plan and a verb, not a name
            and all(has_han(c) and not self._ordinary(c) for c in word)
            and (len(word) > 1 or not self._meaningful(word))
            and self._vocabulary.df.get(word) is None
        )

    def _ordinary(self, char: str) -> bool:
        return char in self._lexicon.stopwords or bool(self._lexicon.synonyms(char))

    def _meaningful(self, word: str) -> bool:
        return self._vocabulary.df.get(word, 0) > 0 or bool(self._lexicon.synonyms(word))

    def _concept(self, word: str, via: Via | None) -> Concept:
        person = PERSON_WEIGHT if word in self._lexicon.people else 1.0
        weight = person
        if len(word) == 1 and has_han(word):
            weight *= LONE_EVIDENCE
        synonyms = self._lexicon.synonyms(_age_word(word))
        # a lone character the thesaurus reads (老: old age) means that first, a piece of a
        # name (老街) second
        own = PARTS_WEIGHT if synonyms and len(word) == 1 else 1.0
        terms = [Term(word, (word,), weight * own, via)]
        parts = cover(word) if has_han(word) else ()  # a number or a Latin word has no parts
        if len(parts) > 1:
            terms.append(Term(word, parts, weight * PARTS_WEIGHT, via, parts_of=word))
        terms += [Term(s, _tokens(s), weight * SYNONYM_WEIGHT, Via.SYNONYM, via) for s in synonyms]
        if not synonyms:
            expanded = self._vocabulary.expansions(word)
            terms += [
                Term(e, _tokens(e), weight * ABBREVIATION_WEIGHT, Via.ABBREVIATION, via) for e in expanded
            ]
        return Concept(word, tuple(terms), person)


def _age_word(word: str) -> str:
    """The thesaurus's word for an age (八十五: 老人), else the word itself."""
    return next((said for age, said in _AGES if age.match(word)), word)


def _tokens(text: str) -> tuple[str, ...]:
    return cut_words(text) or (text,)


def _apply(text: str, corrections: tuple[Correction, ...]) -> str:
    out, at = [], 0
    for c in corrections:
        out += [text[at : c.start], c.meant]
        at = c.end
    return "".join(out) + text[at:]
