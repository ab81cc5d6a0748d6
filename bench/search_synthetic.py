"""A catalogue grown for the speed benchmark only (never in the product): each real document
has copies whose titles swap some of their words for words of other titles of the same kind,
whose keywords and body are another document's, so that the vocabulary, the postings and the
candidate sets grow as a district's real catalogue would, not as exact duplicates."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from luojiang.core.search.ports import SearchDocument
from luojiang.core.search.text import cut_words, normalize

SEED = 20261204


def grown(documents: Sequence[SearchDocument], times: int) -> list[SearchDocument]:
    chance = random.Random(SEED)
    by_kind: dict[str, list[SearchDocument]] = {}
    for document in documents:
        by_kind.setdefault(document.kind, []).append(document)
    words = {
        kind: [w for d in group for w in cut_words(normalize(d.title))] for kind, group in by_kind.items()
    }
    out = list(documents)
    for copy in range(1, times):
        for document in documents:
            other = chance.choice(by_kind[document.kind])
            title = list(cut_words(normalize(document.title))) or [document.title]
            for _ in range(chance.randint(1, 2)):
                title[chance.randrange(len(title))] = chance.choice(words[document.kind])
            out.append(
                replace(
                    document,
                    code=f"{document.code}-S{copy}",
                    title="".join(title),
                    keywords=other.keywords,
                    body=other.body,
                    aliases=(),
                    help_phone="",
                )
            )
    return out
