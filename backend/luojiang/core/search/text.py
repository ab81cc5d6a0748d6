"""Text preparation shared by the index and its queries: one normal form for Chinese and Latin
text, pinyin (full and initials, toneless, so that homophones meet), and word segmentation."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import jieba
import jieba.posseg
import opencc
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT

jieba.setLogLevel(logging.WARNING)
_TO_SIMPLIFIED = opencc.OpenCC("t2s")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")
# printable ASCII with a letter or digit: visitors end a question with ? and write Pang Tong's
_LATIN_QUERY = re.compile(r"^(?=.*[a-z0-9])[ -~]+$")
LONGEST_SUBWORD = 10
SHORT_TEXT = 64


def normalize(text: str) -> str:
    """Simplified characters, half-width, lower case, no punctuation or spaces."""
    # queries and names repeat; long texts (narrations) are read once and would crowd the cache
    return _normalize_short(text) if len(text) <= SHORT_TEXT else _normalize(text)


def _normalize(text: str) -> str:
    simplified = _TO_SIMPLIFIED.convert(unicodedata.normalize("NFKC", text))
    return _NOISE.sub("", simplified.lower())


_normalize_short = lru_cache(maxsize=16384)(_normalize)


def _toneless_table() -> dict[int, str]:
    """Latin letters with marks as their bare letters (ē, è: e), ü as the keyboard's v."""
    table = {}
    for code in range(0xC0, 0x250):  # Latin-1 Supplement to Latin Extended-B: pinyin's marks
        parts = unicodedata.normalize("NFD", chr(code))
        bare = parts[0]
        if len(parts) > 1 and bare.isascii() and bare.isalpha():
            table[code] = "v" if bare in "uU" and "\u0308" in parts else bare
    return table


_TONELESS = _toneless_table()


def toneless(text: str) -> str:
    """Pinyin with tone marks or ü (shēnfènzhèng, lǚyóu) as typed on a keyboard (shenfenzheng,
    lvyou); other text unchanged."""
    return text.translate(_TONELESS)


def normalize_each(text: str) -> list[str]:
    """``normalize`` one character at a time: item i is what character i of ``text`` became
    (empty for punctuation), so that positions in normalized text map back to the original."""
    return [normalize(char) for char in text]


def is_latin(text: str) -> bool:
    """A query typed in pinyin or English (letters, digits, spaces and punctuation only, full-width
    or not): read its ``folded`` form."""
    return bool(_LATIN_QUERY.match(folded(text)))


def folded(text: str) -> str:
    """Half-width (a Chinese keyboard's Ｓｈｒｉｎｅ？ is shrine?), lower case, without outer spaces."""
    return unicodedata.normalize("NFKC", text).lower().strip()


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def _keep_each(chars: str) -> str:
    # pypinyin also accepts a list (one item per character); its stubs only say str
    return list(chars)  # type: ignore[return-value]


@lru_cache(maxsize=16384)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin of normalized text, one item per character, polyphones read by the word
    they are in (银行 yin hang, 行政 xing zheng); other characters are kept as they are."""
    return tuple(s for word in cut_words(text) for s in word_syllables(word))


@lru_cache(maxsize=32768)
def word_syllables(word: str) -> tuple[str, ...]:
    if len(word) > 1 and word in PHRASES_DICT:  # a phrase whose reading pypinyin knows
        return tuple(lazy_pinyin(word, errors=_keep_each))
    return tuple(_char_syllable(char) for char in word)  # characters repeat far more than words


@lru_cache(maxsize=16384)
def _char_syllable(char: str) -> str:
    return lazy_pinyin(char, errors=_keep_each)[0]


def other_readings(term: str, read: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The term read with one polyphone otherwise (李调元: li tiao yuan beside li diao yuan), for
    people who type the other reading of a name: one character at a time, so a term of n
    characters has at most a few more readings, never their product."""
    out = []
    for i, (char, said) in enumerate(zip(term, read, strict=False)):
        for other in _heteronyms(char):
            if other != said:
                out.append((*read[:i], other, *read[i + 1 :]))
    return out


@lru_cache(maxsize=16384)
def _heteronyms(char: str) -> tuple[str, ...]:
    if not has_han(char):
        return ()
    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")[0])


def initials(text: str) -> str:
    return "".join(s[0] for s in syllables(text) if s)


