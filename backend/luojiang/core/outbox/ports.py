"""What a destination of the outbox implements, and how it says a delivery failed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Handler(Protocol):
    async def __call__(self, payload: Mapping[str, Any], /) -> None:
        """Deliver one message. Must be safe to call twice with the same payload (delivery is at
        least once): receivers key on what the payload identifies. Any exception but
        :class:`Undeliverable` means "try again later"."""
        ...


class Undeliverable(Exception):
    """The receiver refused the message for good (it is malformed for them): retrying cannot help,
    so the message is marked failed for someone to look at."""
