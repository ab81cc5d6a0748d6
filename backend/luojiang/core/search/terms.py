"""The catalogue's terms and the lookups built over them for the vocabulary (``vocabulary``):
runs of one to four words of every name, with their syllables; each key's most used term or
terms (by sound, pinyin, initials, shape); each syllable's commonest character."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from luojiang.core.search.text import (
    cut_words,
    fine_words,
    normalize,
    other_readings,
    subwords,
    word_syllables,
)

MAX_TERM_WORDS, MAX_TERM_CHARS = 4, 8
ALTERNATIVES = 3  # readings kept for an ambiguous abbreviation or initials
WILDCARD = "\0"
_PUNCTUATION = re.compile(r"[\s\W_]+")


def terms_of(text: str) -> dict[str, tuple[str, ...]]:
    """Runs of one to four words or parts of words, never across punctuation (补证、换证 has no
    term 补证换证), and the dictionary words inside each word, with their syllables."""
    found: dict[str, tuple[str, ...]] = {}
    for piece in _PUNCTUATION.split(text):
        found.update(_piece_terms(normalize(piece)))
    return found


def _piece_terms(text: str) -> dict[str, tuple[str, ...]]:
    found = {p: word_syllables(p) for w in cut_words(text) for p in subwords(w)}
    for words in (cut_words(text), fine_words(text)):
        read = [word_syllables(w) for w in words]
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + MAX_TERM_WORDS) + 1):
                term = "".join(words[i:j])
                if len(term) > MAX_TERM_CHARS:
                    break
                if len(term) >= 2:
                    found[term] = tuple(s for r in read[i:j] for s in r)
    return found


def best_by(df: dict[str, int], key: Callable[[str], str]) -> dict[str, str]:
    """Each key's most used term."""
    out: dict[str, str] = {}
    for term in sorted(df, key=lambda t: (-df[t], t)):
        out.setdefault(key(term), term)
    return out


def ranked_by(
    df: dict[str, int],
    keys: Callable[[str], Iterable[str]],
    wanted: Callable[[str], bool],
    keep: int | None = ALTERNATIVES,
) -> dict[str, list[str]]:
    """Each key's terms, the most used first."""
    out: dict[str, list[str]] = {}
    for term in sorted(df, key=lambda t: (-df[t], len(t), t)):
        if not wanted(term):
            continue
        for k in keys(term):
            bucket = out.setdefault(k, [])
            if keep is None or len(bucket) < keep:
                bucket.append(term)
    return out


def readings_besides(
    df: dict[str, int], read: dict[str, tuple[str, ...]]
) -> list[tuple[str, tuple[str, ...]]]:
    """Each term's other readings, the most used terms first."""
    return [
        (term, other)
        for term in sorted(df, key=lambda t: (-df[t], t))
        if len(term) >= 2
        for other in other_readings(term, read[term])
    ]


def shapes(term: str) -> list[str]:
    return [term[:i] + WILDCARD + term[i + 1 :] for i in range(len(term))]


def commonest_characters(df: dict[str, int], read: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each syllable's commonest character in the catalogue's terms."""
    counts: dict[tuple[str, str], int] = {}
    for term, uses in df.items():
        for char, syllable in zip(term, read[term], strict=False):
            if is_syllable(syllable):
                counts[(syllable, char)] = counts.get((syllable, char), 0) + uses + 1
    best: dict[str, tuple[int, str]] = {}
    for (syllable, char), count in counts.items():
        if count > best.get(syllable, (0, ""))[0]:
            best[syllable] = (count, char)
    return {syllable: char for syllable, (_, char) in best.items()}


def is_syllable(s: str) -> bool:
    return s.isascii() and s.isalpha() and (len(s) > 1 or s in "aeo")
