"""Online-application types. A case is its applicant's (and its enterprise's agents') and, once
submitted, its department's staff's: to anyone else its node reads as null."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

import strawberry
from strawberry import relay

from luojiang.api.applications import loaders
from luojiang.api.catalogue import loaders as catalogue_loaders
from luojiang.api.catalogue.types import Matter
from luojiang.api.context import Info
from luojiang.api.errors import UserError
from luojiang.api.identity.permissions import viewer
from luojiang.api.nodes import RowNode
from luojiang.core.applications import access, case_events, models
from luojiang.core.applications.ports import HeldLicence
from luojiang.core.applications.workdays import beijing_day
from luojiang.core.errors import Problem

ApplicationState = strawberry.enum(
    models.CaseState, name="ApplicationState", description="Where a case is in its life."
)
ApplicationActorRole = strawberry.enum(
    models.ActorRole, name="ApplicationActorRole", description="Who made a step."
)
ApplicationMaterialKind = strawberry.enum(
    models.MaterialKind, name="ApplicationMaterialKind", description="An upload or a held e-licence."
)


@strawberry.enum(description="Why an application operation was refused.")
class ApplicationErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION"
    NOT_EDITABLE = "NOT_EDITABLE"
    WRONG_AUDIENCE = "WRONG_AUDIENCE"
    NO_ONLINE_MATTER = "NO_ONLINE_MATTER"
    INVALID_FORM = "INVALID_FORM"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    INVALID_VALUE = "INVALID_VALUE"
    REQUIRED = "REQUIRED"
    UNKNOWN_MATERIAL = "UNKNOWN_MATERIAL"
    NOT_REQUESTED = "NOT_REQUESTED"
    MATERIALS_MISSING = "MATERIALS_MISSING"
    INVALID_MATERIALS = "INVALID_MATERIALS"
    INVALID_SUBMIT_KEY = "INVALID_SUBMIT_KEY"
    SUBMIT_KEY_USED = "SUBMIT_KEY_USED"
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_ANSWER = "INVALID_ANSWER"
    MISSING_ANSWER = "MISSING_ANSWER"
    INVALID_RATING = "INVALID_RATING"
    ALREADY_RATED = "ALREADY_RATED"
    ALREADY_REPLIED = "ALREADY_REPLIED"
    NOT_RECTIFIABLE = "NOT_RECTIFIABLE"
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"
    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"
    # licences refusing an attachment (减材料)
    FORBIDDEN = "FORBIDDEN"
    EMPTY_UPLOAD = "EMPTY_UPLOAD"
    UPLOAD_TOO_LARGE = "UPLOAD_TOO_LARGE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
    OTHER = "OTHER"


@strawberry.type(description="A refused application operation: nothing was changed.")
class ApplicationError(UserError):
    code: ApplicationErrorCode = strawberry.field(description="What was wrong, for programs.")

    @classmethod
    def from_problem(cls, problem: Problem) -> ApplicationError:
        known = problem.code in ApplicationErrorCode.__members__
        code = ApplicationErrorCode(problem.code) if known else ApplicationErrorCode.OTHER
        return cls(code=code, field=problem.field, message=problem.message)


@strawberry.type(description="One field of the application form, with the value given so far.")
class ApplicationFormField:
    key: str = strawberry.field(description="The key to send the value under.")
    label: str = strawberry.field(description="The label to show, e.g. 联系电话.")
    kind: str = strawberry.field(description="text, phone, id_number, credit_code, date, number or choice.")
    required: bool = strawberry.field(description="Needed before the case can be submitted.")
    max_length: int = strawberry.field(description="The most characters accepted.")
    choices: list[str] = strawberry.field(description="For a choice field: the values accepted.")
    value: str | None = strawberry.field(description="The value given so far.")


@strawberry.type(description="One material the matter asks for, and what was given for it.")
class ApplicationMaterial:
    name: str = strawberry.field(description="The material's name in the matter, e.g. 居民身份证.")
    required: bool = strawberry.field(description="Needed before the case can be submitted.")
    licence_type: str | None = strawberry.field(description="The e-licence type that can stand in for it.")
    given: models.MaterialKind | None = strawberry.field(description="What was given: null when nothing yet.")
    content_type: str | None = strawberry.field(description="The uploaded file's type.")
    size: int | None = strawberry.field(description="The uploaded file's size in bytes.")
    added_at: datetime | None = strawberry.field(description="When it was given.")
    supplement_reason: str | None = strawberry.field(
        description="While a supplement is asked for: what is wrong with this material."
    )


@strawberry.type(description="A material's reason in a supplement request (补正).")
class MaterialReason:
    material: str = strawberry.field(description="The material's name, as the matter lists it.")
    reason: str = strawberry.field(description="What is wrong with it, or what to give instead.")


@strawberry.type(description="One change of the case's state: who made it, when and why.")
class ApplicationStep:
    from_state: models.CaseState | None = strawberry.field(description="Null for the first step.")
    to_state: models.CaseState = strawberry.field(description="The state the case entered.")
    actor_role: models.ActorRole = strawberry.field(description="The applicant or the department's staff.")
    reason: str = strawberry.field(description="Why, as the actor gave it.")
    materials: list[MaterialReason] = strawberry.field(description="For a supplement request: per material.")
    at: datetime = strawberry.field(description="When the change was made.")

    @classmethod
    def from_model(cls, row: models.CaseStep) -> ApplicationStep:
        return cls(
            from_state=row.from_state,
            to_state=row.to_state,
            actor_role=row.actor_role,
            reason=row.reason,
            materials=[MaterialReason(material=k, reason=v) for k, v in row.details.items()],
            at=row.at,
        )


@strawberry.type(description="An e-licence the applicant holds that can stand in for a material (减材料).")
class OfferedLicence:
    licence_id: relay.GlobalID = strawberry.field(description="Attach it with attachLicenceToApplication.")
    licence_type: str = strawberry.field(
        description="The licence type's code, as the matter's materials name it."
    )
    name: str = strawberry.field(description="The licence type's name, e.g. 居民身份证.")
    number_masked: str = strawberry.field(description="The licence's identifier, masked.")
    valid_until: date | None = strawberry.field(
        description="Its last valid day; null when it does not expire."
    )

    @classmethod
    def from_held(cls, held: HeldLicence) -> OfferedLicence:
        return cls(
            licence_id=relay.GlobalID("Licence", str(held.licence_id)),
            licence_type=held.licence_type,
            name=held.name,
            number_masked=held.number_masked,
            valid_until=held.valid_until,
        )


@strawberry.type(description="The applicant's rating of the service (好差评), and the department's reply.")
class ApplicationRating:
    level: int = strawberry.field(description="5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意.")
    level_name: str = strawberry.field(description="The national level's name.")
    reasons: list[str] = strawberry.field(description="The reasons the applicant ticked.")
    comment: str = strawberry.field(description="The applicant's own words (may be empty).")
    rated_at: datetime = strawberry.field(description="When the rating was given.")
    rectify_by: date | None = strawberry.field(
        description="A bad rating: the department answers by this day."
    )
    reply: str | None = strawberry.field(description="The department's answer, once given.")
    replied_at: datetime | None = strawberry.field(description="When the department answered; null before.")

    @classmethod
    def from_model(cls, row: models.Rating) -> ApplicationRating:
        from luojiang.core.applications.ratings import LEVELS

        return cls(
            level=row.level,
            level_name=LEVELS[row.level],
            reasons=list(row.reasons),
            comment=row.comment,
            rated_at=row.rated_at,
            rectify_by=row.rectify_by,
            reply=row.reply or None,
            replied_at=row.replied_at,
        )


@strawberry.type(description="An online application (办件): its form, materials, state, deadline and steps.")
class Application(RowNode[models.Case]):
    id: relay.NodeID[int]
    case_number: str = strawberry.field(description="The case number (办件编号).")
    state: models.CaseState = strawberry.field(description="Where the case stands now.")
    version: int = strawberry.field(description="0 as a draft, +1 at every change after it.")
    channel: str = strawberry.field(description="The channel it was started or submitted from.")
    scenario_code: str | None = strawberry.field(description="The one-thing scenario it was started from.")
    created_at: datetime = strawberry.field(description="When the draft was started.")
    submitted_at: datetime | None = strawberry.field(description="When it was submitted; null as a draft.")
    accepted_at: datetime | None = strawberry.field(
        description="When the department accepted it (受理); null before."
    )
    decided_at: datetime | None = strawberry.field(
        description="When it was approved or rejected; null before."
    )
    deadline: date | None = strawberry.field(
        description="The promised completion day (Beijing), once accepted; moves on by the working "
        "days the applicant takes to supplement."
    )
    waiting_for_applicant: bool = strawberry.field(description="A supplement is asked for: the clock stops.")
    for_enterprise: bool = strawberry.field(
        description="Applied for an enterprise by one who may act for it."
    )
    row: strawberry.Private[models.Case]

    @strawberry.field(
        description="Working days left until the deadline (negative: overdue); null if none runs."
    )
    def working_days_left(self, info: Info) -> int | None:
        return case_events.deadline_left(self.row, beijing_day(info.context.services.applications.clock()))

    @strawberry.field(description="The matter applied for.")
    async def matter(self, info: Info) -> Matter:
        row = await info.context.loaders.get(catalogue_loaders.matter_by_id).load(self.row.matter_id)
        if row is None:  # a non-null foreign key: only a broken database gets here
            raise LookupError(f"matter {self.row.matter_id} of case {self.case_number} is missing")
        return Matter.from_model(row)

    @strawberry.field(description="The form's fields, in order, with the values given so far.")
    async def form(self, info: Info) -> list[ApplicationFormField]:
        matter = await info.context.loaders.get(catalogue_loaders.matter_by_id).load(self.row.matter_id)
        service = info.context.services.applications
        values = service.form_values(self.row)
        return [
            ApplicationFormField(
                key=f.key,
                label=f.label,
                kind=f.kind,
                required=f.required,
                max_length=f.max_length,
                choices=list(f.choices),
                value=values.get(f.key),
            )
            for f in (service.form(matter) if matter else ())
        ]

    @strawberry.field(description="The matter's materials, with what was given for each.")
    async def materials(self, info: Info) -> list[ApplicationMaterial]:
        matter = await info.context.loaders.get(catalogue_loaders.matter_by_id).load(self.row.matter_id)
        given = {m.name: m for m in await info.context.loaders.get(loaders.materials_by_case).load(self.id)}
        asked: dict[str, str] = {}
        if self.row.state is models.CaseState.SUPPLEMENT_REQUESTED:
            steps = await info.context.loaders.get(loaders.steps_by_case).load(self.id)
            asked = dict(steps[-1].details) if steps else {}
        result = []
        for m in matter.materials if matter else []:
            row = given.get(m["name"])
            result.append(
                ApplicationMaterial(
                    name=m["name"],
                    required=m["required"],
                    licence_type=m.get("licence_type"),
                    given=row.kind if row else None,
                    content_type=row.content_type or None if row else None,
                    size=row.size or None if row else None,
                    added_at=row.added_at if row else None,
                    supplement_reason=asked.get(m["name"]),
                )
            )
        return result

    @strawberry.field(description="Every change of state, oldest first.")
    async def steps(self, info: Info) -> list[ApplicationStep]:
        rows = await info.context.loaders.get(loaders.steps_by_case).load(self.id)
        return [ApplicationStep.from_model(r) for r in rows]

    @strawberry.field(
        description="E-licences that can stand in for its materials: yours for your own application, "
        "the enterprise's for an enterprise's (to anyone who may act for it now)."
    )
    async def offered_licences(self, info: Info) -> list[OfferedLicence]:
        held = await info.context.services.applications.offered_licences(viewer(info), self.row)
        return [OfferedLicence.from_held(h) for h in held]

    @strawberry.field(description="The applicant's rating and the department's reply, once rated.")
    async def rating(self, info: Info) -> ApplicationRating | None:
        row = await info.context.loaders.get(loaders.rating_by_case).load(self.id)
        return ApplicationRating.from_model(row) if row else None

    @classmethod
    def from_model(cls, row: models.Case) -> Application:
        return cls(
            id=row.id,
            case_number=row.case_number,
            state=row.state,
            version=row.version,
            channel=row.channel,
            scenario_code=row.scenario_code,
            created_at=row.created_at,
            submitted_at=row.submitted_at,
            accepted_at=row.accepted_at,
            decided_at=row.decided_at,
            deadline=row.deadline,
            waiting_for_applicant=row.state is models.CaseState.SUPPLEMENT_REQUESTED,
            for_enterprise=row.enterprise_id is not None,
            row=row,
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Case | None]:
        return await info.context.loaders.get(loaders.case_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Case) -> bool:
        return access.may_see(viewer(info), row)
