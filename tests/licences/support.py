"""Licence test helpers: people, staff and holders as principals, and licences issued for them."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from starlette.applications import Starlette
from stdnum.cn import ric
from strawberry import relay

from luojiang.api.context import Channel, Context
from luojiang.api.schema import build_schema
from luojiang.core.catalogue.models import Department
from luojiang.core.identity.models import Enterprise
from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.licences.issuance import Holder, IssueRequest
from luojiang.core.licences.models import HolderKind, Licence
from luojiang.core.licences.service import LicenceService

SOCIAL_CARD = {
    "name": "王小罗",
    "id_number": "",
    "card_no": "M5106",
    "bank": "中国银行",
    "issue_date": "2024-01-02",
}


def resident_id() -> str:
    """A valid resident ID number nobody else in the run has (birth date and sequence at random)."""
    born = date(1950, 1, 1).toordinal() + random.randrange(20_000)
    base = f"510604{date.fromordinal(born):%Y%m%d}{random.randrange(1000):03d}"
    return base + ric.calc_check_digit(base + "0")


async def department_id(code: str) -> int:
    return (await Department.get(code=code)).id


async def staff_of(code: str, person_id: int = 7001) -> Principal:
    return Principal(
        person_id=person_id,
        session_id=f"staff-{code}",
        assurance=Assurance.L2,
        channel="web",
        staff_department_ids=frozenset({await department_id(code)}),
    )


def holder(person_id: int, *enterprises: int, assurance: Assurance = Assurance.L2) -> Principal:
    return Principal(
        person_id=person_id,
        session_id=f"holder-{person_id}",
        assurance=assurance,
        channel="app",
        enterprise_ids=frozenset(enterprises),
    )


async def issue_social_card(service: LicenceService, **changes: Any) -> tuple[Licence, Principal]:
    """A 社会保障卡 (LJ-RSJ) for a new person; returns it and its holder as a principal."""
    number = resident_id()
    request = IssueRequest(
        "LIC-SBK", Holder(HolderKind.PERSON, "王小罗", number), {**SOCIAL_CARD, "id_number": number}
    )
    for name, value in changes.items():
        request = _replace(request, name, value)
    licence = await service.issue(await staff_of("LJ-RSJ"), request)
    assert licence.holder_person_id is not None
    return licence, holder(licence.holder_person_id)


async def issue_business_licence(service: LicenceService) -> tuple[Licence, Enterprise]:
    from stdnum.cn import uscc

    base = f"91510604MA{random.randrange(10**7):07d}"
    code = base + uscc.calc_check_digit(base)
    request = IssueRequest(
        "LIC-YYZZ",
        Holder(HolderKind.ENTERPRISE, "罗江测试餐馆有限公司", code),
        {"uscc": code, "name": "罗江测试餐馆"},
    )
    licence = await service.issue(await staff_of("LJ-SCJGJ"), request)
    return licence, await Enterprise.get(id=licence.holder_enterprise_id)


def _replace(request: IssueRequest, name: str, value: Any) -> IssueRequest:
    from dataclasses import replace

    return replace(request, **{name: value})


def global_id(licence: Licence) -> str:
    return str(relay.to_base64("Licence", licence.id))


async def execute(
    app: Starlette, viewer: Principal | None, query: str, variables: dict[str, Any] | None = None
) -> Any:
    """Runs an operation as ``viewer`` and returns the whole result (data and errors)."""
    services = app.state.services
    context = Context(
        services=services,
        request_id="test-request",
        channel=Channel.APP,
        locale="zh-CN",
        client_ip="-",
        viewer=viewer,
    )
    return await build_schema(services.settings).execute(
        query, variable_values=variables, context_value=context
    )
