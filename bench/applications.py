"""Online applications: (1) a staff queue page and an applicant's case with its history each in a
fixed number of SQL statements whatever the counts (printed and asserted for two sizes); (2) the
throughput of 200 concurrent submits of distinct cases through /graphql, as a ratio against the
payment notification path (/notify/wechatpay and /notify/alipay, verified and applied) sending
200 concurrent deliveries to the same kind of app over the same transport, in the same run.

    LUOJIANG_SAMPLE_CATALOGUE=../shared/data/catalogue .venv/bin/python -m bench.applications

Embedded stores (SQLite in a temporary folder, the in-process Redis). The target of (2) is at
least 0.5x; the figures are printed, never asserted (speed is a ratio, not a test).
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from strawberry import relay
from tests.applications.support import FORM, PNG, required_materials
from tests.support.queries import count_queries

from bench.payments_storm import notification, paying_orders
from bench.setup import REPO, bench_settings, running_gateway
from luojiang.core.applications.models import ActorRole, Case, CaseState, CaseStep
from luojiang.core.catalogue.models import Department, Matter
from luojiang.core.identity.models import Person
from luojiang.core.identity.principal import Assurance, Principal

OPERATIONS = REPO / "graphql/operations/applications"
MATTER = "LJ-RSJ-007"
SUBMITS = 200


def op(name: str) -> str:
    return (OPERATIONS / f"{name}.graphql").read_text("utf-8")


def principal(person_id: int, departments: frozenset[int] = frozenset()) -> Principal:
    return Principal(
        person_id=person_id,
        session_id=f"bench-{person_id}",
        assurance=Assurance.L2,
        channel="app",
        staff_department_ids=departments,
    )


async def post(http: httpx.AsyncClient, token: str, name: str, **variables: Any) -> dict[str, Any]:
    response = await http.post(
        "/graphql",
        json={"query": op(name), "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


async def cases_with_history(applicant: int, count: int, steps: int) -> list[Case]:
    """Submitted cases with ``steps`` steps each, inserted in bulk (their history is the subject)."""
    matter = await Matter.get(code=MATTER)
    now = datetime.now(UTC)
    made = [
        Case(
            case_number=f"LJB{uuid.uuid4().hex[:20]}",
            applicant_id=applicant,
            matter_id=matter.id,
            department_id=matter.department_id,
            channel="app",
            state=CaseState.SUBMITTED,
            version=1,
            submitted_at=now,
        )
        for _ in range(count)
    ]
    await Case.bulk_create(made)
    rows = await Case.filter(applicant_id=applicant).order_by("-id").limit(count)
    history = [
        CaseStep(case_id=c.id, from_state=CaseState.SUBMITTED, to_state=CaseState.SUBMITTED,
                 actor_id=applicant, actor_role=ActorRole.APPLICANT, reason=f"step {i}", at=now)
        for c in rows for i in range(steps)
    ]  # fmt: skip
    await CaseStep.bulk_create(history, batch_size=1000)
    return rows


async def statement_counts(app: Starlette, http: httpx.AsyncClient) -> None:
    department = await Department.get(code="LJ-RSJ")
    print("statements per request (fixed whatever the counts):")
    queue: list[int] = []
    for page in (10, 50):
        staff = principal((await Person.create()).id, frozenset({department.id}))
        token = app.state.services.identity.sessions.access.issue(staff)
        await cases_with_history((await Person.create()).id, page, 2)
        with count_queries() as statements:
            body = await post(http, token, "ApplicationQueue", first=page, states=["SUBMITTED"])
        assert len(body["data"]["applicationQueue"]["nodes"]) == page
        print(f"  staff queue, a page of {page:>2} cases: {len(statements)} statements")
        queue.append(len(statements))
    assert queue[0] == queue[1], "the queue's statements grow with the page"
    counts = []
    for steps in (5, 20):
        applicant = (await Person.create()).id
        [case] = await cases_with_history(applicant, 1, steps)
        token = app.state.services.identity.sessions.access.issue(principal(applicant))
        with count_queries() as statements:
            body = await post(
                http, token, "ApplicationDetail", id=str(relay.to_base64("Application", case.id))
            )
        assert len(body["data"]["node"]["steps"]) == steps
        counts.append(len(statements))
        print(f"  applicant's case with {steps:>2} steps (ApplicationDetail): {len(statements)} statements")
    assert counts[0] == counts[1], "the case's statements grow with its history"


async def ready_drafts(app: Starlette, count: int) -> list[tuple[str, str]]:
    """(token, application id) of ``count`` complete drafts of distinct applicants."""
    service = app.state.services.applications
    drafts = []
    for _ in range(count):
        applicant = principal((await Person.create()).id)
        case = await service.start(applicant, MATTER)
        await service.save_form(applicant, case.id, FORM)
        for material in await required_materials(case):
            await service.add_upload(applicant, case.id, material, PNG)
        token = app.state.services.identity.sessions.access.issue(applicant)
        drafts.append((token, str(relay.to_base64("Application", case.id))))
    return drafts


async def submits_per_second(http: httpx.AsyncClient, drafts: list[tuple[str, str]]) -> float:
    async def submit(token: str, application_id: str) -> None:
        body = await post(
            http, token, "SubmitApplication", applicationId=application_id, submitKey=uuid.uuid4().hex
        )
        assert body["data"]["submitApplication"]["application"]["state"] == "SUBMITTED", body

    started = time.perf_counter()
    await asyncio.gather(*(submit(t, a) for t, a in drafts))
    return len(drafts) / (time.perf_counter() - started)


async def notifications_per_second(settings: Any) -> float:
    from tests.payments.platforms import build_platforms

    platforms = build_platforms(settings)
    attempts = await paying_orders(SUBMITS)
    deliveries = [notification(platforms, a) for a in attempts]
    transport = httpx.ASGITransport(app=platforms.app)
    async with httpx.AsyncClient(transport=transport, base_url="https://gateway.test") as http:

        async def deliver(path: str, headers: dict[str, str], body: bytes) -> None:
            response = await http.post(path, content=body, headers=headers)
            assert response.status_code == 204 or response.text == "success", response.text

        started = time.perf_counter()
        await asyncio.gather(*(deliver(*d) for d in deliveries))
        elapsed = time.perf_counter() - started
    await platforms.services.platform_http.aclose()
    return len(deliveries) / elapsed


async def main() -> None:
    logging.getLogger("luojiang").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        settings = bench_settings(Path(folder), None)
        async with running_gateway(settings) as app:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                await statement_counts(app, http)
                drafts = await ready_drafts(app, SUBMITS)
                submits = await submits_per_second(http, drafts)
            payments = await notifications_per_second(settings)
    print(f"\n{SUBMITS} concurrent submits (POST /graphql SubmitApplication): {submits:8.0f} per second")
    print(f"{SUBMITS} concurrent payment notifications (/notify/*):        {payments:8.0f} per second")
    print(f"submit throughput / payment notification throughput = {submits / payments:.2f}x (target >= 0.5x)")


if __name__ == "__main__":
    asyncio.run(main())
