"""Spending 亮证 tokens: the scans that reach an instance at the same moment spend their tokens in
one statement (group commit, :mod:`luojiang.core.batches`), each scan's row in the holder's use
log written before its page answers.

A token is spent exactly once: the log row's unique token makes the database refuse a second
spend, whether it comes later, at the same moment from another instance, or in the same batch
(where only the first scan of a token is sent; the others are told it is used).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from luojiang.core.batches import Batches
from luojiang.core.licences import repository
from luojiang.core.licences.repository import Spent
from luojiang.core.licences.showing import Refusal

DEFAULT_PURPOSE = "亮证核验"  # logged when the holder named none


class TokenSpender:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._batches: Batches[str, Spent | Refusal] = Batches(self._spend)

    async def spend(self, token_hash: str) -> Spent | Refusal:
        """What the scan may show, or USED (spent before) or FORGED (well signed, never stored)."""
        return await self._batches.submit(token_hash)

    async def _spend(self, token_hashes: Sequence[str]) -> list[Spent | Refusal]:
        distinct = set(token_hashes)
        spent = await repository.spend_show_tokens(distinct, self._clock(), DEFAULT_PURPOSE)
        missing = distinct - spent.keys()
        stored = await repository.stored_show_tokens(missing) if missing else set()
        used = (distinct - missing) | stored  # by a scan before, or by the first in this batch
        outcomes: list[Spent | Refusal] = []
        for token_hash in token_hashes:
            first = spent.pop(token_hash, None)
            outcomes.append(first or (Refusal.USED if token_hash in used else Refusal.FORGED))
        return outcomes
