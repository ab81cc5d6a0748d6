"""Other names a document goes by, derived from its own fields and from what documents of its kind
have in common, so that no one has to list them:

- a title's parts: without its bracketed note, the note itself (机动车转移登记（二手车过户） ->
  二手车过户), and each item of an enumeration with their shared stem (营业执照补领、换发 ->
  营业执照换发);
- the title without a head word most documents of its kind share (结婚登记 -> 结婚, 白马关景区 ->
  白马关, since every scenic area says 景区) or a leading place name many titles start with;
- nicknames the text itself gives in quotes after a word of naming (旧称“船城”).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from luojiang.core.search.text import cut_words, normalize

_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
_QUOTES = re.compile(r"[“”\"「」『』《》]")
_NAMED = re.compile(
    r"(?:称|叫|叫作|叫做|名为|又名|简称|俗称)[它其为作做]?[“「『《]([^”」』》]{2,8})[”」』》]"
)
# a head or lead shared by this share of a kind's titles (and by at least MIN_SHARED) is generic
SHARED_SHARE, MIN_SHARED = 0.05, 3
# a head word found in this share of a kind's documents, anywhere, is generic too (景区 for areas)
COMMON_SHARE = 0.5
SHORT_PART = 4
NAME_TOKENS, NAME_CHARS = 4, 5
COHESION = 0.5  # of a run's longer tokens' documents that must have the whole run


@dataclass(frozen=True)
class Draft:
    """What the alias rules read of one document."""

    kind: str
    title: str
    keywords: Sequence[str]
    body: str


class AliasRules:
    """The generic heads and leads of each kind, learnt from all documents at once."""

    def __init__(self, drafts: Sequence[Draft]) -> None:
        by_kind: dict[str, list[Draft]] = {}
        for draft in drafts:
            by_kind.setdefault(draft.kind, []).append(draft)
        self._heads = {kind: _generic_heads(group) for kind, group in by_kind.items()}
        self._leads = {kind: _shared(group, first=True) for kind, group in by_kind.items()}

    def aliases(self, draft: Draft) -> list[str]:
        names = title_parts(draft.title)
        found: list[str] = []
        for name in names:
            found += [name, *self._stripped(draft.kind, name)]
        found += [normalize(n) for n in _NAMED.findall(draft.body)]
        title = normalize(draft.title)
        return [a for a in dict.fromkeys(found) if len(a) >= 2 and a != title]

    def _stripped(self, kind: str, name: str) -> list[str]:
        words = cut_words(name)
        out = []
        if len(words) > 1 and words[-1] in self._heads.get(kind, ()):
            out.append("".join(words[:-1]))
        if len(words) > 1 and words[0] in self._leads.get(kind, ()):
            out.append("".join(words[1:]))
        return [o for o in out if len(o) >= 2]


def title_parts(title: str) -> list[str]:
    """The title without brackets and quotes, each bracketed note, and each enumerated item."""
    notes = [normalize(n) for n in _BRACKETED.findall(title)]
    bare = _QUOTES.sub("", _BRACKETED.sub("", title))
    parts = [normalize(p) for p in bare.split("、") if normalize(p)]
    return [*(_enumerated(parts) if len(parts) > 1 else [normalize(bare)]), *notes]


def _enumerated(parts: list[str]) -> list[str]:
    """营业执照补领 + 换发 -> 营业执照补领, 营业执照换发; 继承 + 受遗赠不动产转移登记 -> also
    继承不动产转移登记: a short item borrows the rest of its neighbour."""
    out = list(parts)
    longest = max(parts, key=len)
    words = cut_words(longest)
    for part in parts:
        if len(part) > SHORT_PART or part == longest or len(words) < 2:
            continue
        if longest == parts[0]:
            out.append("".join(words[:-1]) + part)
        else:
            out.append(part + "".join(words[1:]))
    return out


def _shared(group: Sequence[Draft], first: bool) -> frozenset[str]:
    counts = Counter(_edge_word(d.title, first) for d in group)
    least = max(MIN_SHARED, SHARED_SHARE * len(group))
    return frozenset(w for w, n in counts.items() if n >= least and len(w) >= 2)


def _generic_heads(group: Sequence[Draft]) -> frozenset[str]:
    if len(group) < MIN_SHARED:
        return frozenset()
    heads = {h for h in (_edge_word(d.title, first=False) for d in group) if len(h) >= 2}
    texts = [normalize(" ".join((d.title, *d.keywords, d.body))) for d in group]
    everywhere = {h for h in heads if sum(h in t for t in texts) >= COMMON_SHARE * len(group)}
    return _shared(group, first=False) | everywhere


def _edge_word(title: str, first: bool) -> str:
    words = cut_words(title_parts(title)[0]) or ("",)
    return words[0] if first else words[-1]


def proper_names(drafts: Sequence[Draft]) -> list[str]:
    """Names the segmenter does not know but the catalogue repeats: runs of two to four tokens,
    at least one a lone character (白马/关, 凤/雏, 略/坪), in the titles and keywords of two
    documents or more, whose longer tokens are seldom found without the rest of the run (白马 is
    nearly always 白马关; 申领 is mostly not 证申领); a run found only inside a longer one is left
    to it."""
    runs: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for draft in drafts:
        found: set[str] = set()
        tokens: set[str] = set()
        for text in (draft.title, *draft.keywords):
            words = cut_words(normalize(text))
            tokens.update(w for w in words if len(w) > 1)
            for i in range(len(words)):
                for j in range(i + 2, min(len(words), i + NAME_TOKENS) + 1):
                    run = words[i:j]
                    name = "".join(run)
                    if len(name) <= NAME_CHARS and any(len(w) == 1 for w in run):
                        found.add(name)
        runs.update(found)
        alone.update(tokens)
    names = {
        n: c
        for n, c in runs.items()
        if c >= 2 and all(c >= COHESION * alone[w] for w in cut_words(n) if len(w) > 1)
    }
    inside = {
        part
        for longer, count in names.items()
        for size in range(2, len(longer))
        for start in range(len(longer) - size + 1)
        if names.get(part := longer[start : start + size], 0) <= count
    }
    return [n for n in names if n not in inside]
