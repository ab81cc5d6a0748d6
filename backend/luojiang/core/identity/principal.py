"""Who is asking: the verified bearer of an access token, as every resolver and service sees it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Assurance(IntEnum):
    """Real-name assurance (DESIGN 2.2). Operations declare the least level they need."""

    NONE = 0
    L1 = 1  # phone number verified
    L2 = 2  # name + resident ID verified by a channel that checked them
    L3 = 3  # face verified


@dataclass(frozen=True)
class Principal:
    person_id: int
    session_id: str
    assurance: Assurance
    channel: str
    # enterprises the person may act for now: as legal representative or authorised agent
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)
    # catalogue.Department ids where the person holds a staff role
    staff_department_ids: frozenset[int] = field(default_factory=frozenset)
    is_admin: bool = False
    # when the access token was issued (ms since the epoch): revocation compares against it
    issued_at_ms: int = 0
    # when the access token expires (s since the epoch; 0 when the principal was not read from one):
    # a WebSocket whose token expires is closed then
    expires_at: int = 0

    def may_act_for(self, enterprise_id: int) -> bool:
        return enterprise_id in self.enterprise_ids

    def is_staff_of(self, department_id: int) -> bool:
        return department_id in self.staff_department_ids

    def has_assurance(self, level: Assurance) -> bool:
        return self.assurance >= level
