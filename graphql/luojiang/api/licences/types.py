"""E-licence types. A licence's data is its holder's: values are masked unless the holder asks for
them in full, and another person's licence reads as null."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

import segno
import strawberry
from strawberry import relay

from luojiang.api.context import Info
from luojiang.api.errors import UserError
from luojiang.api.identity.permissions import viewer
from luojiang.api.licences import loaders
from luojiang.api.nodes import RowNode
from luojiang.api.relay import After, Connection, First
from luojiang.core.errors import Problem
from luojiang.core.licences import models, service, views
from luojiang.core.licences.service import holds
from luojiang.core.pagination import PageRequest

LicenceStatus = strawberry.enum(models.LicenceStatus, name="LicenceStatus", description="Revoked or not.")
LicenceHolderKind = strawberry.enum(models.HolderKind, name="LicenceHolderKind", description="Who holds it.")
LicenceValidity = strawberry.enum(
    views.Validity, name="LicenceValidity", description="Today against its dates."
)
LicenceUseKind = strawberry.enum(models.UseKind, name="LicenceUseKind", description="How it was read.")
FULL = strawberry.argument(description="The full value instead of the masked one.")


@strawberry.enum(description="Why a licence operation was refused.")
class LicenceErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    ASSURANCE_TOO_LOW = "ASSURANCE_TOO_LOW"
    INVALID_IDENTIFIER = "INVALID_IDENTIFIER"
    IDENTIFIER_TAKEN = "IDENTIFIER_TAKEN"
    INVALID_HOLDER = "INVALID_HOLDER"
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    INVALID_CREDIT_CODE = "INVALID_CREDIT_CODE"
    INVALID_FIELDS = "INVALID_FIELDS"
    INVALID_DATES = "INVALID_DATES"
    INVALID_PURPOSE = "INVALID_PURPOSE"
    NOT_REGISTERED = "NOT_REGISTERED"
    ALREADY_REVOKED = "ALREADY_REVOKED"


@strawberry.type(description="A refused licence operation: nothing was changed.")
class LicenceError(UserError):
    code: LicenceErrorCode = strawberry.field(description="What was wrong, for programs.")

    @classmethod
    def from_problem(cls, problem: Problem) -> LicenceError:
        return cls(code=LicenceErrorCode(problem.code), field=problem.field, message=problem.message)


@strawberry.type(description="One data field of a licence, as its type labels it.")
class LicenceDataField:
    key: str = strawberry.field(description="The field's key in the licence type, e.g. id_number.")
    label: str = strawberry.field(description="The label printed on the licence, e.g. 公民身份号码.")
    value: str = strawberry.field(description="The value, masked unless asked for in full.")


@strawberry.type(description="What verifying a licence found: each check, and whether all passed.")
class LicenceChecks:
    signature_valid: bool = strawberry.field(
        description="The content is exactly what the issuing department's key signed."
    )
    validity: views.Validity = strawberry.field(description="Whether today is within its validity.")
    revoked: bool = strawberry.field(description="The issuing department revoked it.")
    revoked_at: datetime | None = strawberry.field(description="When it was revoked.")
    passed: bool = strawberry.field(description="Signature valid, within validity and not revoked.")

    @classmethod
    def from_checks(cls, checks: views.Checks) -> LicenceChecks:
        return cls(
            signature_valid=checks.signature_valid,
            validity=checks.validity,
            revoked=checks.revoked,
            revoked_at=checks.revoked_at,
            passed=checks.passed,
        )


@strawberry.type(description="One read of the licence by someone other than its holder (用证记录).")
class LicenceUse:
    kind: models.UseKind = strawberry.field(description="A verifier's scan, or use in an application.")
    reader: str = strawberry.field(description="Who read it: a verifier, a case, a department.")
    purpose: str = strawberry.field(description="What for, as the reader or the holder gave it.")
    fields_seen: list[str] = strawberry.field(
        description="For a verifier's scan: the fields it showed in full."
    )
    at: datetime = strawberry.field(description="When.")

    @classmethod
    def from_model(cls, row: models.LicenceUse) -> LicenceUse:
        return cls(
            kind=row.kind, reader=row.reader, purpose=row.purpose, fields_seen=row.fields_seen, at=row.at
        )


@strawberry.type(description="The holder's consent to one application using this licence (授权用证).")
class LicenceConsent:
    case_number: str = strawberry.field(description="The application's case number.")
    purpose: str = strawberry.field(description="What the application uses it for.")
    granted_at: datetime = strawberry.field(description="When the holder consented.")
    withdrawn_at: datetime | None = strawberry.field(description="When the holder withdrew, if they did.")


@strawberry.type(description="An e-licence (电子证照) in its holder's wallet.")
class Licence(RowNode[models.Licence]):
    id: relay.NodeID[int]
    identifier: str = strawberry.field(
        description="The national identifier (GB/T 36904), check character last."
    )
    licence_type: str = strawberry.field(description="The licence type's code, e.g. LIC-JMSFZ.")
    holder_kind: models.HolderKind = strawberry.field(description="A person or an enterprise.")
    valid_from: date = strawberry.field(description="First day of validity (Beijing).")
    valid_until: date | None = strawberry.field(description="Last day of validity; null: no end.")
    status: models.LicenceStatus = strawberry.field(description="Valid, or revoked by its issuer.")
    issued_at: datetime = strawberry.field(description="When it was issued here.")
    row: strawberry.Private[models.Licence]
    # its decrypted content, read when a field needs it (a node asked only for its id never does)
    opened: strawberry.Private[list[views.LicenceView]]

    def view(self, info: Info) -> views.LicenceView:
        if not self.opened:
            self.opened.append(info.context.services.licences.view(self.row))
        return self.opened[0]

    @strawberry.field(description="The licence type's name, e.g. 居民身份证.")
    def type_name(self, info: Info) -> str:
        return self.view(info).type_name

    @strawberry.field(description="The issuing department's name.")
    def issuer_name(self, info: Info) -> str:
        return self.view(info).issuer_name

    @strawberry.field(description="The holder's name, e.g. 张*.")
    def holder_name(self, info: Info, full: bool = False) -> str:
        return self.view(info).holder_name(full)

    @strawberry.field(description="The holder's resident ID number or credit code, e.g. 5106**********1232.")
    def holder_number(self, info: Info, full: bool = False) -> str:
        return self.view(info).holder_number(full)

    @strawberry.field(description="The licence's data fields, in its type's order.")
    def fields(self, info: Info, full: bool = False) -> list[LicenceDataField]:
        return [
            LicenceDataField(key=f.key, label=f.label, value=f.value) for f in self.view(info).fields(full)
        ]

    @strawberry.field(description="Its signature, validity and revocation, checked now.")
    async def checks(self, info: Info) -> LicenceChecks:
        found = await info.context.services.licences.check(self.row)
        return LicenceChecks.from_checks(found)

    @strawberry.field(description="Who read it besides its holder, oldest first (the holder's data tracker).")
    async def uses(self, info: Info, first: First, after: After = None) -> Connection[LicenceUse]:
        page = await info.context.services.licences.uses(
            viewer(info), self.id, PageRequest(first=first, after=after)
        )
        return Connection.from_page(page, LicenceUse.from_model)

    @strawberry.field(description="Applications the holder let use it, and consents withdrawn.")
    async def consents(self, info: Info) -> list[LicenceConsent]:
        rows = await info.context.loaders.get(loaders.consents_by_licence).load(self.id)
        return [
            LicenceConsent(
                case_number=r.case_number,
                purpose=r.purpose,
                granted_at=r.granted_at,
                withdrawn_at=r.withdrawn_at,
            )
            for r in rows
        ]

    @classmethod
    def from_model(cls, row: models.Licence) -> Licence:
        return cls(
            id=row.id,
            identifier=row.identifier,
            licence_type=row.licence_type,
            holder_kind=row.holder_kind,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            status=row.status,
            issued_at=row.issued_at,
            row=row,
            opened=[],
        )

    @classmethod
    async def load_rows(cls, info: Info, keys: list[int]) -> Sequence[models.Licence | None]:
        return await info.context.loaders.get(loaders.licence_by_id).load_many(keys)

    @classmethod
    def may_see(cls, info: Info, row: models.Licence) -> bool:
        return holds(viewer(info), row)


@strawberry.type(description="A one-time 亮证 code: shown as a QR code, opened once by a verifier.")
class LicenceShowing:
    token: str = strawberry.field(description="The one-time token (128 random bits, signed).")
    url: str = strawberry.field(description="The verification page the QR code opens.")
    expires_at: datetime = strawberry.field(description="After this the page refuses it.")

    @strawberry.field(description="The URL as a QR code, an SVG document.")
    def qr_svg(self) -> str:
        return str(segno.make(self.url, error="m").svg_inline(scale=4))

    @classmethod
    def from_showing(cls, showing: service.Showing) -> LicenceShowing:
        return cls(token=showing.token, url=showing.url, expires_at=showing.expires_at)
