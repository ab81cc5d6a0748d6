"""Issuing a licence: the holder, the data fields and the dates checked, the identifier given (or,
when the department brings one, checked), the content signed by the department's newest key.

One path serves staff issuance, the import and approved applications: they differ only in who
issued (``issued_by``) and, for applications, the case number that makes issuing idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from luojiang.core.catalogue.models import Department, LicenceType
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity.models import Enterprise, Person
from luojiang.core.identity.personal import PersonalData
from luojiang.core.licences import identifiers, repository, signing
from luojiang.core.licences.keys import DepartmentKeys
from luojiang.core.licences.models import HolderKind, Licence
from luojiang.core.licences.views import seal
from luojiang.core.security import validation

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_FIELD_CHARS = 500


@dataclass(frozen=True)
class Holder:
    kind: HolderKind
    name: str
    number: str  # a resident ID number (person) or a unified social credit code (enterprise)


@dataclass(frozen=True)
class IssueRequest:
    licence_type: str
    holder: Holder
    fields: Mapping[str, str] = field(default_factory=dict)
    valid_from: date | None = None  # default: today in Beijing
    valid_until: date | None = None  # default: from the type's valid_years, else none
    identifier: str | None = None  # one the department already gave it; else ours


@dataclass(frozen=True)
class Draft:
    """A request that passed every check that needs no lock."""

    request: IssueRequest
    licence_type: LicenceType
    department: Department
    holder: Holder
    type_code: str
    issuer_code: str
    valid_from: date
    valid_until: date | None
    fields: list[dict[str, str]]


def beijing_today(now: datetime) -> date:
    return now.astimezone(SHANGHAI).date()


@dataclass(frozen=True)
class Issuer:
    keys: DepartmentKeys
    personal: PersonalData
    clock: Callable[[], datetime]

    async def draft(self, request: IssueRequest) -> Draft:
        licence_type = await repository.licence_type(request.licence_type)
        if licence_type is None:
            raise NotFound("licence type", "licenceType")
        department = await repository.department(licence_type.issuer_department)
        if department is None:
            raise NotFound("issuing department", "licenceType")
        holder = _checked_holder(request.holder, licence_type)
        type_codes = await repository.national_codes("type", [licence_type.code])
        issuer_codes = await repository.national_codes("issuer", [department.code])
        if licence_type.code not in type_codes or department.code not in issuer_codes:
            raise DomainError.one(
                "NOT_REGISTERED",
                "The licence type or its issuing department has no national code (licence_codes.json).",
                "licenceType",
            )
        valid_from = request.valid_from or beijing_today(self.clock())
        valid_until = request.valid_until or _default_end(valid_from, licence_type.valid_years)
        if valid_until is not None and valid_until < valid_from:
            raise DomainError.one("INVALID_DATES", "The licence would end before it starts.", "validUntil")
        draft = Draft(
            request=request,
            licence_type=licence_type,
            department=department,
            holder=holder,
            type_code=type_codes[licence_type.code],
            issuer_code=issuer_codes[department.code],
            valid_from=valid_from,
            valid_until=valid_until,
            fields=_checked_fields(request.fields, licence_type),
        )
        if request.identifier is not None:
            self._check_identifier(draft, request.identifier)
        return draft

    async def store(self, draft: Draft, issued_by: str, case_number: str | None = None) -> Licence:
        """Inside the caller's transaction: the serial and the holder's row are written with it."""
        identifier = draft.request.identifier or await self._new_identifier(draft)
        if await repository.licence_by_identifier(identifier) is not None:
            raise DomainError.one("IDENTIFIER_TAKEN", "A licence with this identifier exists.", "identifier")
        person, enterprise = await self._holder_row(draft.holder)
        key = await self.keys.signing_key(draft.department.id)
        content = signing.content(
            identifier=identifier,
            type_code=draft.licence_type.code,
            type_name=draft.licence_type.name,
            department_code=draft.department.code,
            department_name=draft.department.name,
            issuer_code=draft.issuer_code,
            holder=_holder_content(draft.holder),
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
            fields=draft.fields,
        )
        return await repository.create_licence(
            identifier=identifier,
            licence_type=draft.licence_type.code,
            department_id=draft.department.id,
            holder_kind=draft.holder.kind,
            holder_person_id=person.id if person else None,
            holder_enterprise_id=enterprise.id if enterprise else None,
            valid_from=draft.valid_from,
            valid_until=draft.valid_until,
            content_enc=seal(self.keys.cipher, content),
            kid=key.kid,
            signature=self.keys.sign(key, signing.canonical(content)),
            case_number=case_number,
            issued_by=issued_by,
        )

    def _check_identifier(self, draft: Draft, text: str) -> None:
        parsed = identifiers.parse(text)
        if parsed.type_code != draft.type_code or parsed.issuer_code != draft.issuer_code:
            raise DomainError.one(
                "INVALID_IDENTIFIER",
                "The identifier's type or issuer code is not this licence type's.",
                "identifier",
            )

    async def _new_identifier(self, draft: Draft) -> str:
        year = draft.valid_from.year
        number = await repository.next_serial(f"{draft.type_code}.{draft.issuer_code}.{year}")
        return str(identifiers.build(draft.type_code, draft.issuer_code, f"{year}{number:07d}"))

    async def _holder_row(self, holder: Holder) -> tuple[Person | None, Enterprise | None]:
        """The holder's account, made if they have none yet: when they log in with a verified
        resident ID (or act for the enterprise), the licence is in their wallet."""
        if holder.kind is HolderKind.ENTERPRISE:
            return None, await repository.enterprise_for(holder.number, holder.name)
        digest = self.personal.id_number_hash(holder.number)
        person = await repository.person_by_id_number_hash(digest)
        if person is None:
            person = Person()
            self.personal.set_id_number(person, holder.number)
            self.personal.set_name(person, holder.name)
            await repository.save_person(person)
        return person, None


def _checked_holder(holder: Holder, licence_type: LicenceType) -> Holder:
    if holder.kind.value != licence_type.holder_kind:
        raise DomainError.one(
            "INVALID_HOLDER", f"This licence type is held by a {licence_type.holder_kind}.", "holder.kind"
        )
    name = holder.name.strip()
    if not 1 <= len(name) <= 128:
        raise DomainError.one(
            "INVALID_HOLDER", "The holder's name must be 1 to 128 characters.", "holder.name"
        )
    if holder.kind is HolderKind.PERSON:
        return Holder(holder.kind, name, validation.resident_id(holder.number, "holder.number"))
    return Holder(holder.kind, name, validation.credit_code(holder.number, "holder.number"))


def _checked_fields(values: Mapping[str, str], licence_type: LicenceType) -> list[dict[str, str]]:
    spec = {f["key"]: f["label"] for f in licence_type.fields_spec}
    unknown = sorted(k for k in values if k not in spec)
    if unknown:
        raise DomainError.one("INVALID_FIELDS", f"Not fields of this licence type: {unknown}.", "fields")
    if any(not isinstance(v, str) or len(v) > MAX_FIELD_CHARS for v in values.values()):
        raise DomainError.one(
            "INVALID_FIELDS", f"Field values are text of at most {MAX_FIELD_CHARS} characters.", "fields"
        )
    return [{"key": k, "label": label, "value": values[k]} for k, label in spec.items() if k in values]


def _holder_content(holder: Holder) -> dict[str, str]:
    number_key = "id_number" if holder.kind is HolderKind.PERSON else "credit_code"
    return {"kind": holder.kind.value, "name": holder.name, number_key: holder.number}


def _default_end(start: date, valid_years: int | None) -> date | None:
    if not valid_years:
        return None
    try:
        anniversary = start.replace(year=start.year + valid_years)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + valid_years, day=28)
    return anniversary - timedelta(days=1)
