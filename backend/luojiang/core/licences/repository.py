"""Every e-licence query. Changes that must happen once (a token's single use, a serial) are
guarded UPDATEs or row locks; the service decides what losing means."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import orjson
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q

from luojiang.core.catalogue import repository as catalogue_repository
from luojiang.core.catalogue.models import Department, LicenceType
from luojiang.core.identity import repository as people
from luojiang.core.identity.models import Enterprise
from luojiang.core.licences.models import (
    Consent,
    Licence,
    LicenceStatus,
    LicenceUse,
    NationalCode,
    SerialCounter,
    ShowToken,
    SigningKey,
    UseKind,
)
from luojiang.core.pagination import Page, PageRequest, paginate

# ---- the neighbours' rows a licence refers to: through their repositories --------------------


async def licence_type(code: str) -> LicenceType | None:
    return (await catalogue_repository.by_codes(LicenceType, [code])).get(code)


async def department(code: str) -> Department | None:
    """Retired or not: a retired department's licences still verify (rotation, revocation)."""
    department_id = await catalogue_repository.department_id_by_code(code)
    if department_id is None:
        return None
    return (await catalogue_repository.departments_by_ids([department_id])).get(department_id)


person = people.person
person_by_id_number_hash = people.person_by_id_number_hash
person_by_phone_hash = people.person_by_phone_hash
save_person = people.save_person
enterprise = people.enterprise


async def enterprise_for(credit_code: str, name: str, representative_id: int | None = None) -> Enterprise:
    """The enterprise with this credit code, recorded if new (its representative, if known)."""
    found = await people.enterprise_by_credit_code(credit_code)
    if found is not None:
        return found
    return await people.add_enterprise(credit_code, name, representative_id, "licence")


# ---- national codes and serials ---------------------------------------------------------------


async def national_codes(kind: str, codes: Collection[str]) -> dict[str, str]:
    rows = await NationalCode.filter(kind=kind, code__in=list(codes), retired_at=None)
    return {r.code: r.national_code for r in rows}


async def all_national_codes() -> list[NationalCode]:
    return await NationalCode.all()


async def renew_national_code(row: NationalCode, national_code: str) -> None:
    """The code the file gives now, and back from retirement if it was retired."""
    row.update_from_dict({"national_code": national_code, "retired_at": None})
    await row.save()


async def bulk_create_national_codes(rows: Sequence[NationalCode]) -> None:
    await NationalCode.bulk_create(list(rows))


async def retire_national_codes(ids: Sequence[int], now: datetime) -> int:
    return await NationalCode.filter(id__in=list(ids)).update(retired_at=now)


async def next_serial(scope: str) -> int:
    """The next number of ``scope``, inside the caller's transaction (the row stays locked)."""
    counter, _ = await SerialCounter.get_or_create(scope=scope)
    await SerialCounter.filter(id=counter.id).update(last_number=F("last_number") + 1)
    locked = await SerialCounter.filter(id=counter.id).select_for_update().get()
    return locked.last_number


# ---- signing keys ------------------------------------------------------------------------------


async def newest_key(department_id: int) -> SigningKey | None:
    return await SigningKey.filter(department_id=department_id).order_by("-id").first()


async def create_key(
    department_id: int, kid: str, algorithm: str, public_key: str, private_key_enc: str
) -> SigningKey:
    return await SigningKey.create(
        department_id=department_id,
        kid=kid,
        algorithm=algorithm,
        public_key=public_key,
        private_key_enc=private_key_enc,
    )


async def key_by_kid(kid: str) -> SigningKey | None:
    return await SigningKey.get_or_none(kid=kid)


async def published_keys() -> list[dict[str, Any]]:
    return (
        await SigningKey.all()
        .order_by("id")
        .values("kid", "algorithm", "public_key", "created_at", department_code="department__code")
    )


# ---- licences ----------------------------------------------------------------------------------


