"""What telling people needs from the platforms: one sender per channel, and their errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Outgoing:
    """One message as a sender sees it: ``recipient`` is the openid, Alipay open_id or phone
    (personal data: never logged unmasked); ``data`` the template's values by name."""

    message_id: int
    recipient: str
    topic: str
    title: str
    body: str
    data: Mapping[str, str]
    page: str


class MessageSender(Protocol):
    async def send(self, message: Outgoing) -> str:
        """Send it; returns the platform's reference (msgid, request id) for delivery reports.
        Raises :class:`SendUnavailable` to try again later, :class:`SendRefused` when the platform
        refuses this message for good (the person refused the subscription, a bad template)."""
        ...


class SendUnavailable(Exception):
    """The platform did not answer, was busy, or answered unauthenticated: try again later."""


class SendRefused(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class DeliveryReport:
    """A platform's word on a message it accepted earlier (verified by the adapter)."""

    provider_ref: str
    delivered: bool
    code: str = ""
