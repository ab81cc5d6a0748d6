"""Every identity query."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from tortoise.expressions import Q

from luojiang.core.identity.models import (
    Administrator,
    AgentAuthorisation,
    ChannelIdentity,
    Enterprise,
    GrantAudit,
    LoginSession,
    Person,
    RefreshToken,
    StaffRole,
)


async def save_person(person: Person) -> None:
    await person.save()


async def link_identity(
    person: Person, channel: str, app_id: str, subject: str, union_id: str | None, legacy_user_id: str | None
) -> ChannelIdentity:
    return await ChannelIdentity.create(
        person=person,
        channel=channel,
        app_id=app_id,
        subject=subject,
        union_id=union_id,
        legacy_user_id=legacy_user_id,
    )


async def start_session(person: Person, channel: str) -> LoginSession:
    return await LoginSession.create(id=uuid.uuid4(), person=person, channel=channel)


async def add_refresh_token(session: LoginSession, token_hash: str, expires_at: datetime) -> RefreshToken:
    return await RefreshToken.create(session=session, token_hash=token_hash, expires_at=expires_at)


async def person(person_id: int) -> Person | None:
    return await Person.get_or_none(id=person_id)


async def people(ids: Iterable[int]) -> list[Person]:
    return await Person.filter(id__in=list(ids))


async def person_by_phone_hash(digest: str) -> Person | None:
    return await Person.get_or_none(phone_hash=digest)


async def person_by_id_number_hash(digest: str) -> Person | None:
    return await Person.get_or_none(id_number_hash=digest)


async def channel_identity(channel: str, app_id: str, subject: str) -> ChannelIdentity | None:
    return await ChannelIdentity.get_or_none(channel=channel, app_id=app_id, subject=subject)


async def channel_subject(person_id: int, channel: str, app_id: str) -> str | None:
    """The person's id on one platform's app (a WeChat openid, an Alipay open_id), from their logins."""
    login = await ChannelIdentity.filter(person_id=person_id, channel=channel, app_id=app_id).first()
    return login.subject if login else None


async def channel_identities_of(person_id: int) -> list[ChannelIdentity]:
    return await ChannelIdentity.filter(person_id=person_id).order_by("id")


async def enterprises(ids: Iterable[int]) -> list[Enterprise]:
    return await Enterprise.filter(id__in=list(ids))


async def enterprise(enterprise_id: int) -> Enterprise | None:
    return await Enterprise.get_or_none(id=enterprise_id)


async def enterprise_by_credit_code(code: str) -> Enterprise | None:
    return await Enterprise.get_or_none(credit_code=code)


async def add_enterprise(
    credit_code: str, name: str, legal_representative_id: int | None, source: str
) -> Enterprise:
    """``legal_representative_id`` None: not known yet (an enterprise first met as a licence's holder)."""
    return await Enterprise.create(
        credit_code=credit_code,
        name=name,
        legal_representative_id=legal_representative_id,
        verified_source=source,
    )


async def add_authorisation(
    enterprise_id: int, agent_id: int, granted_by_id: int, valid_until: datetime | None
) -> AgentAuthorisation:
    return await AgentAuthorisation.create(
        enterprise_id=enterprise_id, agent_id=agent_id, granted_by_id=granted_by_id, valid_until=valid_until
    )


async def authorisation(authorisation_id: int) -> AgentAuthorisation | None:
    return await AgentAuthorisation.get_or_none(id=authorisation_id)


async def revoke_authorisation(authorisation_id: int, now: datetime) -> None:
    """Once: a revoked authorisation keeps its first revocation time."""
    await AgentAuthorisation.filter(id=authorisation_id, revoked_at__isnull=True).update(revoked_at=now)


async def grant_staff_role(person_id: int, department_id: int, role: str) -> StaffRole:
    """The role, granted again if it was revoked."""
    staff_role, _ = await StaffRole.update_or_create(
        person_id=person_id, department_id=department_id, role=role, defaults={"revoked_at": None}
    )
    return staff_role


async def revoke_staff_role(person_id: int, department_id: int, role: str, now: datetime) -> bool:
    """Whether a held role was revoked now (a revoked or never granted one changes nothing)."""
    revoked = await StaffRole.filter(
        person_id=person_id, department_id=department_id, role=role, revoked_at__isnull=True
    ).update(revoked_at=now)
    return revoked > 0


async def add_administrator(person_id: int) -> bool:
    """Whether the person became an administrator now (False: they were one already)."""
    _, created = await Administrator.get_or_create(person_id=person_id)
    return created


async def set_legal_representative(enterprise_id: int, person_id: int) -> bool:
    """Only for an enterprise without one: a representative is never replaced here."""
    updated = await Enterprise.filter(id=enterprise_id, legal_representative_id__isnull=True).update(
        legal_representative_id=person_id
    )
    return updated == 1


async def record_grant(actor: str, action: str, target: str) -> GrantAudit:
    return await GrantAudit.create(actor=actor[:64], action=action, target=target[:255])


async def enterprise_ids_for(person_id: int, now: datetime) -> set[int]:
    represented = await Enterprise.filter(legal_representative_id=person_id).values_list("id", flat=True)
    authorised = await AgentAuthorisation.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now), agent_id=person_id, revoked_at__isnull=True
    ).values_list("enterprise_id", flat=True)
    return {int(str(i)) for i in (*represented, *authorised)}