async def licence(licence_id: int) -> Licence | None:
    return await Licence.get_or_none(id=licence_id)


async def valid_expiring(first_day: date, last_day: date, limit: int) -> list[Licence]:
    """Valid licences whose last valid day falls in ``[first_day, last_day]``, soonest first."""
    query = Licence.filter(status=LicenceStatus.VALID, valid_until__gte=first_day, valid_until__lte=last_day)
    return list(await query.order_by("valid_until", "id").limit(limit))


async def licence_type_names(codes: Collection[str]) -> dict[str, str]:
    return {row.code: row.name for row in await LicenceType.filter(code__in=list(codes))}


async def holder_person_id(licence: Licence) -> int | None:
    """Who is told about the licence: its holder, or the enterprise's legal representative."""
    if licence.holder_person_id is not None:
        return licence.holder_person_id
    enterprise = (
        await people.enterprise(licence.holder_enterprise_id) if licence.holder_enterprise_id else None
    )
    return enterprise.legal_representative_id if enterprise else None


async def licences_by_ids(ids: Sequence[int]) -> dict[int, Licence]:
    return {row.id: row for row in await Licence.filter(id__in=list(ids))}


async def licence_by_identifier(identifier: str) -> Licence | None:
    return await Licence.get_or_none(identifier=identifier)


async def licence_by_case(case_number: str) -> Licence | None:
    return await Licence.get_or_none(case_number=case_number)


async def licences_by_identifiers(identifiers: Collection[str]) -> dict[str, Licence]:
    return {r.identifier: r for r in await Licence.filter(identifier__in=list(identifiers))}


async def create_licence(**values: Any) -> Licence:
    return await Licence.create(**values)


def _held_by(person_id: int | None, enterprise_ids: Collection[int]) -> Q:
    """The person's (None: no person's) and the enterprises' licences; at least one is named."""
    if person_id is None:
        return Q(holder_enterprise_id__in=list(enterprise_ids))
    held = Q(holder_person_id=person_id)
    if enterprise_ids:
        held |= Q(holder_enterprise_id__in=list(enterprise_ids))
    return held


async def held_licence_page(
    request: PageRequest, person_id: int, enterprise_ids: Collection[int]
) -> Page[Licence]:
    """The wallet: one statement for the page, whatever its size."""
    return await paginate(Licence.filter(_held_by(person_id, enterprise_ids)), request)


async def valid_held(
    person_id: int | None, enterprise_ids: Collection[int], types: Collection[str], today: date
) -> list[Licence]:
    return await Licence.filter(
        _held_by(person_id, enterprise_ids),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        licence_type__in=list(types),
        status=LicenceStatus.VALID,
        valid_from__lte=today,
    ).order_by("id")


async def revoke(licence_id: int, now: datetime, reason: str) -> bool:
    won = await Licence.filter(id=licence_id, status=LicenceStatus.VALID).update(
        status=LicenceStatus.REVOKED, revoked_at=now, revoke_reason=reason
    )
    return won == 1


# ---- show tokens -------------------------------------------------------------------------------


async def create_show_token(**values: Any) -> ShowToken:
    return await ShowToken.create(**values)


@dataclass(frozen=True)
class Spent:
    """A token just spent: what its scan may show, and the licence's status at that moment."""

    licence_id: int
    purpose: str
    fields: list[str]
    status: LicenceStatus


# The verification page is the area's hot path, so spending tokens is ONE statement for a whole
# batch of scans (``core.batches``): each scan's log row is inserted from its token and licence,
# the unique show_token skips a token spent before (also by another instance, at the same moment),
# and RETURNING gives what the pages need. INSERT ... SELECT ... ON CONFLICT ... RETURNING: SQLite
# 3.35+ and PostgreSQL (SQLite wants the WHERE that this SELECT has). Written out here because the
# ORM builds no INSERT ... SELECT.
def _placeholders(conn: BaseDBAsyncClient, count: int) -> list[str]:
    return [f"${n}" if conn.capabilities.dialect == "postgres" else "?" for n in range(1, count + 1)]


