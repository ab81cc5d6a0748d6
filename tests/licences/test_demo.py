"""``luojiang seed``'s demo licences: the demo citizen and the demo agent's enterprise hold a few,
seeding twice adds nothing, and the citizen can show one at once (real-name level L2)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from luojiang.core.identity.models import Person
from luojiang.core.identity.principal import Assurance
from luojiang.core.licences import demo
from luojiang.core.licences.demo import DemoLicences
from luojiang.core.licences.service import LicenceService
from luojiang.core.pagination import PageRequest
from tests.licences.support import holder


async def test_the_demo_people_hold_licences_and_can_show_one(
    app: Starlette, licences: LicenceService, client: httpx.AsyncClient
) -> None:
    personal = app.state.services.identity.personal
    seeding = DemoLicences(licences.issuer, personal)
    first = await seeding.seed()
    assert sorted(row.licence_type for row in first) == ["LIC-HKB", "LIC-JMSFZ", "LIC-SBK", "LIC-YYZZ"]
    assert await seeding.seed() == []

    citizen = await Person.get(phone_hash=personal.phone_hash(demo.CITIZEN_PHONE))
    assert citizen.assurance_level == Assurance.L2
    assert personal.id_number(citizen, full=True) == demo.CITIZEN_ID
    wallet = await licences.wallet(holder(citizen.id), PageRequest(first=10))
    assert sorted(row.licence_type for row in wallet.items) == ["LIC-HKB", "LIC-JMSFZ", "LIC-SBK"]

    agent = await Person.get(phone_hash=personal.phone_hash(demo.AGENT_PHONE))
    business = next(row for row in first if row.licence_type == "LIC-YYZZ")
    assert business.holder_enterprise_id is not None
    acting = holder(agent.id, business.holder_enterprise_id)
    assert [row.licence_type for row in (await licences.wallet(acting, PageRequest(first=10))).items] == [
        "LIC-YYZZ"
    ]

    card = next(row for row in wallet.items if row.licence_type == "LIC-JMSFZ")
    shown = await licences.show(holder(citizen.id), card.id, "入住登记", ["name", "address"])
    page = await client.get(f"/verify/{shown.token}")
    assert page.status_code == 200
    assert 'data-verdict="passed"' in page.text
    assert demo.ADDRESS in page.text
