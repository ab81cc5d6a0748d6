"""The signed-in WebSocket connections of this instance, by person, so that a revocation announced
by any instance (``core.identity.revocations``) closes the sockets it ends here at once."""

from __future__ import annotations

from typing import Any, Protocol

from luojiang.core.events import Broadcaster
from luojiang.core.identity.principal import Principal
from luojiang.core.identity.revocations import REVOKED_CHANNEL, Revocation


class SignedInSocket(Protocol):
    @property
    def principal(self) -> Principal: ...

    def end_session(self) -> None:
        """Closes the socket with 4403, soon (without waiting for it)."""


class LiveSockets:
    def __init__(self) -> None:
        self._by_person: dict[int, set[SignedInSocket]] = {}

    def add(self, socket: SignedInSocket) -> None:
        self._by_person.setdefault(socket.principal.person_id, set()).add(socket)

    def discard(self, socket: SignedInSocket) -> None:
        sockets = self._by_person.get(socket.principal.person_id)
        if sockets is not None:
            sockets.discard(socket)
            if not sockets:
                del self._by_person[socket.principal.person_id]

    def count(self) -> int:
        return sum(len(sockets) for sockets in self._by_person.values())

    def revoked(self, revocation: Revocation) -> None:
        everyone = (s for sockets in self._by_person.values() for s in sockets)
        person = revocation.person_id
        candidates = list(self._by_person.get(person, ()) if person is not None else everyone)
        for socket in candidates:
            if revocation.ends(socket.principal):
                socket.end_session()

    async def follow(self, broadcaster: Broadcaster) -> None:
        """Runs for the life of the instance (the application's lifespan)."""

        async def on_revocation(message: dict[str, Any]) -> None:
            self.revoked(Revocation.from_message(message))

        await broadcaster.follow(REVOKED_CHANNEL, on_revocation)
