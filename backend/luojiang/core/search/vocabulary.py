"""The catalogue's own terms, and what a query's unknown words may have meant by them.

Terms are runs of one to four words of every title, alias and keyword (so 医疗保险, 户口迁移 and
慢特病 are terms even where the segmenter cuts them in pieces), each with the number of documents
that use it (built in ``terms``). From them:

- typos: a stretch of the query that no dictionary knows but that sounds like a term (结昏 ->
  结婚), or that is a term with one character changed (户口薄 -> 户口簿, three characters or more);
- abbreviations: 社保卡 has the characters of 社会保障卡 in order, starting with its first;
- pinyin: letters read back into terms by their full pinyin (gongjijin) or their initials (gjj).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from luojiang.core.search.pinyin import PinyinReader
from luojiang.core.search.terms import (
    ALTERNATIVES,
    MAX_TERM_CHARS,
    WILDCARD,
    best_by,
    ranked_by,
    shapes,
    terms_of,
)
from luojiang.core.search.text import (
    cut_words,
    is_general_word,
    is_word,
    other_readings,
    part_of_speech,
    sounds,
    sounds_of,
    syllables,
)

COMMON_WORD = 50  # uses in the segmenter's corpus
MAX_SPLITS = 50  # ways of cutting initials into terms' initials tried
# cuts tried in all: letters that repeat a piece (jdcjszjdcjsz) are only cut at dead ends the
# search cannot foresee; the initials of every title of the sample take at most 150
MAX_SPLIT_STEPS = 1000
# a lone word of these parts of speech is how people talk (刚, 都, 我, 在, 的), never a misspelt
# character of a name: adverbs, pronouns, prepositions, conjunctions, particles
FUNCTION_TAGS = frozenset({"d", "r", "p", "c", "u", "ud", "ug", "uj", "ul", "uv", "uz", "y"})
_TOKENS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Correction:
    start: int
    end: int
    typed: str
    meant: str


class Vocabulary:
    def __init__(
        self,
        documents: Iterable[Iterable[str]],
        extra: Iterable[str],
        known: Iterable[str],
        stopwords: Iterable[str] = (),
        spoken: Iterable[str] = (),
        meanings: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """``documents``: the short texts (title, aliases, keywords) of each document, as written;
        ``extra``:
        terms no document uses but people do (the everyday dictionary's words); ``known``: words
        of the long texts, never taken for typos; ``stopwords``: never typos either; ``spoken``: dialect
        words, read from pinyin like the stopwords (wutou: 屋头); ``meanings``: the
        catalogue's words for an everyday word (the thesaurus), which initials are read through."""
        self.df: dict[str, int] = {}
        read: dict[str, tuple[str, ...]] = {}  # each term's syllables
        self._holders: dict[str, list[int]] = {}  # the documents whose names use each term
        for number, texts in enumerate(documents):
            terms: dict[str, tuple[str, ...]] = {}
            for text in texts:
                terms.update(terms_of(text))
            read.update(terms)
            for term in terms:
                self.df[term] = self.df.get(term, 0) + 1
                self._holders.setdefault(term, []).append(number)
        for term in extra:
            self.df.setdefault(term, 0)
            read.setdefault(term, syllables(term))
        self._everyday = frozenset(t for t, uses in self.df.items() if not uses)
        self._known = set(known)
        self._stopwords = frozenset(stopwords)
        self._meanings = meanings or {}
        self._by_sound = best_by(self.df, lambda t: sounds_of(read[t]))
        self._by_initials = by_initials(self.df, read)
        self._by_shape = ranked_by(self.df, shapes, lambda t: len(t) >= 3)
        self._name_chars = frozenset(c for term, uses in self.df.items() if uses for c in term)
        self._by_first = ranked_by(self.df, lambda t: t[0], lambda t: len(t) >= 3, keep=None)
        self._pinyin = PinyinReader(self.df, read, [*self._stopwords, *spoken])

    def knows(self, text: str) -> bool:
        # a rare dictionary word (申令, 注消) is likelier a typo than what was meant
        return text in self.df or text in self._known or is_word(text, COMMON_WORD)

    # ---- typos ---------------------------------------------------------------------------

    def corrections(self, text: str) -> list[Correction]:
        """Stretches of ``text`` that are no word anyone knows but sound like a term, or are a term
        with one character changed; longest first, never overlapping."""
        found: list[Correction] = []
        heard = sounds(text)
        words = cut_words(text)
        edges = _edges(words)
        spoken = _function_words(words)
        known = self._covered(text)
        named = self._in_names(text)
        for size in range(min(len(text), MAX_TERM_CHARS), 1, -1):
            for start in range(len(text) - size + 1):
                end = start + size
                # never through a word of the query: 结婚登记 is no typo of 结婚证 + 记
                if (
                    start not in edges
                    or end not in edges
                    or any(c.start < end and start < c.end for c in found)
                ):
                    continue
                typed = text[start:end]
                if self.knows(typed) or not typed.strip() or self._stopword_edge(words, start, end):
                    continue
                # the catalogue's own words (残疾 + 了, 用电报装) are no typo of anything
                if all(known[start:end]):
                    continue
                meant = self._meant(typed, heard[start:end])
                # 刚退休 is no typo of 离退休: the adverb 刚 was meant; 身证换领 is no typo of 身证申领:
                # 换领 is the catalogue's, as typed
                if meant is not None and not any(
                    spoken[start + i] or named[start + i]
                    for i, (a, b) in enumerate(zip(typed, meant, strict=False))
                    if a != b
                ):
                    found.append(Correction(start, end, typed, meant))
        return sorted(found, key=lambda c: c.start)

    def _stopword_edge(self, words: Iterable[str], start: int, end: int) -> bool:
        """Does the stretch start or end with a stopword of several characters (炤办理: 办理 was
        meant and says nothing a correction could use, so 证办理 is no reading of it)? A lone one
        may be a typo's character (事品 for 食品)."""
        at = 0
        for word in words:
            if (at == start or at + len(word) == end) and len(word) > 1 and word in self._stopwords:
                return True
            at += len(word)
        return False

    def _covered(self, text: str) -> list[bool]:
        """Per character: is it inside a term of the catalogue, an everyday word of the
        dictionary or a stopword, as the query is written?"""
        covered = [False] * len(text)
        for start in range(len(text)):
            for end in range(start + 1, min(len(text), start + MAX_TERM_CHARS) + 1):
                piece = text[start:end]
                if (len(piece) >= 2 and piece in self.df) or piece in self._stopwords:
                    covered[start:end] = [True] * (end - start)
        return covered

    def _in_names(self, text: str) -> list[bool]:
        """Per character: is it inside a term of the catalogue's names (two characters or more),
        as the query is written?"""
        inside = [False] * len(text)
        for start in range(len(text)):
            for end in range(start + 2, min(len(text), start + MAX_TERM_CHARS) + 1):
                if self.df.get(text[start:end], 0) > 0:
                    inside[start:end] = [True] * (end - start)
        return inside

    def _meant(self, typed: str, heard: str) -> str | None:
        candidates = []
        by_sound = self._by_sound.get(heard)
        if by_sound is not None and _changed(typed, by_sound) <= (1 if len(typed) <= 3 else 2):
            candidates.append(by_sound)
        if len(typed) >= 3:
            for i in range(len(typed)):
                if not self._beside_term(typed, i):
                    candidates += self._by_shape.get(typed[:i] + WILDCARD + typed[i + 1 :], ())
        # an everyday word of the thesaurus is meant only when it sounds the same (低宝: 低保)
        heard_as = {by_sound} & self._everyday
        candidates = [c for c in candidates if c != typed and (self.df.get(c, 0) > 0 or c in heard_as)]
        return max(candidates, key=lambda c: (self.df[c], c == by_sound), default=None)

    def _beside_term(self, typed: str, i: int) -> bool:
        """Is character i one the catalogue's names use, written beside whole terms (户口 + 落,
        导游 + 讲)? Then it is a word of its own, not a changed character (户口簿, 导游证);
        养大登记 has no term 养, so 大 may be 犬."""
        return typed[i] in self._name_chars and all(
            self.df.get(rest, 0) > 0 for rest in (typed[:i], typed[i + 1 :]) if rest
        )

    # ---- abbreviations -------------------------------------------------------------------

    def expansions(self, word: str) -> list[str]:
        """Terms ``word`` abbreviates: its characters in order, starting with the term's first. A
        common word of its own (出事 "something happened") abbreviates nothing (出生一件事)."""
        if len(word) < 2 or word in self.df or is_general_word(word, COMMON_WORD):
            return []
        fits = [
            t
            for t in self._by_first.get(word[0], ())
            if len(word) < len(t) <= 3 * len(word) and _is_subsequence(word, t) and self.df[t] > 0
        ]
        return sorted(fits, key=lambda t: (-self.df[t], len(t)))[:ALTERNATIVES]

    # ---- pinyin --------------------------------------------------------------------------

    def read_pinyin(self, letters: str) -> list[list[str]]:
        """Groups of terms the letters may stand for, in order: runs of full pinyin (spaces or
        not) cut into words (``pinyin``), anything else as initials, else as the pinyin of a word
        with a letter missed or too many."""
        groups: list[list[str]] = []
        run: list[str] = []
        for token in _TOKENS.findall(letters.lower()):
            if self._pinyin.is_pinyin(token):
                run.append(token)
                continue
            groups += self._pinyin.read("".join(run))
            run = []
            groups += self._read_initials(token) or self._pinyin.nearest(token)
        return groups + self._pinyin.read("".join(run))

    def term_read(self, letters: str) -> str | None:
        """The catalogue term of two characters or more whose full pinyin the letters are
        (luojiang: 罗江), if any."""
        return self._pinyin.term_read(letters)

    def is_pinyin(self, token: str) -> bool:
        return self._pinyin.is_pinyin(token)

    def _read_initials(self, token: str) -> list[list[str]]:
        """The terms the initials stand for: one term's initials, else the split of the letters
        into terms' initials that names use together, the longest first piece first, then the
        splits into fewest pieces (jdcjszysbz: 机动车驾驶证 + 遗失 + 补证, not 机动车驾驶证遗失 +
        保障, which no name has together)."""
        whole = self._by_initials.get(token)
        if whole:
            return [whole[:ALTERNATIVES]]
        names: dict[str, set[int]] = {}  # of each piece, once: the splits share most of their pieces
        for pieces in self._splits(token):
            for p in pieces:
                if p not in names:
                    names[p] = {n for t in self._by_initials[p] for n in self._held_by(t)}
            groups = self._together([self._by_initials[p] for p in pieces], [names[p] for p in pieces])
            if groups:
                return groups
        return []  # letters that are no initials of anything the catalogue says (qqqq)

    def _splits(self, token: str) -> list[tuple[str, ...]]:
        """Ways to cut the letters into initials of terms (two letters or more, no piece twice:
        xxxx is no 信息 + 信息): the greedy one (longest first piece) first, then the others by
        number of pieces, at most MAX_SPLITS."""
        found: list[tuple[str, ...]] = []
        # from which positions the rest can be cut at all: no branch is walked to a dead end
        ends = [False] * len(token) + [True]
        for at in range(len(token) - 1, -1, -1):
            ends[at] = any(
                ends[end] and token[at:end] in self._by_initials for end in range(at + 2, len(token) + 1)
            )

        steps = 0

        def cut(at: int, pieces: tuple[str, ...]) -> None:
            nonlocal steps
            steps += 1
            if len(found) >= MAX_SPLITS or steps > MAX_SPLIT_STEPS:
                return
            if at == len(token):
                found.append(pieces)
                return
            for end in range(len(token), at + 1, -1):
                piece = token[at:end]
                if ends[end] and piece in self._by_initials and piece not in pieces:
                    cut(end, (*pieces, piece))

        cut(0, ())
        return sorted(found, key=lambda pieces: (pieces != found[0], len(pieces)))

    def _together(self, groups: list[list[str]], names: list[set[int]]) -> list[list[str]]:
        """Initials of a phrase abbreviate words that some name uses together (sfz + bl: 身份证
        补领); catalogue words no name has together (hjkl: 户籍 + 康旅) are a chance reading of
        letters. ``names``: of each group, the names that hold one of its words (``_held_by``); an
        everyday word no name has binds nothing."""
        bound = [b for b in names if b]
        common = set.intersection(*bound) if bound else set()
        if len(bound) > 1 and not common:
            return []
        # the words most names hold together first: gs + zx is 公司注销 before 公司中心
        return [
            sorted(
                (t for t in g if not self.df[t] or common & self._held_by(t)),
                key=lambda t: -len(common & self._held_by(t)),
            )[:ALTERNATIVES]
            or g[:ALTERNATIVES]
            for g in groups
        ]

    def _held_by(self, term: str) -> set[int]:
        """The documents whose names use the term, or a catalogue word the thesaurus reads it as
        (gs + zx: 公司 is 企业 of 企业注销登记)."""
        return {n for t in (term, *self._meanings.get(term, ())) for n in self._holders.get(t, ())}


def _function_words(words: Iterable[str]) -> list[bool]:
    """Per character: is it a one-character word of FUNCTION_TAGS in the query as cut?"""
    return [len(w) == 1 and part_of_speech(w) in FUNCTION_TAGS for w in words for _ in w]


def _edges(words: Iterable[str]) -> set[int]:
    edges, at = {0}, 0
    for word in words:
        at += len(word)
        edges.add(at)
    return edges


def _changed(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def by_initials(df: dict[str, int], read: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The terms of each initials, the most used first. Initials no term has as written are those
    of the terms read with a polyphone otherwise: people type the initials of a name as they say
    it (李调元 ltygl, li tiao yuan, where 调 alone is diao), but a term read so never competes with
    one read as written (cszm: 出生证明 alone)."""
    wanted = {t: uses for t, uses in df.items() if len(t) >= 2}
    out = ranked_by(wanted, lambda t: [_initials(read[t])], lambda t: True, keep=None)
    others = ranked_by(
        wanted, lambda t: {_initials(r) for r in other_readings(t, read[t])}, lambda t: True, keep=None
    )
    for key, terms in others.items():
        out.setdefault(key, terms)
    return out


def _initials(read: tuple[str, ...]) -> str:
    return "".join(s[:1] for s in read)
