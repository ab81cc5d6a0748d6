"""The online-application rules (DESIGN 2.4): applicants start, fill, attach, submit, withdraw and
supplement; staff of the matter's department accept, ask for supplements, approve and reject.

Every change of state is one unit of work: the guarded UPDATE (states.py), the step that audits it
(who, when, why) and the :class:`CaseEvent` for the neighbours (``CaseEvents.record``, their outbox)
commit together or not at all. The live feed is told after the commit.

Who may see what: a person's case is its applicant's, an enterprise's case is of whoever may act for
the enterprise now (not of a former agent who applied for it) and, once submitted, both are its
department's staff's; to anyone else a case does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from luojiang.core import db
from luojiang.core.applications import deadlines, files, materials, ratings, repository, states
from luojiang.core.applications.access import (
    applies,
    handles,
    require_impartial,
    require_state,
    role_for,
    signed_in,
)
from luojiang.core.applications.case_events import MAX_REASON, case_event
from luojiang.core.applications.forms import checked_form
from luojiang.core.applications.models import (
    Case,
    CaseMaterial,
    CaseState,
    MaterialKind,
    Rating,
)
from luojiang.core.applications.ports import CaseEvents, CaseFeed, Checklists, HeldLicence, LicenceReuse
from luojiang.core.applications.workdays import add_working_days, beijing_day
from luojiang.core.catalogue.checklist import Answer
from luojiang.core.catalogue.forms import FormField, form_of
from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity.principal import Principal
from luojiang.core.pagination import Page, PageRequest
from luojiang.core.security.fields import FieldCipher
from luojiang.core.storage.ports import Storage

S = CaseState
MAX_SUBMIT_KEY = 64
FORM_CONTEXT = "case.form"


@dataclass(frozen=True)
class QueueFilter:
    states: Collection[CaseState] = states.OPEN
    matter_code: str | None = None
    due_within_working_days: int | None = None


@dataclass(frozen=True)
class ApplicationService:
    events: CaseEvents
    licences: LicenceReuse
    storage: Storage
    cipher: FieldCipher
    checklists: Checklists
    feed: CaseFeed
    clock: Callable[[], datetime]
    number_prefix: str = "LJ"

    # ---- the applicant ------------------------------------------------------------------------

    async def start(
        self,
        viewer: Principal | None,
        matter_code: str,
        enterprise_id: int | None = None,
        scenario_code: str | None = None,
    ) -> Case:
        applicant = signed_in(viewer)
        matter = await repository.current_matter(matter_code)
        if matter is None or not matter.online:
            raise NotFound("matter", "matterCode")
        if enterprise_id is not None and not applicant.may_act_for(enterprise_id):
            raise NotFound("enterprise", "enterpriseId")
        audience = "enterprise" if enterprise_id is not None else "person"
        if audience not in matter.audience:
            raise DomainError.one("WRONG_AUDIENCE", f"this matter is not for a {audience}", "enterpriseId")
        async with db.transaction():
            return await repository.create_case(
                f"{self.number_prefix}{beijing_day(self.clock()):%Y%m%d}",
                applicant_id=applicant.person_id,
                enterprise_id=enterprise_id,
                matter_id=matter.id,
                department_id=matter.department_id,
                scenario_code=scenario_code,
                channel=applicant.channel,
            )

    async def start_scenario(
        self,
        viewer: Principal | None,
        scenario_code: str,
        answers: Sequence[Answer],
        enterprise_id: int | None,
    ) -> list[Case]:
        """One draft for every online matter the one-thing checklist calls for (一件事一次办)."""
        applicant = signed_in(viewer)
        codes = await self.checklists.matter_codes(scenario_code, answers, applicant.person_id)
        started = []
        for code in codes:
            matter = await repository.current_matter(code)
            if matter is not None and matter.online:
                started.append(await self.start(applicant, code, enterprise_id, scenario_code))
        if not started:
            raise DomainError.one("NO_ONLINE_MATTER", "none of these matters can be applied for online")
        return started

    async def save_form(self, viewer: Principal | None, case_id: int, values: object) -> Case:
        """The form as given replaces the one kept (a draft may be incomplete, not invalid). Only a
        draft's: a supplement (补正) asks for materials, and the form stays as the department checked it."""
        case = await self._own(viewer, case_id)
        materials.refuse_form_in_supplement(case)
        require_state(case, states.FORM_EDITABLE)
        matter, _ = await repository.matter_and_department(case.matter_id)
        kept = checked_form(self.form(matter), values, complete=False)
        form_enc = self.cipher.encrypt(json.dumps(kept, ensure_ascii=False), FORM_CONTEXT)
        if not await repository.save_form(case.id, states.FORM_EDITABLE, form_enc):
            raise states.IllegalTransition(case.state, case.state)
        case.form_enc = form_enc
        return case

    async def add_upload(
        self, viewer: Principal | None, case_id: int, material: str, data: bytes
    ) -> CaseMaterial:
        """A file for one of the matter's materials (files.py: checked, then sealed and private)."""
        case = await self._own(viewer, case_id)
        require_state(case, states.EDITABLE)
        name = await materials.changeable(case, material)
        key, upload = await files.store_material(self.storage, self.cipher, case.case_number, data)
        before, kept = await repository.replace_material(
            case.id,
            name,
            self.clock(),
            kind=MaterialKind.UPLOAD,
            storage_key=key,
            content_type=upload.content_type,
            size=len(upload.data),
            licence_id=None,
            licence_type="",
        )
        await files.discard_replaced(self.storage, before, kept)
        return kept

    async def material_file(
        self, viewer: Principal | None, case_id: int, material: str
    ) -> tuple[CaseMaterial, bytes]:
        """An uploaded material's file, for the case's applicant and its department's staff only."""
        case = await self.case_for(viewer, case_id)
        row = await repository.material(case.id, material)
        return await files.open_material(self.storage, self.cipher, row)

    async def attach_licence(
        self, viewer: Principal | None, case_id: int, material: str, licence_id: int
    ) -> CaseMaterial:
        """An e-licence the case's holder holds instead of an upload (减材料), with consent: a
        person's case takes its applicant's licences, an enterprise's case the enterprise's, attached
        (and consented to, in the enterprise's name) by whoever may act for it now, as
        ``offered_licences`` offers them; the licences area checks the agency again."""
        case = await self._own(viewer, case_id)
        require_state(case, states.EDITABLE)
        name = await materials.changeable(case, material)
        matter, _ = await repository.matter_and_department(case.matter_id)
        assert viewer is not None  # noqa: S101 -- _own refuses anonymous callers
        async with db.transaction():
            held = await self.licences.attach(
                person_id=viewer.person_id,
                enterprise_id=case.enterprise_id,
                licence_id=licence_id,
                case_number=case.case_number,
                purpose=matter.name[:128],
            )
            before, kept = await repository.replace_material(
                case.id,
                name,
                self.clock(),
                kind=MaterialKind.LICENCE,
                storage_key="",
                content_type="",
                size=0,
                licence_id=held.licence_id,
                licence_type=held.licence_type,
            )
        # after the commit: never a file the case still names
        await files.discard_replaced(self.storage, before, kept)
        return kept

    async def offered_licences(self, viewer: Principal | None, case: Case) -> list[HeldLicence]:
        """The case holder's valid e-licences that the matter's materials name (减材料), for those
        who may attach them (``attach_licence``): the same rule as every other change to the case."""
        if viewer is None or not applies(viewer, case):
            return []
        matter, _ = await repository.matter_and_department(case.matter_id)
        types = {m["licence_type"] for m in matter.materials if m.get("licence_type")}
        return await self.licences.held(viewer.person_id, case.enterprise_id, types) if types else []

    async def submit(self, viewer: Principal | None, case_id: int, submit_key: str) -> Case:
        """Idempotent by ``submit_key``: the same key again returns the case it submitted."""
        applicant = signed_in(viewer)
        key = submit_key.strip()
        if not 8 <= len(key) <= MAX_SUBMIT_KEY:
            raise DomainError.one("INVALID_SUBMIT_KEY", "the key is 8 to 64 characters", "submitKey")
        done = await repository.case_by_submit_key(applicant.person_id, key)
        if done is not None and not applies(applicant, done):  # an enterprise's they no longer act for
            raise NotFound("case", "caseId")
        if done is not None:
            if done.id != case_id:
                raise DomainError.one("SUBMIT_KEY_USED", "this key submitted another case", "submitKey")
            return done
        case = await self._own(viewer, case_id)
        matter, department = await repository.matter_and_department(case.matter_id)
        if case.state is S.DRAFT:
            self._check_complete(case, matter, await repository.materials_of([case.id]))
        now = self.clock()
        changes = {"submit_key": key, "submitted_at": now, "channel": applicant.channel}
        return await self._move(
            case, S.SUBMITTED, applicant, "", changes=changes, loaded=(matter, department)
        )

    async def withdraw(self, viewer: Principal | None, case_id: int, reason: str) -> Case:
        case = await self._own(viewer, case_id)
        assert viewer is not None  # noqa: S101 -- _own refuses anonymous callers
        return await self._move(case, S.WITHDRAWN, viewer, reason)

    async def supplement(self, viewer: Principal | None, case_id: int) -> Case:
        """The applicant has replaced what was asked for: back to the department, clock running."""
        case = await self._own(viewer, case_id)
        assert viewer is not None  # noqa: S101 -- _own refuses anonymous callers
        return await self._move(case, S.SUPPLEMENTED, viewer, "")

    # ---- the department's staff ---------------------------------------------------------------

    async def queue(self, viewer: Principal | None, request: PageRequest, wanted: QueueFilter) -> Page[Case]:
        if viewer is None or not viewer.staff_department_ids:
            return Page(items=[], has_next_page=False)
        matter_ids = None
        if wanted.matter_code is not None:
            matter = await repository.current_matter(wanted.matter_code)
            matter_ids = [matter.id] if matter else []
        due_by = None
        if wanted.due_within_working_days is not None:
            days = max(0, min(wanted.due_within_working_days, 365))
            due_by = add_working_days(beijing_day(self.clock()), days)
        found = set(wanted.states or states.OPEN) - {S.DRAFT}  # drafts are the applicant's alone
        # their own and their enterprises' cases are not on their desk (require_impartial)
        desk = repository.Desk(viewer.staff_department_ids, viewer.person_id, viewer.enterprise_ids)
        return await repository.queue_page(request, desk, found, matter_ids, due_by)

    async def accept(self, viewer: Principal | None, case_id: int) -> Case:
        case, staff = await self._staff_case(viewer, case_id)
        matter, _ = await repository.matter_and_department(case.matter_id)
        today = beijing_day(self.clock())
        limit = matter.promised_limit_days or matter.legal_limit_days
        changes = {"accepted_at": self.clock(), "deadline": add_working_days(today, limit)}
        return await self._move(case, S.ACCEPTED, staff, "", changes=changes)

    async def request_supplements(
        self, viewer: Principal | None, case_id: int, reasons: Mapping[str, str], reason: str
    ) -> Case:
        """补正: what is wrong with each named material; the clock stops until the applicant answers."""
        case, staff = await self._staff_case(viewer, case_id)
        matter, _ = await repository.matter_and_department(case.matter_id)
        names = {m["name"] for m in matter.materials}
        unknown = [n for n in reasons if n not in names]
        if not reasons or unknown or len(reasons) > len(names):
            raise DomainError.one(
                "INVALID_MATERIALS", "name at least one of the matter's materials, each once", "materials"
            )
        details = {name: text.strip()[:MAX_REASON] for name, text in reasons.items()}
        changes = {"paused_on": beijing_day(self.clock())}
        return await self._move(case, S.SUPPLEMENT_REQUESTED, staff, reason, details, changes)

    async def approve(self, viewer: Principal | None, case_id: int, reason: str = "") -> Case:
        case, staff = await self._staff_case(viewer, case_id)
        return await self._move(case, S.APPROVED, staff, reason, changes={"decided_at": self.clock()})

    async def reject(self, viewer: Principal | None, case_id: int, reason: str) -> Case:
        case, staff = await self._staff_case(viewer, case_id)
        if not reason.strip():
            raise DomainError.one("REASON_REQUIRED", "a rejection says why", "reason")
        return await self._move(case, S.REJECTED, staff, reason, changes={"decided_at": self.clock()})

    async def remind_due(self, within_working_days: int) -> int:
        """The scheduled job's work: reminders for cases due within that many working days."""
        return await deadlines.remind_due(self.events, self.clock, within_working_days)

    # ---- 好差评 ------------------------------------------------------------------------------

    async def rate(
        self, viewer: Principal | None, case_id: int, level: int, reasons: Sequence[str], comment: str
    ) -> Rating:
        case = await self._own(viewer, case_id)
        return await ratings.rate(case, level, reasons, comment, self.clock())

    async def reply_to_rating(self, viewer: Principal | None, case_id: int, text: str) -> Rating:
        case, staff = await self._staff_case(viewer, case_id)
        return await ratings.reply(case, text, staff.person_id, self.clock())

    async def rectifications(self, viewer: Principal | None, request: PageRequest) -> Page[Rating]:
        """The bad ratings of the viewer's departments, answered or not, oldest first."""
        if viewer is None or not viewer.staff_department_ids:
            return Page(items=[], has_next_page=False)
        return await repository.rectification_page(request, viewer.staff_department_ids)

    # ---- reading ------------------------------------------------------------------------------

    async def my_cases(
        self, viewer: Principal | None, request: PageRequest, wanted: Collection[CaseState] = ()
    ) -> Page[Case]:
        if viewer is None:
            return Page(items=[], has_next_page=False)
        return await repository.my_case_page(request, viewer.person_id, viewer.enterprise_ids, wanted)

    async def case_for(self, viewer: Principal | None, case_id: int) -> Case:
        """The case as its applicant or its department's staff see it; NotFound for anyone else."""
        case = await repository.case(case_id)
        if case is None or not (applies(viewer, case) or handles(viewer, case)):
            raise NotFound("case", "caseId")
        return case

    def form_values(self, case: Case) -> dict[str, str]:
        if not case.form_enc:
            return {}
        values: dict[str, str] = json.loads(self.cipher.decrypt(case.form_enc, FORM_CONTEXT))
        return values

    @staticmethod
    def form(matter: Matter) -> tuple[FormField, ...]:
        return form_of(matter.form_fields)

    # ---- helpers ------------------------------------------------------------------------------

    async def _move(
        self,
        case: Case,
        target: CaseState,
        actor: Principal,
        reason: str,
        details: Mapping[str, str] | None = None,
        changes: dict[str, Any] | None = None,
        loaded: tuple[Matter, Department] | None = None,
    ) -> Case:
        role = role_for(target)
        states.check_transition(case.state, target, role)
        now = self.clock()
        changes = {**(changes or {}), **deadlines.clock_changes(case, target, beijing_day(now))}
        matter, department = loaded or await repository.matter_and_department(case.matter_id)
        async with db.transaction():
            if not await repository.move(case.id, case.state, target, changes):
                current = await repository.case(case.id)
                raise states.IllegalTransition(current.state if current else case.state, target)
            await repository.add_step(
                case_id=case.id,
                from_state=case.state,
                to_state=target,
                actor_id=actor.person_id,
                actor_role=role,
                reason=reason.strip()[:MAX_REASON],
                details=dict(details or {}),
                at=now,
            )
            # the guarded UPDATE won, so the row is the case as read plus exactly these changes
            previous = case.state
            repository.moved_in_memory(case, target, changes)
            if target is not S.WITHDRAWN or previous is not S.DRAFT:  # a draft was never news
                await self.events.record(case_event(case, previous, matter, department, reason, now))
        await self.feed.changed(case)
        return case

    def _check_complete(self, case: Case, matter: Matter, given: Sequence[CaseMaterial]) -> None:
        checked_form(self.form(matter), self.form_values(case), complete=True)
        materials.require_given(matter, given)

    async def _own(self, viewer: Principal | None, case_id: int) -> Case:
        case = await repository.case(case_id)
        if case is None or not applies(viewer, case):
            raise NotFound("case", "caseId")
        return case

    async def _staff_case(self, viewer: Principal | None, case_id: int) -> tuple[Case, Principal]:
        case = await repository.case(case_id)
        if case is None or viewer is None or not handles(viewer, case):
            raise NotFound("case", "caseId")
        require_impartial(viewer, case)
        return case, viewer
