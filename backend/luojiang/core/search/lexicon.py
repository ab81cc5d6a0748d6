"""The colloquial dictionary (``lexicon.toml``): how people say it -> how the catalogue says it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from luojiang.core.search.text import normalize, sounds

_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Expansion:
    """A catalogue phrase the query asks for, with how sure we are (0-1)."""

    phrase: str
    weight: float


@dataclass(frozen=True)
class _Rule:
    parts: tuple[str, ...]
    heard: tuple[tuple[str, str], ...]  # each part with its sounds
    first_sounds: frozenset[str]  # a cheap test that rules out most rules at once
    targets: tuple[str, ...]
    weight: float


class Lexicon:
    def __init__(self, text: str) -> None:
        data = tomllib.loads(text)
        self.stopwords: frozenset[str] = frozenset(data["stopwords"]["words"])
        self._rules = [_rule(key, targets) for key, targets in data["colloquial"].items()]
        self._english = {normalize(k) if " " not in k else k: v for k, v in data["english"].items()}

    @classmethod
    def bundled(cls) -> Lexicon:
        return cls(resources.files("luojiang.core.search").joinpath("lexicon.toml").read_text("utf-8"))

    def phrases(self) -> list[str]:
        """Every colloquial part and catalogue phrase: the segmenter learns them as words."""
        return sorted({p for r in self._rules for p in (*r.parts, *r.targets)})

    def expand(self, query: str) -> list[Expansion]:
        """Phrases the query asks for; keys match by sound too, so 社保咔 still means 社保卡."""
        heard = sounds(query)
        present = set(heard)
        found: dict[str, float] = {}
        for rule in self._rules:
            if rule.first_sounds <= present and all(
                part in query or (len(part) >= 2 and heard_part in heard) for part, heard_part in rule.heard
            ):
                for rank, target in enumerate(rule.targets):
                    # the dictionary lists the best answer first
                    weight = rule.weight * (1 - 0.05 * rank)
                    found[target] = max(found.get(target, 0.0), weight)
        return [Expansion(normalize(p), w) for p, w in found.items()]

    def translate(self, query: str) -> str | None:
        """Chinese for an English query, phrase by phrase; None when no word is known."""
        text = " ".join(_WORD.findall(query.lower()))
        out: list[str] = []
        known = 0
        words = text.split()
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 3), i, -1):
                phrase = " ".join(words[i:j])
                if phrase in self._english:
                    out.append(self._english[phrase])
                    known += j - i
                    i = j
                    break
            else:
                i += 1
        return "".join(out) if known * 2 >= len(words) and out else None


def _rule(key: str, targets: Sequence[str]) -> _Rule:
    parts = tuple(normalize(p) for p in key.split("+"))
    # a pair of words that must co-occur, or a long phrase, says more than one short word
    weight = 1.0 if len(parts) > 1 else min(0.9, 0.5 + 0.1 * len(parts[0]))
    heard = tuple((p, sounds(p)) for p in parts)
    return _Rule(parts, heard, frozenset(h[:1] for _, h in heard), tuple(targets), weight)
