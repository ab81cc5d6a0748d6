"""English words of the tourism texts (the guide points' English narrations) and of visitors'
queries, in one form on both sides: lower case, letters only, stopwords dropped, and a light
stemming of the endings that change how a word is written but not what it names (jujubes ->
jujube, picking -> pick, cherries -> cherry), so that "jujube picking" meets "pick your own
jujubes"."""

from __future__ import annotations

import re
from collections.abc import Collection

_LETTERS = re.compile(r"[a-z]+")
SHORTEST_WORD = 2
SHORTEST_STEM = 3  # an ending is only taken off a word that stays at least this long
_DOUBLED = re.compile(r"([bdgmnprt])\1$")  # swimming -> swimm -> swim


def english_words(text: str, stopwords: Collection[str]) -> list[str]:
    """The text's English words as the index keeps them (see the module's account)."""
    words = _LETTERS.findall(text.lower())
    return [stem(w) for w in words if len(w) >= SHORTEST_WORD and w not in stopwords]


def stem(word: str) -> str:
    """The word without a plural or -ing/-ed ending (light: no dictionary, only word shapes)."""
    for ending, replacement in (("ies", "y"), ("ing", ""), ("ed", "")):
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            base = word[: -len(ending)] + replacement
            return _DOUBLED.sub(r"\1", base) if ending != "ies" else base
    if word.endswith(("ss", "us", "is")) or len(word) <= SHORTEST_STEM:
        return word  # grass, bus, this: no plural
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word
