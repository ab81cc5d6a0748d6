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
    LoginSession,
    Person,
    RefreshToken,
    StaffRole,
)


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


async def channel_identities_of(person_id: int) -> list[ChannelIdentity]:
    return await ChannelIdentity.filter(person_id=person_id).order_by("id")


async def enterprises(ids: Iterable[int]) -> list[Enterprise]:
    return await Enterprise.filter(id__in=list(ids))


async def enterprise_by_credit_code(code: str) -> Enterprise | None:
    return await Enterprise.get_or_none(credit_code=code)


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


async def is_admin(person_id: int) -> bool:
    return await Administrator.exists(person_id=person_id)


async def login_session(session_id: uuid.UUID) -> LoginSession | None:
    return await LoginSession.get_or_none(id=session_id)


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


async def open_session_ids(person_id: int) -> list[str]:
    rows = await LoginSession.filter(person_id=person_id, revoked_at__isnull=True).values_list(
        "id", flat=True
    )
    return [str(i) for i in rows]


async def authorisations_visible_to(person_id: int, ids: list[int]) -> list[AgentAuthorisation]:
    represented = Enterprise.filter(legal_representative_id=person_id).values_list("id", flat=True)
    return await AgentAuthorisation.filter(
        Q(agent_id=person_id) | Q(enterprise_id__in=await represented), id__in=ids
    )