async def staff_department_ids(person_id: int) -> set[int]:
    rows = await StaffRole.filter(person_id=person_id, revoked_at__isnull=True).values_list(
        "department_id", flat=True
    )
    return {int(str(i)) for i in rows}


async def staff_person_ids(department_id: int) -> list[int]:
    """The people who hold a staff role in the department now."""
    rows = await StaffRole.filter(department_id=department_id, revoked_at__isnull=True).values_list(
        "person_id", flat=True
    )
    return sorted({int(str(i)) for i in rows})


async def is_admin(person_id: int) -> bool:
    return await Administrator.exists(person_id=person_id)


async def refresh_token_by_hash(digest: str) -> RefreshToken | None:
    return await RefreshToken.get_or_none(token_hash=digest).select_related("session")


async def mark_refresh_token_used(token_id: int, now: datetime) -> bool:
    """A guarded update: only the first of two concurrent presentations wins."""
    updated = await RefreshToken.filter(id=token_id, used_at__isnull=True).update(used_at=now)
    return updated == 1


async def revoke_sessions(
    person_id: int | None, session_id: uuid.UUID | None, reason: str, now: datetime
) -> None:
    query = LoginSession.filter(revoked_at__isnull=True)
    query = query.filter(person_id=person_id) if person_id is not None else query.filter(id=session_id)
    await query.update(revoked_at=now, revoke_reason=reason)


async def session_revoked(session_id: str) -> bool:
    """Whether a login session was ended; an id that names no session (not ours) was not."""
    try:
        key = uuid.UUID(session_id)
    except ValueError:
        return False
    return await LoginSession.exists(id=key, revoked_at__isnull=False)


async def tokens_not_before_ms(person_id: int) -> int:
    cutoffs = await Person.filter(id=person_id).values_list("tokens_not_before_ms", flat=True)
    return int(str(cutoffs[0])) if cutoffs and cutoffs[0] is not None else 0


async def move_tokens_not_before(person_id: int, cutoff_ms: int) -> None:
    """Never backwards: of two concurrent revocations the later one stands."""
    await Person.filter(
        Q(tokens_not_before_ms__isnull=True) | Q(tokens_not_before_ms__lt=cutoff_ms), id=person_id
    ).update(tokens_not_before_ms=cutoff_ms)


async def authorisations_with_enterprise(ids: list[int]) -> list[AgentAuthorisation]:
    return await AgentAuthorisation.filter(id__in=ids).prefetch_related("enterprise")
