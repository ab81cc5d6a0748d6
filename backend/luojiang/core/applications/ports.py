"""What the online-applications area (DESIGN 2.4) needs from other areas; they implement it.

Two neighbours are reached only through these interfaces, so that applications know nothing of
how people are told (notifications, Tianfu Tongban sync) or how e-licences are kept:

- :class:`CaseEvents` hears every change of a case's state. It is called *inside* the database
  transaction that made the change and must only write to the database in it (an outbox), so the
  event is kept exactly when the change is; delivery happens after commit, from jobs.
- :class:`LicenceReuse` offers the applicant's held e-licences for the materials a matter asks
  for (减材料) and attaches one to an application with the holder's consent.
- :class:`Checklists` is the catalogue's one-thing checklist; :class:`CaseFeed` the live
  subscription told after each commit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from luojiang.core.applications.models import Case
from luojiang.core.catalogue.checklist import Answer


@dataclass(frozen=True)
class CaseEvent:
    """One state change of one case. ``(case_number, version)`` identifies it: receivers use it
    as their idempotency key, so an event delivered twice has effect once."""

    case_number: str
    version: int  # 1 for the first state (submitted), +1 for every change after it
    state: str  # the state entered, e.g. "submitted", "accepted", "supplement_requested", "approved"
    previous_state: str | None
    occurred_at: datetime  # UTC
    applicant_person_id: int  # who applied (the person; for an enterprise, the agent who applied)
    enterprise_id: int | None  # the enterprise applied for, if any
    matter_code: str
    matter_name: str
    department_code: str
    channel: str  # the channel the application was submitted from (login and messages follow it)
    reason: str | None = None  # why, for returns, supplements, rejections and withdrawals
    deadline: date | None = None  # the promised completion date (Beijing), when one runs
    produces_licence_type: str | None = None  # set on approval when the matter issues a licence


@dataclass(frozen=True)
class DeadlineReminder:
    """A case of ``department_code`` is due soon; the department's staff are told.
    ``(case_number, deadline, working_days_left)`` identifies it: the same reminder twice is sent once."""

    case_number: str
    matter_name: str
    department_code: str
    deadline: date
    working_days_left: int
    staff_person_ids: tuple[int, ...]


class CaseEvents(Protocol):
    async def record(self, event: CaseEvent) -> None:
        """Keep ``event`` durably in the caller's open transaction; no I/O outside the database."""
        ...

    async def remind(self, reminder: DeadlineReminder) -> None:
        """Keep ``reminder`` durably in the caller's open transaction, like :meth:`record`."""
        ...


@dataclass(frozen=True)
class HeldLicence:
    licence_id: int
    licence_type: str  # a licence type code (licence_types.json), as matters' materials name them
    name: str  # the licence type's name, e.g. 居民身份证
    number_masked: str  # the licence's identifier, masked for lists
    valid_until: date | None


class LicenceReuse(Protocol):
    async def held(
        self, person_id: int, enterprise_id: int | None, licence_types: Collection[str]
    ) -> list[HeldLicence]:
        """The valid licences of these types held by the person (or by the enterprise they act
        for), so the form can offer them instead of an upload."""
        ...

    async def attach(
        self, *, person_id: int, enterprise_id: int | None, licence_id: int, case_number: str, purpose: str
    ) -> HeldLicence:
        """Record the holder's consent to use this licence for this application and log the use
        in the holder's use log. Raises ``DomainError`` when it is not theirs or not valid."""
        ...

    async def withdraw(self, *, person_id: int, licence_id: int, case_number: str) -> None:
        """The holder withdraws that consent; later reads for this case are refused."""
        ...


class CaseFeed(Protocol):
    async def changed(self, case: Case) -> None:
        """After the commit of a change: tell those following the case (the live subscription)."""
        ...


class Checklists(Protocol):
    async def matter_codes(self, scenario: str, answers: Sequence[Answer], viewer_id: int) -> list[str]:
        """The matters a one-thing scenario's answers call for (the catalogue's checklist)."""
        ...
