"""The everyday dictionary: how people say things -> the catalogue's words (``thesaurus.toml``,
concepts grouped by area of life), English phrases and stopwords (``lexicon.toml``)."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from luojiang.core.search.english import stem
from luojiang.core.search.text import cut_words, normalize

_WORD = re.compile(r"[a-z0-9']+")
MAX_ENGLISH_WORDS = 3
PEOPLE = "family"
TRADES = "business"
# an English query's words, grouped into the lexicon's phrases, each with its Chinese or None
EnglishPhrases = list[tuple[str, str | None]]


class Lexicon:
    def __init__(self, text: str, thesaurus: str) -> None:
        """``text``: the ``lexicon.toml`` format; ``thesaurus``: the ``thesaurus.toml`` format."""
        data = tomllib.loads(text)
        self.stopwords: frozenset[str] = frozenset(data["stopwords"]["words"])
        self._dialect: dict[str, str] = {
            normalize(k): normalize(v) for k, v in data.get("dialect", {}).items()
        }
        # words put inside a phrase (买了房子, 盖个房子): the phrase is still meant
        self._fillers = frozenset(map(normalize, data.get("fillers", {}).get("words", ())))
        self.agenda: frozenset[str] = frozenset(map(normalize, data.get("agenda", {}).get("words", ())))
        renewal = data.get("renewal", {})
        self.renewal_titles: tuple[str, ...] = tuple(map(normalize, renewal.get("titles", ())))
        self._renewal_reasons: tuple[str, ...] = tuple(map(normalize, renewal.get("reasons", ())))
        self.concepts = read_thesaurus(thesaurus)
        opening = data.get("opening", {})
        self._opening_verbs = frozenset(map(normalize, opening.get("verbs", ())))
        self._opens = normalize(opening.get("as", ""))
        # a trade or a place of trade: what a doing verb before it plans to open (搞个农家乐)
        self._done = frozenset(map(normalize, data.get("done", {}).get("words", ())))
        couple = data.get("couple", {})
        self._couple = frozenset(map(normalize, couple.get("people", ())))
        self._parting = frozenset(map(normalize, couple.get("parting", ())))
        self._parts = normalize(couple.get("as", ""))
        passing = data.get("passing", {})
        self._elders = frozenset(map(normalize, passing.get("people", ())))
        self._passing = frozenset(map(normalize, passing.get("verbs", ())))
        self._passing_ends = frozenset(map(normalize, passing.get("ends", ())))
        self._passes = normalize(passing.get("as", ""))
        trades = self.concepts.get(TRADES, {}).items()
        self._trades = frozenset(w for says, meant in trades for w in (*says, *meant))
        # the thesaurus's area of people: words that say who something is for, not what it is
        self.people = frozenset(k for says in self.concepts.get(PEOPLE, {}) for k in says)
        self._synonyms: dict[str, tuple[str, ...]] = {}
        self._areas: dict[str, frozenset[str]] = {}  # an everyday word -> the areas of life it is of
        for area, group in self.concepts.items():
            for says, meant in group.items():
                for key in says:
                    self._areas[key] = self._areas.get(key, frozenset()) | {area}
                    known = self._synonyms.get(key, ())
                    self._synonyms[key] = tuple(dict.fromkeys((*known, *meant)))
        # everyday phrases with a reason's characters in them and nothing of renewal in their
        # meaning (看不见: blind, not 不见了: lost; 补贴: an allowance, not 补办)
        self._of_other_meaning = sorted(
            (k for k, meant in self._synonyms.items() if not set(meant) & set(self.renewal_titles)),
            key=len,
            reverse=True,
        )
        self.english_stopwords: frozenset[str] = frozenset(data.get("english_stopwords", {}).get("words", ()))
        visitors = data.get("english_visitors", {})
        self._english = {_english_key(k): v for k, v in (*data["english"].items(), *visitors.items())}
        self._visitors_english = frozenset(map(_english_key, visitors))

    @classmethod
    def bundled(cls) -> Lexicon:
        files = resources.files("luojiang.core.search")
        return cls(
            files.joinpath("lexicon.toml").read_text("utf-8"),
            files.joinpath("thesaurus.toml").read_text("utf-8"),
        )

    def words(self) -> list[str]:
        """Every everyday word and every catalogue word it names: the segmenter learns them."""
        return sorted({w for key, meant in self._synonyms.items() for w in (key, *meant)})

    def spoken(self) -> list[str]:
        """The stopwords and dialect words of more than one character: the segmenter learns them,
        so that 咋个 or 没得 is one word and not a character glued to the next."""
        return sorted(w for w in (*self.stopwords, *self._dialect) if len(w) > 1)

    def standard(self, text: str) -> str:
        """Normalized text with its dialect words replaced by the standard ones (屋头 -> 家里), the
        thesaurus's phrases split by a filler put back together (买了房子 -> 买房子), and told
        thing first put in their usual order (房子卖了 -> 卖房子了)."""
        words = self._elders_passing(self._couples_parting(self._opened_trades(list(cut_words(text)))))
        words = self._rejoined([self._dialect.get(w, w) for w in words])
        return "".join(self._in_usual_order(words))

    def _opened_trades(self, words: list[str]) -> list[str]:
        """A doing verb (搞, 弄, 改成) before a trade, fillers between, is the plan to open it
        (搞个农家乐: 开个农家乐; 院子改成民宿: 开民宿); read through the dialect table, 搞
        would be 办, a word that says nothing, and the plan would be lost. A trade named before
        the verb is one already open, and the verb is what is done to it (公司想搞注销)."""
        out = list(words)
        for i, word in enumerate(words):
            after = self._past_fillers(words, i + 1)
            if word not in self._opening_verbs or not self._names_trade(words[after : after + 2]):
                continue
            if not self._trades.intersection(words[:i]):
                out[i] = self._opens
        return out

    def _names_trade(self, words: list[str]) -> bool:
        """Do the words (one, or two in dialect: 烧烤 + 摊子) begin with a trade?"""
        said = [self._dialect.get(w, w) for w in words]
        return bool(said) and (said[0] in self._trades or "".join(said) in self._trades)

    def _couples_parting(self, words: list[str]) -> list[str]:
        """A parting word right after a couple, fillers between, ends the marriage (两口子过不下去:
        离婚); alone, 过不下去 is a life of hardship and 分开 may split a household."""
        out = list(words)
        for i, word in enumerate(words):
            after = self._past_fillers(words, i + 1)
            if word in self._couple and after < len(words) and words[after] in self._parting:
                out[after] = self._parts
        return out

    def _elders_passing(self, words: list[str]) -> list[str]:
        """走 said of a parent or an elder named before it, then 了 or 的 and nothing more of what
        was done, is a death (我爸在医院走的, 奶奶昨天走了); 走丢了 and 怎么走 are not."""
        out = list(words)
        for i, word in enumerate(words):
            if word not in self._passing or not self._elders.intersection(words[:i]):
                continue
            end, rest = words[i + 1 : i + 2], words[i + 2 : i + 3]
            if end and end[0] in self._passing_ends and (not rest or rest[0] in self.stopwords):
                out[i] = self._passes
        return out

    def _in_usual_order(self, words: list[str]) -> list[str]:
        """Two words that are a phrase of the thesaurus the other way round, and no phrase as
        they stand: people name the thing first and then what happened to it (房贷还清: 还清房贷;
        车卖了: 卖车), when nothing but a particle follows (公司开公积金账户: the company opens
        an account, it is not opened)."""
        out = list(words)
        i = 0
        while i + 1 < len(out):
            thing, act = out[i], out[i + 1]
            ends = i + 2 == len(out) or out[i + 2] in self.stopwords
            if ends and act + thing in self._synonyms and thing + act not in self._synonyms:
                out[i : i + 2] = [act + thing]
            i += 1
        return out

    def opened(self, word: str) -> list[str]:
        """A word of the segmenter's that is a phrase of the thesaurus, a particle and more
        (摔断了腿: 摔断 + 了 + 腿), in those pieces, so that the phrase is read."""
        if word in self._synonyms:
            return [word]
        for end in range(len(word) - 2, 1, -1):
            if word[end] in self._fillers and word[end] in self.stopwords and word[:end] in self._synonyms:
                return [word[:end], word[end], word[end + 1 :]]
        return [word]

    def _rejoined(self, words: list[str]) -> list[str]:
        """A word, fillers (了, 个, 的), and a word that make a phrase of the thesaurus without the
        fillers are that phrase (盖 个 房子: 盖房子; 开了个 公司: 开公司). A phrase that ends in
        a filler of its own (走了: died; 生了: gave birth) keeps it unless a filler follows
        (生了 个 孩子: 生孩子), so 走了 never loses its meaning to the word after it."""
        out: list[str] = []
        i = 0
        while i < len(words):
            word, after = words[i], self._past_fillers(words, i + 1)
            head = word if word in self._synonyms and after == i + 1 else self._strip_particles(word)
            joined = head + words[after] if head and after < len(words) else ""
            if head and (head != word or after > i + 1) and joined in self._synonyms:
                out.append(joined)
                i = after + 1
            else:
                out.append(word)
                i += 1
        return out

    def keys(self) -> list[str]:
        return sorted(self._synonyms)

    def synonyms(self, word: str) -> tuple[str, ...]:
        """The catalogue's words for an everyday word (none for a word the catalogue uses itself)."""
        return tuple(w for w in self._synonyms.get(word, ()) if w != word)

    def meanings(self) -> dict[str, tuple[str, ...]]:
        """Every everyday word with the catalogue's words for it (``synonyms``)."""
        return {word: self.synonyms(word) for word in self._synonyms}

    def areas(self, word: str) -> frozenset[str]:
        """The thesaurus's areas of life (birth, death, housing) an everyday word is of."""
        return self._areas.get(word, frozenset())

    def asks_agenda(self, text: str) -> bool:
        """Does the (normalized) query ask for everything to be done (要办哪些, 什么手续)?"""
        return any(word in text for word in self.agenda)

    def tells_done(self, text: str) -> bool:
        """Does the (normalized) query tell something as having happened (生了, 刚, 已经)?"""
        return any(word in text for word in self._done)

    def gives_reason_to_renew(self, text: str) -> bool:
        """Does the (normalized) query say why a document is to be replaced (丢了, 过期, 补办)?"""
        for phrase in self._of_other_meaning:
            text = text.replace(phrase, " ")
        return any(word in text for word in self._renewal_reasons)

    def _past_fillers(self, words: list[str], at: int) -> int:
        """The first position from ``at`` on that holds no filler (了, 个, 的)."""
        while at < len(words) and words[at] in self._fillers:
            at += 1
        return at

    def _strip_particles(self, word: str) -> str:
        """The word without the fillers it ends in that are particles (开了个 -> 开); a measure
        word ends many words of its own (房间, 时间)."""
        while word and word[-1] in self._fillers and word[-1] in self.stopwords:
            word = word[:-1]
        return word

    def only_visitors_say(self, phrase: str) -> bool:
        """Is the English phrase one of ``[english_visitors]`` (eat, shrine, opening hours)?"""
        return _english_key(phrase) in self._visitors_english

    def english_phrases(self, query: str) -> EnglishPhrases:
        """The query's words, grouped into the longest phrases the lexicon translates (up to
        MAX_ENGLISH_WORDS, plurals and -ing forms too), each with its Chinese; a word it does not
        know stands alone with None, unless it is a stopword."""
        words = _WORD.findall(query.lower())
        out: EnglishPhrases = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + MAX_ENGLISH_WORDS), i, -1):
                phrase = " ".join(words[i:j])
                meant = self._english.get(_english_key(phrase))
                if meant is not None:
                    out.append((phrase, meant))
                    i = j
                    break
            else:
                if words[i] not in self.english_stopwords:
                    out.append((words[i], None))
                i += 1
        return out


def translated(phrases: EnglishPhrases) -> str | None:
    """Chinese for an English query's ``english_phrases``, phrase by phrase; None when under half
    its words are known."""
    meant = [chinese for _, chinese in phrases if chinese is not None]
    known = sum(len(said.split()) for said, chinese in phrases if chinese is not None)
    return "".join(meant) if meant and 2 * known >= len(phrases) - len(meant) + known else None


def _english_key(phrase: str) -> str:
    return " ".join(stem(w) for w in _WORD.findall(phrase.lower()))


Concepts = dict[str, dict[tuple[str, ...], tuple[str, ...]]]


def read_thesaurus(text: str) -> Concepts:
    """Each area's concepts: the everyday phrasings (normalized) -> the catalogue's words."""
    return {
        area: {
            tuple(normalize(k) for k in says.split(",")): tuple(map(normalize, meant))
            for says, meant in group.items()
        }
        for area, group in tomllib.loads(text).items()
    }
