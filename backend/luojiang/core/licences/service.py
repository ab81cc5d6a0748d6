"""The e-licence area's rules (DESIGN 2.5): staff issue and revoke, holders keep a wallet, show a
licence with a one-time token and see who read it; anyone holding a token sees whether the
licence checks out.

Who may do what: a department's staff issue and revoke that department's licence types; a licence
is its holder's (a person, or an enterprise and those who may act for it now); anybody else gets
"not found", never a hint that it exists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.applications.ports import CaseEvent
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.licences import repository, showing
from luojiang.core.licences.issuance import Holder, Issuer, IssueRequest, beijing_today
from luojiang.core.licences.keys import DepartmentKeys
from luojiang.core.licences.models import HolderKind, Licence, LicenceUse
from luojiang.core.licences.spending import TokenSpender
from luojiang.core.licences.views import Checks, FieldValue, LicenceView, checks, unseal
from luojiang.core.pagination import Page, PageRequest
from luojiang.core.security.fields import LookupHasher

MAX_PURPOSE_CHARS = 64
SNAPSHOTS_KEPT = 10_000  # licences whose verified snapshot an instance keeps
SNAPSHOT_TTL = timedelta(seconds=60)
APPROVED = "approved"


@dataclass(frozen=True)
class Showing:
    token: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Snapshot:
    """What a verifier's page shows of a licence that never changes, as read at ``read_at``.
    ``rendered`` is what a page made of it for given checks (the verifier's page keeps the start
    of its HTML there): it goes when the snapshot goes, so it lives no longer than the content."""

    view: LicenceView
    signature_valid: bool
    read_at: datetime
    rendered: dict[Checks, bytes] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Verified:
    """What a verifier's page shows: the essentials, the checks and the fields the holder chose."""

    snapshot: Snapshot
    checks: Checks
    purpose: str
    shown: list[FieldValue]
    at: datetime  # when the token was checked

    @property
    def view(self) -> LicenceView:
        return self.snapshot.view


