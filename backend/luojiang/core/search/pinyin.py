"""Full pinyin read back into words, as citizens type it on a phone: run together or spaced,
whole sentences (wodeshenfenzhengdiule), with the merges of Sichuan speech (zh/z, ch/c, sh/s,
n/l, -ng/-n: senfenzen) and with a letter missed or too many (shbaoka).

The letters are cut where the cut costs least: a word of the catalogue, of the thesaurus or a
spoken word costs one, a word read through the merges a little more, a lone syllable (read as
the catalogue's commonest character for it, or as a particle: de, le, wo) two. So kaixiaomaibu
is 开 + 小卖部, not 开销 + 买 + 部, which the old longest-first reading gave."""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import lru_cache

from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict

from luojiang.core.search.terms import (
    ALTERNATIVES,
    best_by,
    commonest_characters,
    is_syllable,
    ranked_by,
    readings_besides,
)
from luojiang.core.search.text import word_syllables

MAX_PINYIN_LETTERS = 40
WORD_COST, OTHER_READING_COST, MERGED_COST, SYLLABLE_COST, SKIPPED_COST = 1.0, 1.25, 1.5, 2.0, 3.0
MIN_EDITED_LETTERS = 5  # shorter letters are one letter away from too many words


class PinyinReader:
    def __init__(self, df: dict[str, int], read: dict[str, tuple[str, ...]], spoken: Iterable[str]) -> None:
        """``df``: the terms (the catalogue's and the everyday dictionary's) with their uses;
        ``read``: each term's syllables; ``spoken``: words that only carry the sentence (的, 怎么)."""
        self._df = df
        self._by_pinyin = best_by(df, lambda t: "".join(read[t]))
        # a polyphone's other reading finds the term where no term is read that way (litiaoyuan),
        # at a little more cost: sijizheng is 司机 + 证, not 司 + 继承 (承 is also read zheng)
        self._by_other_reading: dict[str, str] = {}
        for term, other in readings_besides(df, read):
            if "".join(other) not in self._by_pinyin:
                self._by_other_reading.setdefault("".join(other), term)
        words = {t: uses for t, uses in df.items() if len(t) >= 2}
        # words read alike (看书, 砍树: kanshu) are each a reading of the letters
        self._homophones = ranked_by(words, lambda t: ["".join(read[t])], lambda t: True)
        self._by_merged = best_by(words, lambda t: merged("".join(read[t])))
        self._by_syllable = commonest_characters(df, read)
        self._particles: dict[str, str] = {}
        for word in spoken:
            said = "".join(word_syllables(word))
            if len(word) > 1:
                self._by_pinyin.setdefault(said, word)
            else:
                self._particles.setdefault(said, word)
        self._syllables = mandarin_syllables() | {s for t in df for s in read[t] if is_syllable(s)}

    def term_read(self, letters: str) -> str | None:
        """The term of two characters or more whose full pinyin the letters are (luojiang: 罗江)."""
        term = self._by_pinyin.get(letters) or self._by_other_reading.get(letters)
        return term if term is not None and len(term) >= 2 else None

    def is_pinyin(self, token: str) -> bool:
        """Is the token made of Mandarin syllables?"""
        reachable = [True] + [False] * len(token)
        for end in range(1, len(token) + 1):
            reachable[end] = any(
                reachable[start] and token[start:end] in self._syllables
                for start in range(max(0, end - 6), end)
            )
        return reachable[-1]

    def read(self, letters: str) -> list[list[str]]:
        """The cheapest cut of the letters into words (see the module's docstring), each word with
        the other words read alike; letters that are no syllable are passed over."""
        best: list[tuple[float, tuple[str, ...]] | None] = [None] * (len(letters) + 1)
        best[0] = (0.0, ())
        for start in range(len(letters)):
            reached = best[start]
            if reached is None:
                continue
            cost, words = reached
            _better(best, start + 1, cost + SKIPPED_COST, words)
            for end in range(start + 1, min(len(letters), start + MAX_PINYIN_LETTERS) + 1):
                piece = self._piece(letters[start:end])
                if piece is not None:
                    _better(best, end, cost + piece[1], (*words, piece[0]) if piece[0] else words)
        done = best[-1]
        return [self._alike(w) for w in done[1]] if done else []

    def _alike(self, word: str) -> list[str]:
        """The word first, then the others read as it is."""
        said = self._homophones.get("".join(word_syllables(word)), [])
        return [word, *(w for w in said if w != word)][:ALTERNATIVES]

    def nearest(self, token: str) -> list[list[str]]:
        """The word of two characters or more whose pinyin is one letter away from the token
        (shbaoka: shebaoka, a letter missed), the most used when several are; none if none is."""
        if len(token) < MIN_EDITED_LETTERS:
            return []
        found = {t for e in _one_edit(token) if (t := self.term_read(e)) is not None}
        return [[min(found, key=lambda t: (-self._df.get(t, 0), t))]] if found else []

    def _piece(self, letters: str) -> tuple[str, float] | None:
        term = self._by_pinyin.get(letters)
        if term is not None and len(term) >= 2:
            return term, WORD_COST
        term = self._by_other_reading.get(letters)
        if term is not None and len(term) >= 2:
            return term, OTHER_READING_COST
        if letters in self._syllables:
            char = self._particles.get(letters) or self._by_syllable.get(letters, "")
            return char, SYLLABLE_COST
        term = self._by_merged.get(merged(letters)) if len(letters) > 3 else None
        return (term, MERGED_COST) if term is not None else None


def _better(
    best: list[tuple[float, tuple[str, ...]] | None], at: int, cost: float, words: tuple[str, ...]
) -> None:
    """Keep the cheaper way of reaching ``at``; on a tie, the one found first (longer words)."""
    known = best[at]
    if known is None or cost < known[0]:
        best[at] = (cost, words)


def merged(letters: str) -> str:
    """The letters as Sichuan speech (and many others) says them: zh, ch, sh as z, c, s; n and l
    alike; -ng as -n. Both the typed letters and the words' pinyin are merged before they meet."""
    for said, heard in (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"), ("l", "n")):
        letters = letters.replace(said, heard)
    return letters


def _one_edit(token: str) -> set[str]:
    """The letters with one letter left out, added, changed, or two neighbours swapped."""
    cuts = [(token[:i], token[i:]) for i in range(len(token) + 1)]
    out = {a + b[1:] for a, b in cuts if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    out |= {a + c + b for a, b in cuts for c in string.ascii_lowercase}
    out |= {a + c + b[1:] for a, b in cuts if b for c in string.ascii_lowercase}
    return out


@lru_cache(maxsize=1)
def mandarin_syllables() -> frozenset[str]:
    """Every toneless syllable of Mandarin (pypinyin's readings of its characters, ü as v), so
    that wo, de, diu are pinyin where no catalogue word is read so."""
    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            said = to_normal(reading).replace("ü", "v")
            if is_syllable(said) and any(v in said for v in "aeiouv"):
                out.add(said)
    return frozenset(out)
