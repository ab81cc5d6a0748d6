"""BM25F postings: for every token, the documents that contain it and how strongly.

A document has these fields, weighed as people read them: its title, its other names (aliases),
the characters of both (so that a lone character of a query still meets the word it belongs to),
its keywords (topics, life events, tags), the agencies that serve it, and its body (summary, conditions,
materials, narration). A token's term frequency is the weighted sum over the fields, each
normalised by the field's length against the average (BM25F, Robertson et al. 2004), then
saturated once: ``tf (k1 + 1) / (k1 + tf)``. That part does not depend on the query, so it is
computed here once; a query multiplies it by the token's inverse document frequency.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from enum import IntFlag

from luojiang.core.search.text import cut_words, normalize, subwords

K1 = 1.2


class Field(IntFlag):
    TITLE = 1
    ALIAS = 2
    KEYWORD = 4
    BODY = 8
    CHARS = 16  # each character of the title and aliases: a lone 树 still meets 树木
    AGENCY = 32  # who serves it: a department's names
    ENGLISH_NAME = 64  # English that says what it is (a guide point's first sentence)
    ENGLISH_BODY = 128  # longer English (the rest of a narration)


# weight, and how much the field's length counts (b)
FIELDS: dict[Field, tuple[float, float]] = {
    Field.TITLE: (3.0, 0.5),
    Field.ALIAS: (2.5, 0.5),
    Field.CHARS: (1.0, 0.5),
    Field.KEYWORD: (1.2, 0.3),
    Field.AGENCY: (0.6, 0.3),
    Field.BODY: (0.35, 0.75),
    Field.ENGLISH_NAME: (1.2, 0.0),  # a first sentence is as long as it needs to be
    Field.ENGLISH_BODY: (0.35, 0.75),
}
TEXT_FIELDS = Field.BODY | Field.ENGLISH_BODY  # where a word said again means more; elsewhere presence counts
# what one title occurrence of a token is worth: a query's best possible match, per token
IDEAL = FIELDS[Field.TITLE][0] * (K1 + 1) / (K1 + FIELDS[Field.TITLE][0])


def tokens(text: str, stopwords: Collection[str]) -> list[str]:
    """The words of a text and the dictionary words inside them."""
    out = []
    for word in cut_words(normalize(text)):
        if word not in stopwords:
            out.append(word)
            out += subwords(word)
    return out


class Postings:
    def __init__(self, documents: Sequence[Mapping[Field, Sequence[str]]]) -> None:
        """``documents``: each document's tokens by field."""
        self.size = len(documents)
        average = {f: max(1.0, sum(len(d.get(f, ())) for d in documents) / max(1, self.size)) for f in FIELDS}
        self._postings: dict[str, dict[int, tuple[float, int]]] = {}
        for number, fields in enumerate(documents):
            weighted: dict[str, float] = {}
            seen: dict[str, int] = {}
            for field, found in fields.items():
                weight, b = FIELDS[field]
                norm = weight / (1 - b + b * len(found) / average[field])
                # a name says a word once however often it repeats it (白马关镇白马关社区)
                for token in found if field in TEXT_FIELDS else set(found):
                    weighted[token] = weighted.get(token, 0.0) + norm
                    seen[token] = seen.get(token, 0) | int(field)
            for token, tf in weighted.items():
                self._postings.setdefault(token, {})[number] = (tf * (K1 + 1) / (K1 + tf), seen[token])
        self._idf = {t: self._inverse_frequency(len(p)) for t, p in self._postings.items()}

    def get(self, token: str) -> dict[int, tuple[float, int]]:
        """The documents with the token: (saturated weighted frequency, fields it is in)."""
        return self._postings.get(token, {})

    def idf(self, token: str) -> float:
        """Rarer tokens say more; an unknown token is as telling as the rarest."""
        return self._idf.get(token) or self._inverse_frequency(1)

    def _inverse_frequency(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))
