"""What case sync needs from the provincial platform's adapter."""

from __future__ import annotations

from typing import Protocol

from luojiang.core.applications.ports import CaseEvent


class CaseSync(Protocol):
    async def push(self, event: CaseEvent) -> None:
        """Tell the platform this state of this case. The platform keys on ``(case_number,
        version)``, so pushing the same event twice records it once. Raises
        :class:`SyncUnavailable` to try again later, :class:`SyncRefused` when the platform
        refuses the case itself (retrying cannot help)."""
        ...


class SyncUnavailable(Exception):
    """The platform did not answer, answered busy, or answered with an unauthenticated body."""


class SyncRefused(Exception):
    """The platform understood the push and refuses it for good (an invalid case)."""
