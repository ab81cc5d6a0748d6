"""Application mutations: the applicant starts, fills, attaches, submits, withdraws, supplements
and rates; the department's staff accept, ask for supplements, decide and answer bad ratings.
Files are uploaded with ``PUT /applications/{id}/materials?material=…`` (app/web/materials.py)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from luojiang.api.applications.types import Application, ApplicationError
from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.identity.permissions import viewer
from luojiang.api.relay import node_pk
from luojiang.core.applications.models import Case
from luojiang.core.catalogue.checklist import Answer
from luojiang.core.errors import DomainError, NotFound

MAX_ANSWERS = 20
MAX_REASONS = 30
ApplicationId = Annotated[relay.GlobalID, strawberry.argument(description="The application.")]
Reason = Annotated[str, strawberry.argument(description="Why, for the record (500 characters kept).")]


@strawberry.input(description="A one-thing scenario question's answer.")
class ScenarioAnswerInput:
    question: str = strawberry.field(description="The question's id, from the scenario's questions.")
    values: list[str] = strawberry.field(description="The chosen options' values.")


@strawberry.input(description="What is wrong with one material (补正).")
class MaterialReasonInput:
    material: str = strawberry.field(description="The material's name in the matter.")
    reason: str = strawberry.field(description="What is wrong with it, in words the applicant understands.")


@strawberry.type(description="The application, or why not.")
class ApplicationPayload:
    application: Application | None = strawberry.field(default=None, description="The case, when done.")
    errors: list[ApplicationError] = strawberry.field(
        default_factory=list, description="Why not; empty on success."
    )


@strawberry.type(description="The applications started, or why not.")
class ApplicationsPayload:
    applications: list[Application] = strawberry.field(default_factory=list, description="One per matter.")
    errors: list[ApplicationError] = strawberry.field(
        default_factory=list, description="Why not; empty on success."
    )


def _payload(row: Case) -> ApplicationPayload:
    return ApplicationPayload(application=Application.from_model(row))


@strawberry.type
class ApplicationMutations:
    @strawberry.mutation(
        description="Start a draft application for an online matter (for yourself or an enterprise)."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def start_application(
        self,
        info: Info,
        matter_code: Annotated[str, strawberry.argument(description="The matter's code, e.g. LJ-RSJ-007.")],
        enterprise_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="An enterprise you may act for.")
        ] = None,
    ) -> ApplicationPayload:
        enterprise = _pk(enterprise_id, "Enterprise", "enterpriseId") if enterprise_id else None
        row = await info.context.services.applications.start(viewer(info), matter_code[:32], enterprise)
        return _payload(row)

    @strawberry.mutation(
        description="Start a draft for every online matter a one-thing scenario's answers call for."
    )
    @errors_in_payload(ApplicationsPayload, ApplicationError.from_problem)
    async def start_scenario_applications(
        self,
        info: Info,
        scenario_code: str,
        answers: list[ScenarioAnswerInput],
        enterprise_id: relay.GlobalID | None = None,
    ) -> ApplicationsPayload:
        if len(answers) > MAX_ANSWERS:
            raise DomainError.one("INVALID_ANSWER", f"at most {MAX_ANSWERS} answers", "answers")
        enterprise = _pk(enterprise_id, "Enterprise", "enterpriseId") if enterprise_id else None
        rows = await info.context.services.applications.start_scenario(
            viewer(info),
            scenario_code[:32],
            [Answer(a.question, tuple(a.values)) for a in answers],
            enterprise,
        )
        return ApplicationsPayload(applications=[Application.from_model(r) for r in rows])

    @strawberry.mutation(
        description="Save the form (a draft may be incomplete, never invalid): it replaces the last."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def save_application_form(
        self,
        info: Info,
        application_id: ApplicationId,
        form: Annotated[JSON, strawberry.argument(description="An object of field key -> text.")],
    ) -> ApplicationPayload:
        row = await info.context.services.applications.save_form(viewer(info), _case(application_id), form)
        return _payload(row)

    @strawberry.mutation(
        description="Use one of your e-licences for a material instead of an upload (减材料)."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def attach_licence_to_application(
        self, info: Info, application_id: ApplicationId, material: str, licence_id: relay.GlobalID
    ) -> ApplicationPayload:
        service = info.context.services.applications
        case_id = _case(application_id)
        await service.attach_licence(
            viewer(info), case_id, material[:128], _pk(licence_id, "Licence", "licenceId")
        )
        return _payload(await service.case_for(viewer(info), case_id))

    @strawberry.mutation(
        description="Submit: the same submitKey again returns the same case (a double tap submits once)."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def submit_application(
        self,
        info: Info,
        application_id: ApplicationId,
        submit_key: Annotated[str, strawberry.argument(description="8-64 characters the client makes once.")],
    ) -> ApplicationPayload:
        row = await info.context.services.applications.submit(
            viewer(info), _case(application_id), submit_key[:100]
        )
        return _payload(row)

    @strawberry.mutation(
        description="Withdraw a draft or a submitted case (before the department accepts it)."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def withdraw_application(
        self, info: Info, application_id: ApplicationId, reason: Reason = ""
    ) -> ApplicationPayload:
        return _payload(
            await info.context.services.applications.withdraw(viewer(info), _case(application_id), reason)
        )

    @strawberry.mutation(
        description="Send the case back to the department once the asked-for materials are replaced."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def supplement_application(self, info: Info, application_id: ApplicationId) -> ApplicationPayload:
        return _payload(
            await info.context.services.applications.supplement(viewer(info), _case(application_id))
        )

    @strawberry.mutation(
        description="Accept a submitted case (受理; staff of its department): its deadline starts."
    )
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def accept_application(self, info: Info, application_id: ApplicationId) -> ApplicationPayload:
        return _payload(await info.context.services.applications.accept(viewer(info), _case(application_id)))

    @strawberry.mutation(description="Ask the applicant for supplements (补正), with a reason per material.")
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def request_application_supplements(
        self,
        info: Info,
        application_id: ApplicationId,
        materials: list[MaterialReasonInput],
        reason: Reason = "",
    ) -> ApplicationPayload:
        if len(materials) > MAX_REASONS:
            raise DomainError.one("INVALID_MATERIALS", f"at most {MAX_REASONS} materials", "materials")
        reasons = {m.material[:128]: m.reason for m in materials}
        if len(reasons) != len(materials):
            raise DomainError.one("INVALID_MATERIALS", "each material once", "materials")
        row = await info.context.services.applications.request_supplements(
            viewer(info), _case(application_id), reasons, reason
        )
        return _payload(row)

    @strawberry.mutation(description="Approve an accepted case (staff of its department).")
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def approve_application(
        self, info: Info, application_id: ApplicationId, reason: Reason = ""
    ) -> ApplicationPayload:
        return _payload(
            await info.context.services.applications.approve(viewer(info), _case(application_id), reason)
        )

    @strawberry.mutation(description="Reject a case, saying why (staff of its department).")
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def reject_application(
        self, info: Info, application_id: ApplicationId, reason: Reason
    ) -> ApplicationPayload:
        return _payload(
            await info.context.services.applications.reject(viewer(info), _case(application_id), reason)
        )

    @strawberry.mutation(description="Rate a decided case of yours (好差评): 5 非常满意 … 1 非常不满意.")
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def rate_application(
        self,
        info: Info,
        application_id: ApplicationId,
        level: int,
        reasons: list[str] | None = None,
        comment: str = "",
    ) -> ApplicationPayload:
        service = info.context.services.applications
        case_id = _case(application_id)
        await service.rate(viewer(info), case_id, level, (reasons or [])[:50], comment[:1000])
        return _payload(await service.case_for(viewer(info), case_id))

    @strawberry.mutation(description="Answer a bad rating of your department's case (整改), once.")
    @errors_in_payload(ApplicationPayload, ApplicationError.from_problem)
    async def reply_to_application_rating(
        self, info: Info, application_id: ApplicationId, reply: str
    ) -> ApplicationPayload:
        service = info.context.services.applications
        case_id = _case(application_id)
        await service.reply_to_rating(viewer(info), case_id, reply[:2000])
        return _payload(await service.case_for(viewer(info), case_id))


def _pk(global_id: relay.GlobalID, type_name: str, field: str) -> int:
    pk = node_pk(global_id, type_name)
    if pk is None:
        raise NotFound(type_name.lower(), field)
    return pk


def _case(global_id: relay.GlobalID) -> int:
    return _pk(global_id, "Application", "applicationId")
