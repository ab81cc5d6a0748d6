"""One person, one account: signing in links a channel identity to a person on verified data only.

A channel login arrives with what its platform verified (:class:`VerifiedClaims`). The person is the
one already linked to that identity, or the one holding the verified phone number or resident ID;
when these point at different people the login fails with ``IDENTITY_CONFLICT`` and nothing is
written: accounts are never merged silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from luojiang.core import db
from luojiang.core.identity import repository
from luojiang.core.identity.errors import IdentityErrorCode, identity_error
from luojiang.core.identity.models import ChannelIdentity, Person
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.principal import Assurance


@dataclass(frozen=True)
class VerifiedClaims:
    channel: str
    app_id: str
    subject: str
    source: str
    assurance: Assurance = Assurance.NONE
    union_id: str | None = None
    legacy_user_id: str | None = None
    phone: str | None = None
    name: str | None = None
    id_number: str | None = None


def conflict() -> Exception:
    return identity_error(
        IdentityErrorCode.IDENTITY_CONFLICT,
        "This login belongs to a different account than the verified details; contact support to merge.",
    )


@dataclass(frozen=True)
class Accounts:
    personal: PersonalData

    async def sign_in(self, claims: VerifiedClaims) -> Person:
        try:
            async with db.transaction():
                return await self._sign_in(claims)
        except IntegrityError as exc:  # a concurrent login took the phone or ID number first
            raise conflict() from exc

    async def _sign_in(self, claims: VerifiedClaims) -> Person:
        identity = await repository.channel_identity(claims.channel, claims.app_id, claims.subject)
        person = await self._the_one_person(identity, claims)
        if person is None:
            person = Person()
        self._apply_verified(person, claims)
        await repository.save_person(person)
        if identity is None:
            await repository.link_identity(
                person, claims.channel, claims.app_id, claims.subject, claims.union_id, claims.legacy_user_id
            )
        return person

    async def _the_one_person(
        self, identity: ChannelIdentity | None, claims: VerifiedClaims
    ) -> Person | None:
        candidates: dict[int, Person] = {}
        if identity is not None:
            linked = await repository.person(identity.person_id)
            if linked is not None:
                candidates[linked.id] = linked
        if claims.phone:
            by_phone = await repository.person_by_phone_hash(self.personal.phone_hash(claims.phone))
            if by_phone is not None:
                candidates[by_phone.id] = by_phone
        if claims.id_number:
            by_id = await repository.person_by_id_number_hash(self.personal.id_number_hash(claims.id_number))
            if by_id is not None:
                candidates[by_id.id] = by_id
        if len(candidates) > 1:
            raise conflict()
        person = next(iter(candidates.values()), None)
        if (
            person is not None
            and claims.id_number
            and person.id_number_hash
            not in (
                None,
                self.personal.id_number_hash(claims.id_number),
            )
        ):
            raise conflict()  # a resident ID never changes: a different one is a different person
        return person

    def _apply_verified(self, person: Person, claims: VerifiedClaims) -> None:
        now = datetime.now(UTC)
        if claims.phone:
            self.personal.set_phone(person, claims.phone)
            person.phone_verified_at = now
        if claims.id_number and claims.name:
            self.personal.set_id_number(person, claims.id_number)
            self.personal.set_name(person, claims.name)
        if claims.assurance > person.assurance_level:
            person.assurance_level = int(claims.assurance)
            person.assurance_source = claims.source
            person.assured_at = now