def full_pinyin(text: str) -> str:
    return "".join(syllables(text))


_SYLLABLE_CODES: dict[str, str] = {}


def sound_of(syllable: str) -> str:
    """One private-use character per syllable, so that string matching works on sounds. Codes are
    only ever added, so they never change meaning."""
    code = _SYLLABLE_CODES.get(syllable)
    if code is None:
        code = chr(0xF0000 + len(_SYLLABLE_CODES))  # plane 15: private use, room for every syllable
        _SYLLABLE_CODES[syllable] = code
    return code


@lru_cache(maxsize=16384)
def sounds(text: str) -> str:
    """The sound of each character (see ``sound_of``): 结昏 and 结婚 give the same two characters,
    and ``sounds(t)[i:j]`` is the sound of ``t[i:j]``."""
    return sounds_of(syllables(text))


def sounds_of(syllables: Iterable[str]) -> str:
    return "".join(sound_of(s) for s in syllables)


_SHIPPED: dict[str, int] = {}  # a taught word's uses in the dictionary as shipped (0: unknown to it)
TAUGHT_USES = 20000


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter the catalogue's own terms (公积金, 营业执照, 白马关, ...)."""
    added = False
    for word in words:
        # a word the dictionary knows but seldom saw (没了) is taught too, or the segmenter
        # prefers its pieces (没 + 了) and the thesaurus never meets it
        if 2 <= len(word) <= 12 and not is_word(word, TAUGHT_USES):
            _SHIPPED.setdefault(word, jieba.dt.FREQ.get(word, 0))
            jieba.add_word(word, freq=TAUGHT_USES)
            added = True
    if added:  # cuts remembered before may now come out differently
        cut_words.cache_clear()
        fine_words.cache_clear()
        cover.cache_clear()
        subwords.cache_clear()
        syllables.cache_clear()
        sounds.cache_clear()


def is_general_word(text: str, least: int) -> bool:
    """A word of general Chinese (the dictionary as shipped, not the catalogue's terms taught to
    it), used at least ``least`` times in its corpus."""
    uses: int = _SHIPPED[text] if text in _SHIPPED else jieba.dt.FREQ.get(text, 0)
    return uses >= least


def is_word(text: str, least: int = 1) -> bool:
    """A word of the segmenter's dictionary (general Chinese plus the catalogue's terms), used at
    least ``least`` times in the dictionary's corpus."""
    uses: int = jieba.dt.FREQ.get(text, 0)
    return uses >= least


def part_of_speech(word: str) -> str:
    """The word's part of speech in the segmenter's dictionary as shipped (``d`` adverb, ``r``
    pronoun, ...); empty for a word it does not tag (the catalogue's terms)."""
    tag: str = jieba.posseg.dt.word_tag_tab.get(word, "")
    return tag


@lru_cache(maxsize=8192)
def cut_words(text: str) -> tuple[str, ...]:
    """Precise segmentation of normalized text. No HMM guessing of unknown words: the same string
    is cut the same way in a title and in a query, and an unknown name falls apart into characters."""
    return tuple(w for w in jieba.cut(text, HMM=False) if not w.isspace())


@lru_cache(maxsize=8192)
def fine_words(text: str) -> tuple[str, ...]:
    """``cut_words`` with every longer word replaced by its parts (``cover``): 门诊慢特病 ->
    门诊, 慢, 特, 病, so that runs of parts (慢特病) can be terms too."""
    return tuple(part for word in cut_words(text) for part in (cover(word) if len(word) > 2 else (word,)))


@lru_cache(maxsize=8192)
def cover(word: str) -> tuple[str, ...]:
    """The word as its longest dictionary parts other than itself, left to right, characters
    where none fits."""
    parts = set(subwords(word))
    out, i = [], 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in parts or j == i + 1:
                out.append(word[i:j])
                i = j
                break
    return tuple(out)


@lru_cache(maxsize=8192)
def subwords(word: str) -> tuple[str, ...]:
    """The dictionary words inside a longer word (社会保障卡 -> 社会, 保障, 社会保障), so that a title
    and a query that cut a compound differently still share its parts."""
    found = []
    for size in range(min(len(word) - 1, LONGEST_SUBWORD), 1, -1):
        for start in range(len(word) - size + 1):
            part = word[start : start + size]
            if is_word(part):
                found.append(part)
    return tuple(found)
