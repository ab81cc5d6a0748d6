"""Licence mutations: staff issue and revoke; holders show a licence once and withdraw consent."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from luojiang.api.context import Info
from luojiang.api.errors import errors_in_payload
from luojiang.api.identity.permissions import viewer
from luojiang.api.licences.types import (
    Licence,
    LicenceError,
    LicenceHolderKind,
    LicenceShowing,
)
from luojiang.api.relay import node_pk
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.licences.issuance import Holder, IssueRequest
from luojiang.core.licences.models import HolderKind

MAX_FIELDS = 50


@strawberry.input(description="Who the licence is issued to.")
class LicenceHolderInput:
    kind: LicenceHolderKind = strawberry.field(description="A person or an enterprise.")  # type: ignore[valid-type]
    name: str = strawberry.field(description="The person's or enterprise's name.")
    number: str = strawberry.field(description="A resident ID number, or a unified social credit code.")


@strawberry.input(description="A licence to issue, of a type the caller's department issues.")
class IssueLicenceInput:
    licence_type: str = strawberry.field(description="The licence type's code, e.g. LIC-YYZZ.")
    holder: LicenceHolderInput = strawberry.field(
        description="Who holds it; must match the type's holder kind."
    )
    fields: JSON = strawberry.field(description="The type's data fields: an object of key -> text.")
    valid_from: date | None = strawberry.field(default=None, description="Default: today (Beijing).")
    valid_until: date | None = strawberry.field(default=None, description="Default: from the type.")
    identifier: str | None = strawberry.field(
        default=None, description="One the department already gave it (checked); default: a new one."
    )


@strawberry.type(description="The licence issued or changed, or why not.")
class LicencePayload:
    licence: Licence | None = strawberry.field(default=None, description="The licence, when it was done.")
    errors: list[LicenceError] = strawberry.field(
        default_factory=list, description="Why not; empty on success."
    )


@strawberry.type(description="A one-time code to show, or why not.")
class ShowLicencePayload:
    showing: LicenceShowing | None = strawberry.field(default=None, description="The code to show.")
    errors: list[LicenceError] = strawberry.field(
        default_factory=list, description="Why not; empty on success."
    )


@strawberry.type(description="Whether the consent was withdrawn.")
class WithdrawLicenceConsentPayload:
    ok: bool = strawberry.field(default=False, description="The consent was withdrawn.")
    errors: list[LicenceError] = strawberry.field(
        default_factory=list, description="Why not; empty on success."
    )


@strawberry.type
class LicenceMutations:
    @strawberry.mutation(description="Issue an e-licence (staff of the type's issuing department).")
    @errors_in_payload(LicencePayload, LicenceError.from_problem)
    async def issue_licence(
        self, info: Info, input: Annotated[IssueLicenceInput, strawberry.argument(description="The licence.")]
    ) -> LicencePayload:
        licence = await info.context.services.licences.issue(viewer(info), _request(input))
        return LicencePayload(licence=Licence.from_model(licence))

    @strawberry.mutation(description="Revoke an e-licence (staff of its issuing department).")
    @errors_in_payload(LicencePayload, LicenceError.from_problem)
    async def revoke_licence(
        self,
        info: Info,
        licence_id: Annotated[relay.GlobalID, strawberry.argument(description="The licence to revoke.")],
        reason: Annotated[str, strawberry.argument(description="Why, for the record (255 characters kept).")],
    ) -> LicencePayload:
        licence = await info.context.services.licences.revoke(viewer(info), _licence_pk(licence_id), reason)
        return LicencePayload(licence=Licence.from_model(licence))

    @strawberry.mutation(
        description="A one-time 亮证 code for one of your licences (real-name level L2): the verifier "
        "sees its essentials, its checks and only the fields you name."
    )
    @errors_in_payload(ShowLicencePayload, LicenceError.from_problem)
    async def show_licence(
        self,
        info: Info,
        licence_id: Annotated[relay.GlobalID, strawberry.argument(description="One of your licences.")],
        fields: Annotated[
            list[str] | None,
            strawberry.argument(description="Keys of the fields the verifier may see in full."),
        ] = None,
        purpose: Annotated[str, strawberry.argument(description="Why you show it, e.g. 入住登记.")] = "",
    ) -> ShowLicencePayload:
        showing = await info.context.services.licences.show(
            viewer(info), _licence_pk(licence_id), purpose, fields or []
        )
        return ShowLicencePayload(showing=LicenceShowing.from_showing(showing))

    @strawberry.mutation(description="Withdraw your consent to an application using one of your licences.")
    @errors_in_payload(WithdrawLicenceConsentPayload, LicenceError.from_problem)
    async def withdraw_licence_consent(
        self,
        info: Info,
        licence_id: Annotated[relay.GlobalID, strawberry.argument(description="One of your licences.")],
        case_number: Annotated[str, strawberry.argument(description="The application's case number.")],
    ) -> WithdrawLicenceConsentPayload:
        await info.context.services.licences.withdraw_consent(
            viewer(info), _licence_pk(licence_id), case_number[:64]
        )
        return WithdrawLicenceConsentPayload(ok=True)


def _request(input: IssueLicenceInput) -> IssueRequest:
    fields = input.fields
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise DomainError.one(
            "INVALID_FIELDS", f"fields is an object of at most {MAX_FIELDS} keys.", "fields"
        )
    holder = input.holder
    return IssueRequest(
        licence_type=input.licence_type,
        holder=Holder(HolderKind(holder.kind), holder.name, holder.number),
        fields=fields,
        valid_from=input.valid_from,
        valid_until=input.valid_until,
        identifier=input.identifier,
    )


def _licence_pk(global_id: relay.GlobalID) -> int:
    pk = node_pk(global_id, "Licence")
    if pk is None:
        raise NotFound("licence", field="licenceId")
    return pk
