"""The e-licence commands of ``luojiang``: the demo licences of ``seed``, ``rotate-licence-key``
and ``show-licence`` (a one-time 亮证 link printed with its QR code, for a newcomer or a demo).
These are the operator's own hand: they act for the holder without the holder's login."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import segno

from luojiang.app.licences_wiring import build_licences, personal_data
from luojiang.core import db
from luojiang.core.errors import DomainError
from luojiang.core.identity import repository as people
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.licences.demo import DemoLicences
from luojiang.core.licences.service import LicenceService
from luojiang.core.pagination import PageRequest
from luojiang.core.settings import Settings


async def seed_demo_licences(settings: Settings) -> None:
    """The seed step of e-licences, run with the database open (after the demo catalogue)."""
    personal = personal_data(settings)
    issued = await DemoLicences(build_licences(settings, personal).service.issuer, personal).seed()
    print(f"demo licences: {len(issued)} issued")  # noqa: T201 -- the CLI's job is to tell


async def rotate_key(settings: Settings, department: str) -> int:
    async with db.database(settings):
        try:
            kid = await build_licences(settings, personal_data(settings)).service.rotate_key(department)
        except DomainError as error:
            print(error, file=sys.stderr)  # noqa: T201
            return 1
    print(f"{department}: new licences are signed with {kid}; older keys keep verifying")  # noqa: T201
    return 0


async def show(settings: Settings, phone: str, licence_type: str, fields: list[str], purpose: str) -> int:
    personal = personal_data(settings)
    async with db.database(settings):
        person = await people.person_by_phone_hash(personal.phone_hash(phone))
        if person is None:
            print("no person with this phone number (run `luojiang seed`)", file=sys.stderr)  # noqa: T201
            return 1
        holder = Principal(
            person_id=person.id,
            session_id="cli",
            assurance=Assurance(person.assurance_level),
            channel="cli",
            enterprise_ids=frozenset(await people.enterprise_ids_for(person.id, datetime.now(UTC))),
        )
        service = build_licences(settings, personal).service
        licence_id = await _licence_of_type(service, holder, licence_type)
        if licence_id is None:
            print(f"{phone} holds no {licence_type}", file=sys.stderr)  # noqa: T201
            return 1
        try:
            showing = await service.show(holder, licence_id, purpose, fields)
        except DomainError as error:
            print(error, file=sys.stderr)  # noqa: T201
            return 1
    segno.make(showing.url, error="m").terminal(compact=True)
    print(f"{showing.url}\nvalid once, until {showing.expires_at.isoformat()}")  # noqa: T201
    return 0


async def _licence_of_type(service: LicenceService, holder: Principal, licence_type: str) -> int | None:
    after = None
    while True:
        page = await service.wallet(holder, PageRequest(first=100, after=after))
        found = next((row.id for row in page.items if row.licence_type == licence_type), None)
        if found is not None or not page.has_next_page:
            return found
        after = page.end_cursor
