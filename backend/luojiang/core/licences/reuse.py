"""减材料: what other areas get from the wallet, always through the holder.

- :class:`HeldLicences` implements the catalogue's ``LicenceWallet`` (the checklist marks materials
  the viewer holds a valid licence for) and the applications area's ``LicenceReuse`` (offer held
  licences instead of uploads; attach one to an application with the holder's consent, logged;
  withdraw that consent).
- :meth:`HeldLicences.read_for_case` is how a department reads an attached licence while it
  handles the case: refused once consent is withdrawn, and every read is in the holder's log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime

from luojiang.core.applications.ports import HeldLicence
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity import repository as people
from luojiang.core.licences import identifiers, repository
from luojiang.core.licences.issuance import beijing_today
from luojiang.core.licences.models import Licence, LicenceStatus, UseKind
from luojiang.core.licences.views import LicenceView, Validity, unseal, validity
from luojiang.core.security.fields import FieldCipher

MAX_PURPOSE_CHARS = 128


@dataclass(frozen=True)
class HeldLicences:
    cipher: FieldCipher
    clock: Callable[[], datetime]

    async def held_licence_types(self, viewer_id: int, licence_types: Collection[str]) -> set[str]:
        """LicenceWallet: the types among ``licence_types`` the person holds a valid licence of."""
        if not licence_types:
            return set()
        rows = await repository.valid_held(viewer_id, (), licence_types, self._today())
        return {row.licence_type for row in rows}

    async def held(
        self, person_id: int, enterprise_id: int | None, licence_types: Collection[str]
    ) -> list[HeldLicence]:
        # the case's holder's: a person's case takes their own, an enterprise's case the
        # enterprise's (while they may act for it)
        if enterprise_id is None:
            rows = await repository.valid_held(person_id, (), licence_types, self._today())
        elif enterprises := await self._acting_for(person_id, enterprise_id):
            rows = await repository.valid_held(None, enterprises, licence_types, self._today())
        else:
            rows = []
        return [self._held(row) for row in rows]

    async def attach(
        self, *, person_id: int, enterprise_id: int | None, licence_id: int, case_number: str, purpose: str
    ) -> HeldLicence:
        licence = await self._owned(person_id, enterprise_id, licence_id)
        view = unseal(self.cipher, licence)
        if validity(view, self._today()) is not Validity.VALID or licence.status is not LicenceStatus.VALID:
            raise DomainError.one("LICENCE_NOT_VALID", "This licence is expired or revoked.", "licenceId")
        purpose = purpose.strip()[:MAX_PURPOSE_CHARS]
        await repository.grant_consent(licence.id, case_number, purpose, person_id)
        await repository.record_use(licence.id, UseKind.CASE_ATTACHED, f"case:{case_number}", purpose)
        return self._held(licence, view.type_name)

    async def withdraw(self, *, person_id: int, licence_id: int, case_number: str) -> None:
        licence = await repository.licence(licence_id)
        if licence is None or not await self._may_hold(person_id, licence):
            raise NotFound("licence", "licenceId")
        await repository.withdraw_consent(licence.id, case_number, self.clock())

    async def read_for_case(self, licence_id: int, case_number: str, reader: str) -> LicenceView:
        """A department reads a licence attached to a case it handles, under the holder's consent."""
        consent = await repository.active_consent(licence_id, case_number)
        licence = await repository.licence(licence_id) if consent is not None else None
        if consent is None or licence is None:
            raise DomainError.one("NO_CONSENT", "The holder has not consented, or withdrew.", "licenceId")
        await repository.record_use(licence.id, UseKind.CASE_READ, reader, consent.purpose)
        return unseal(self.cipher, licence)

    def _held(self, licence: Licence, name: str | None = None) -> HeldLicence:
        return HeldLicence(
            licence_id=licence.id,
            licence_type=licence.licence_type,
            name=name or unseal(self.cipher, licence).type_name,
            number_masked=identifiers.masked(licence.identifier),
            valid_until=licence.valid_until,
        )

    async def _owned(self, person_id: int, enterprise_id: int | None, licence_id: int) -> Licence:
        licence = await repository.licence(licence_id)
        if licence is None or not await self._may_hold(person_id, licence):
            raise NotFound("licence", "licenceId")
        if not _of_case_holder(licence, person_id, enterprise_id):
            raise NotFound("licence", "licenceId")
        return licence

    async def _may_hold(self, person_id: int, licence: Licence) -> bool:
        if licence.holder_person_id is not None:
            return licence.holder_person_id == person_id
        return licence.holder_enterprise_id in await self._acting_for(person_id, licence.holder_enterprise_id)

    async def _acting_for(self, person_id: int, enterprise_id: int | None) -> set[int]:
        if enterprise_id is None:
            return set()
        allowed = await people.enterprise_ids_for(person_id, self.clock())
        return {enterprise_id} & allowed

    def _today(self) -> date:
        return beijing_today(self.clock())


def _of_case_holder(licence: Licence, person_id: int, enterprise_id: int | None) -> bool:
    """An enterprise's licence serves only the enterprise's case, a person's only their own case."""
    if enterprise_id is not None:
        return licence.holder_enterprise_id == enterprise_id
    return licence.holder_person_id == person_id
