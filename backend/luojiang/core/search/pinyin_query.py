"""Reads a query typed in pinyin back into the catalogue's own words: ``gongjijintiqu`` becomes
公积金提取 by matching the letters, longest first, against the pinyin of every known word."""

from __future__ import annotations

from collections.abc import Iterable

from luojiang.core.search.text import cut, full_pinyin, normalize

LONGEST_WORD = 40  # letters


class PinyinReader:
    def __init__(self, texts: Iterable[str]) -> None:
        counts: dict[str, dict[str, int]] = {}
        for text in texts:
            for word in cut(normalize(text)):
                if len(word) >= 2:
                    by_word = counts.setdefault(full_pinyin(word), {})
                    by_word[word] = by_word.get(word, 0) + 1
        # of homophones, the word the catalogue uses most
        self._words = {p: max(ws, key=lambda w: (ws[w], len(w))) for p, ws in counts.items()}

    def read(self, letters: str) -> str:
        out, i = [], 0
        while i < len(letters):
            for j in range(min(len(letters), i + LONGEST_WORD), i + 1, -1):
                word = self._words.get(letters[i:j])
                if word is not None:
                    out.append(word)
                    i = j
                    break
            else:
                i += 1
        return "".join(out)
