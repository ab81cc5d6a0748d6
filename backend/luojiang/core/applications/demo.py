"""The demo staff member of ``luojiang seed`` (development data): phone 13900000003, staff of
罗江区人力资源和社会保障局 (LJ-RSJ), whose 社会保障卡申领 and 退休 matters the demo citizen
(13900000001) and the demo enterprise's agent (13900000002) can apply for online. The citizen and
the agent are made by the e-licence seed (core/licences/demo.py), with the licences they reuse."""

from __future__ import annotations

from datetime import UTC, datetime

from luojiang.core import db
from luojiang.core.applications import repository
from luojiang.core.identity.models import Person
from luojiang.core.identity.personal import PersonalData
from luojiang.core.identity.principal import Assurance

STAFF_PHONE = "13900000003"
STAFF_DEPARTMENT = "LJ-RSJ"
STAFF_ROLE = "reviewer"


async def seed_demo_staff(personal: PersonalData) -> int:
    """The staff member's person id; running it twice changes nothing."""
    department_id = await repository.department_id_by_code(STAFF_DEPARTMENT)
    if department_id is None:
        raise LookupError(f"the demo catalogue has no department {STAFF_DEPARTMENT}")
    async with db.transaction():
        person = await repository.person_by_phone_hash(personal.phone_hash(STAFF_PHONE))
        if person is None:
            person = Person()
            personal.set_phone(person, STAFF_PHONE)
            person.phone_verified_at = datetime.now(UTC)
            person.assurance_level = int(Assurance.L1)
            person.assurance_source = "demo"
            await repository.save_person(person)
        await repository.grant_staff_role(person.id, department_id, STAFF_ROLE)
    return person.id