async def spend_show_tokens(
    token_hashes: Collection[str], now: datetime, default_purpose: str
) -> dict[str, Spent]:
    """The tokens spent now, by hash; a hash missing was spent before, or never stored."""
    conn = connections.get("default")
    kind, purpose, at, *digests = _placeholders(conn, 3 + len(token_hashes))
    sql = (
        "INSERT INTO licences_use"  # noqa: S608 -- fixed text; every value is a bound parameter
        " (licence_id, kind, show_token_id, reader, purpose, fields_seen, status_seen, at)"
        f" SELECT t.licence_id, {kind}, t.id, 'verifier',"
        f" CASE WHEN t.purpose = '' THEN {purpose} ELSE t.purpose END, t.shown_fields, l.status, {at}"
        " FROM licences_show_token t JOIN licences_licence l ON l.id = t.licence_id"
        f" WHERE t.token_hash IN ({', '.join(digests)})"
        # one lock order for every batch: two instances spending overlapping batches would
        # otherwise each wait on the other's uncommitted insert (a deadlock on PostgreSQL)
        " ORDER BY t.id"
        " ON CONFLICT DO NOTHING RETURNING licence_id, purpose, fields_seen, status_seen,"
        " (SELECT token_hash FROM licences_show_token s WHERE s.id = show_token_id) AS token_hash"
    )
    at_value = LicenceUse._meta.fields_map["at"].to_db_value(now, LicenceUse)
    values = [UseKind.VERIFIER_SCAN.value, default_purpose, at_value, *token_hashes]
    return {str(row["token_hash"]): _spent(row) for row in await conn.execute_query_dict(sql, values)}


async def stored_show_tokens(token_hashes: Collection[str]) -> set[str]:
    rows = await ShowToken.filter(token_hash__in=list(token_hashes)).values_list("token_hash", flat=True)
    return {str(h) for h in rows}


def _spent(row: dict[str, Any]) -> Spent:
    shown = row["fields_seen"]
    return Spent(
        licence_id=int(row["licence_id"]),
        purpose=str(row["purpose"]),
        fields=list(orjson.loads(shown) if isinstance(shown, (str, bytes)) else shown),
        status=LicenceStatus(row["status_seen"]),
    )


# ---- consents and the use log -----------------------------------------------------------------


async def grant_consent(licence_id: int, case_number: str, purpose: str, person_id: int) -> None:
    """One statement (INSERT … ON CONFLICT DO UPDATE), consent given again after a withdrawal
    included: two attachments at once make one row, where a read then an insert let both insert
    and one fail on the unique key (a 500 on PostgreSQL)."""
    row = Consent(licence_id=licence_id, case_number=case_number, purpose=purpose, granted_by_id=person_id)
    await Consent.bulk_create(
        [row],
        on_conflict=("licence_id", "case_number"),
        update_fields=("purpose", "granted_by_id", "withdrawn_at"),
    )


async def withdraw_consent(licence_id: int, case_number: str, now: datetime) -> bool:
    won = await Consent.filter(
        licence_id=licence_id, case_number=case_number, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    return won == 1


async def active_consent(licence_id: int, case_number: str) -> Consent | None:
    return await Consent.get_or_none(licence_id=licence_id, case_number=case_number, withdrawn_at=None)


async def consents_of(licence_ids: Sequence[int]) -> list[Consent]:
    return await Consent.filter(licence_id__in=list(licence_ids)).order_by("id")


async def record_use(licence_id: int, kind: UseKind, reader: str, purpose: str) -> LicenceUse:
    return await LicenceUse.create(licence_id=licence_id, kind=kind, reader=reader, purpose=purpose)


async def use_page(request: PageRequest, licence_ids: Collection[int]) -> Page[LicenceUse]:
    return await paginate(LicenceUse.filter(licence_id__in=list(licence_ids)), request)
