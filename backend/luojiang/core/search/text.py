"""Text preparation shared by the index and its queries: one normal form for Chinese and Latin
text, pinyin (full and initials, toneless, so that homophones meet), and word segmentation."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jieba
import opencc
from pypinyin import lazy_pinyin

jieba.setLogLevel(logging.WARNING)
_TO_SIMPLIFIED = opencc.OpenCC("t2s")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_QUERY = re.compile(r"^[a-z0-9' ]+$")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Simplified characters, half-width, lower case, no punctuation or spaces."""
    simplified = _TO_SIMPLIFIED.convert(unicodedata.normalize("NFKC", text))
    return _NOISE.sub("", simplified.lower())


def is_latin(text: str) -> bool:
    """A query typed in pinyin or English (letters, digits and spaces only)."""
    folded = unicodedata.normalize("NFKC", text).lower().strip()
    return bool(folded) and bool(_LATIN_QUERY.match(folded))


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def _keep_each(chars: str) -> str:
    # pypinyin also accepts a list (one item per character); its stubs only say str
    return list(chars)  # type: ignore[return-value]


@lru_cache(maxsize=16384)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin of each character; non-Chinese characters are kept one by one."""
    return tuple(lazy_pinyin(text, errors=_keep_each))


def initials(text: str) -> str:
    return "".join(s[0] for s in syllables(text) if s)


def full_pinyin(text: str) -> str:
    return "".join(syllables(text))


_SYLLABLE_CODES: dict[str, str] = {}


@lru_cache(maxsize=16384)
def sounds(text: str) -> str:
    """One private-use character per syllable, so that string matching works on sounds: 结昏 and
    结婚 give the same two characters. Codes are only ever added, so they never change meaning."""
    out = []
    for syllable in syllables(text):
        code = _SYLLABLE_CODES.get(syllable)
        if code is None:
            code = chr(0xF0000 + len(_SYLLABLE_CODES))  # plane 15: private use, room for every syllable
            _SYLLABLE_CODES[syllable] = code
        out.append(code)
    return "".join(out)


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter the catalogue's own terms (公积金, 营业执照, 白马关, ...)."""
    for word in words:
        if len(word) >= 2:
            jieba.add_word(word, freq=20000)


def cut(text: str) -> list[str]:
    """Search-mode segmentation of normalized text: words and their shorter parts."""
    return [w for w in jieba.lcut_for_search(text) if w.strip()]
