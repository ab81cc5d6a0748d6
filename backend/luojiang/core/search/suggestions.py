"""Suggestions as the user types: titles that start with what was typed (characters, full pinyin
or initials), found by binary search in sorted keys, then titles that contain it."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any

from luojiang.core.search.text import full_pinyin, initials

CONTAINS_FROM = 2  # typed characters before titles that merely contain them are offered


class Suggestions:
    def __init__(self, titles: Sequence[str]) -> None:
        """``titles``: each document's normalized title, by document number."""
        self._titles = list(titles)
        self._latin = [(full_pinyin(t), initials(t)) for t in titles]
        self._by_title = sorted((t, n) for n, t in enumerate(titles))
        self._by_letters = sorted({(k, n) for n, keys in enumerate(self._latin) for k in keys})

    def find(self, typed: str, limit: int, order: Callable[[int], Any]) -> list[int]:
        if not typed:
            return []
        latin = typed.isascii()
        starts = set(_prefixed(self._by_letters if latin else self._by_title, typed))
        found = sorted(starts, key=order)
        if len(found) < limit and len(typed) >= CONTAINS_FROM:
            contains = [
                n
                for n, title in enumerate(self._titles)
                if n not in starts and (typed in title or (latin and any(typed in k for k in self._latin[n])))
            ]
            found += sorted(contains, key=order)
        return found[:limit]


def _prefixed(keys: Sequence[tuple[str, int]], typed: str) -> list[int]:
    start = bisect.bisect_left(keys, (typed, -1))
    out = []
    for key, number in keys[start:]:
        if not key.startswith(typed):
            break
        out.append(number)
    return out