@dataclass(frozen=True)
class LicenceService:
    issuer: Issuer
    keys: DepartmentKeys
    hasher: LookupHasher
    clock: Callable[[], datetime]
    public_base_url: str
    show_ttl: timedelta
    spender: TokenSpender
    snapshots: dict[int, Snapshot] = field(default_factory=dict)  # see _snapshot
    sweep: list[asyncio.TimerHandle] = field(default_factory=list)  # the one pending, if any

    # ---- issuing and revoking (staff of the issuing department) --------------------------------

    async def issue(self, viewer: Principal | None, request: IssueRequest) -> Licence:
        draft = await self.issuer.draft(request)
        staff = _require_staff(viewer, draft.department.id)
        async with db.transaction():
            return await self.issuer.store(draft, issued_by=f"person:{staff.person_id}")

    async def revoke(self, viewer: Principal | None, licence_id: int, reason: str) -> Licence:
        licence = await repository.licence(licence_id)
        if licence is None or viewer is None or not viewer.is_staff_of(licence.department_id):
            raise NotFound("licence", "licenceId")  # to anyone else, another's licence does not exist
        if not await repository.revoke(licence.id, self.clock(), reason.strip()[:255]):
            raise DomainError.one("ALREADY_REVOKED", "This licence is already revoked.", "licenceId")
        revoked = await repository.licence(licence.id)
        assert revoked is not None  # noqa: S101 -- licences are never deleted
        return revoked

    async def issue_from_case(self, event: CaseEvent) -> Licence | None:
        """An approved application whose matter produces a licence: issue it to the applicant (or
        the enterprise applied for), once per case however often the event arrives."""
        if event.state != APPROVED or not event.produces_licence_type:
            return None
        existing = await repository.licence_by_case(event.case_number)
        if existing is not None:
            return existing
        holder = await self._case_holder(event)
        request = IssueRequest(
            licence_type=event.produces_licence_type,
            holder=holder,
            valid_from=beijing_today(event.occurred_at),
        )
        draft = await self.issuer.draft(request)
        try:
            async with db.transaction():
                return await self.issuer.store(
                    draft, issued_by=f"case:{event.case_number}", case_number=event.case_number
                )
        except IntegrityError:  # the same event, delivered twice at once: the other one issued it
            return await repository.licence_by_case(event.case_number)

    async def rotate_key(self, department_code: str) -> str:
        """The operator's hand (``luojiang rotate-licence-key``): returns the new key's id."""
        return (await self.keys.rotate(department_code)).kid

    # ---- the holder's wallet --------------------------------------------------------------------

    async def wallet(self, viewer: Principal | None, request: PageRequest) -> Page[Licence]:
        if viewer is None:
            return Page(items=[], has_next_page=False)
        return await repository.held_licence_page(request, viewer.person_id, viewer.enterprise_ids)

    def view(self, licence: Licence) -> LicenceView:
        return unseal(self.keys.cipher, licence)

    async def check(self, licence: Licence) -> Checks:
        view = self.view(licence)
        return checks(view, await self._signed(view), beijing_today(self.clock()), licence.status)

    async def uses(self, viewer: Principal | None, licence_id: int, request: PageRequest) -> Page[LicenceUse]:
        licence = await self._held(viewer, licence_id)
        return await repository.use_page(request, [licence.id])

    async def withdraw_consent(self, viewer: Principal | None, licence_id: int, case_number: str) -> None:
        licence = await self._held(viewer, licence_id)
        if not await repository.withdraw_consent(licence.id, case_number, self.clock()):
            raise NotFound("consent", "caseNumber")

    # ---- 亮证: showing and verifying --------------------------------------------------------------

    async def show(
        self, viewer: Principal | None, licence_id: int, purpose: str, fields: Collection[str]
    ) -> Showing:
        licence = await self._held(viewer, licence_id)
        assert viewer is not None  # noqa: S101 -- _held refuses anonymous callers
        if not viewer.has_assurance(Assurance.L2):
            raise DomainError.one("ASSURANCE_TOO_LOW", "Showing a licence needs real-name level L2.")
        known = {f.key for f in self.view(licence).fields(full=False)}
        unknown = sorted(set(fields) - known)[:5]
        if unknown:
            raise DomainError.one("INVALID_FIELDS", f"This licence has no fields {unknown}.", "fields")
        if len(purpose) > MAX_PURPOSE_CHARS:
            raise DomainError.one("INVALID_PURPOSE", "The purpose is at most 64 characters.", "purpose")
        minted = showing.mint(self.hasher, self.clock() + self.show_ttl)
        await repository.create_show_token(
            token_hash=minted.token_hash,
            licence_id=licence.id,
            purpose=purpose.strip(),
            shown_fields=sorted(set(fields)),
            expires_at=minted.expires_at,
        )
        url = f"{self.public_base_url.rstrip('/')}/verify/{minted.token}"
        return Showing(token=minted.token, url=url, expires_at=minted.expires_at)

    async def redeem(self, token: str) -> Verified | showing.Refusal:
        """A verifier opened the token: spend it, log the read, and say what checks out."""
        now = self.clock()
        parsed = showing.parse(self.hasher, token, now)
        if isinstance(parsed, showing.Refusal):
            return parsed
        spent = await self.spender.spend(parsed.token_hash)
        if isinstance(spent, showing.Refusal):
            return spent
        snapshot = await self._snapshot(spent.licence_id, now)
        view = snapshot.view
        # the status as the scan read it, and the validity from today: never from the snapshot
        return Verified(
            snapshot=snapshot,
            checks=checks(view, snapshot.signature_valid, beijing_today(now), spent.status),
            purpose=spent.purpose,
            shown=view.fields(full=True, only=frozenset(spent.fields)),
            at=now,
        )

    # ---- helpers --------------------------------------------------------------------------------

    async def _signed(self, view: LicenceView) -> bool:
        # over the stored bytes themselves: content stored in any other form than the signed one fails
        return await self.keys.verify(view.licence.kid, view.licence.signature, view.canonical)

    async def _snapshot(self, licence_id: int, now: datetime) -> Snapshot:
        """A licence's signed content, signature and key never change, so what the verifier's page
        shows of them is kept a minute per instance (its status, which does change, comes with each
        scan). The decrypted content is kept no longer: snapshots stay in the order they were read,
        and each call drops those past their minute from the front, whichever licence it reads; a
        timer does the same when no scan comes."""
        self._drop_expired(now)
        snapshot = self.snapshots.get(licence_id)
        if snapshot is None:
            licence = await repository.licence(licence_id)
            assert licence is not None  # noqa: S101 -- the scan just read it; licences are never deleted
            view = self.view(licence)
            snapshot = Snapshot(view=view, signature_valid=await self._signed(view), read_at=now)
            self._keep(licence_id, snapshot)
        return snapshot

    def _keep(self, licence_id: int, snapshot: Snapshot) -> None:
        newest = next(reversed(self.snapshots.values()), None)
        if newest is not None and newest.read_at > snapshot.read_at:
            # a scan that began later kept its snapshot first: kept behind it, this one would
            # outlive its minute (the front is dropped only up to the first one still young)
            return
        self.snapshots.pop(licence_id, None)  # read again meanwhile: the newest read goes last
        if len(self.snapshots) >= SNAPSHOTS_KEPT:
            del self.snapshots[next(iter(self.snapshots))]
        self.snapshots[licence_id] = snapshot
        self._sweep_later()

    def _sweep_later(self) -> None:
        # with no scan to come, nothing would drop a snapshot however old: a timer does, at the
        # oldest one's minute (one timer pending at most; each sweep sets the next)
        if self.sweep or not self.snapshots:
            return
        oldest = next(iter(self.snapshots.values()))
        delay = max((oldest.read_at + SNAPSHOT_TTL - self.clock()).total_seconds(), 0.0)
        self.sweep.append(asyncio.get_running_loop().call_later(delay, self._swept))

    def _swept(self) -> None:
        self.sweep.clear()
        self._drop_expired(self.clock())
        self._sweep_later()

    def _drop_expired(self, now: datetime) -> None:
        while self.snapshots:
            oldest = next(iter(self.snapshots))
            if now - self.snapshots[oldest].read_at < SNAPSHOT_TTL:
                return
            del self.snapshots[oldest]

    async def _held(self, viewer: Principal | None, licence_id: int) -> Licence:
        licence = await repository.licence(licence_id)
        if licence is None or not holds(viewer, licence):
            raise NotFound("licence", "licenceId")
        return licence

    async def _case_holder(self, event: CaseEvent) -> Holder:
        if event.enterprise_id is not None:
            enterprise = await repository.enterprise(event.enterprise_id)
            if enterprise is None:
                raise NotFound("enterprise", "enterpriseId")
            return Holder(HolderKind.ENTERPRISE, enterprise.name, enterprise.credit_code)
        person = await repository.person(event.applicant_person_id)
        personal = self.issuer.personal
        name = personal.name(person, full=True) if person else None
        number = personal.id_number(person, full=True) if person else None
        if not (name and number):
            raise DomainError.one("INVALID_HOLDER", "The applicant has no verified name and resident ID.")
        return Holder(HolderKind.PERSON, name, number)


def holds(viewer: Principal | None, licence: Licence) -> bool:
    """The licence is the viewer's, or an enterprise's the viewer may act for now."""
    if viewer is None:
        return False
    if licence.holder_person_id is not None:
        return licence.holder_person_id == viewer.person_id
    return licence.holder_enterprise_id is not None and viewer.may_act_for(licence.holder_enterprise_id)


def _require_staff(viewer: Principal | None, department_id: int) -> Principal:
    if viewer is None or not viewer.is_staff_of(department_id):
        raise DomainError.one("FORBIDDEN", "Only staff of the issuing department may do this.")
    return viewer
