"""The applicant's cases, and a department's desk: its queue and its rectification tasks."""

from __future__ import annotations

from typing import Annotated

import strawberry

from luojiang.api.applications.types import Application, ApplicationRating, ApplicationState
from luojiang.api.context import Info
from luojiang.api.identity.permissions import viewer
from luojiang.api.relay import After, Connection, First
from luojiang.core.applications import models
from luojiang.core.applications.service import QueueFilter
from luojiang.core.applications.states import OPEN
from luojiang.core.pagination import PageRequest

States = Annotated[
    list[ApplicationState] | None,  # type: ignore[valid-type]
    strawberry.argument(description="Only cases in these states (default: all yours; open ones in a queue)."),
]


@strawberry.type(description="A bad rating the department answers (整改), with its case.")
class RectificationTask:
    application: Application = strawberry.field(description="The case that was rated.")
    rating: ApplicationRating = strawberry.field(description="The rating, with the deadline and reply.")


@strawberry.type
class ApplicationQueries:
    @strawberry.field(
        description="Your applications and your enterprises', oldest first (empty when logged out)."
    )
    async def my_applications(
        self, info: Info, first: First, after: After = None, states: States = None
    ) -> Connection[Application]:
        page = await info.context.services.applications.my_cases(
            viewer(info), PageRequest(first=first, after=after), _states(states)
        )
        return Connection.from_page(page, Application.from_model)

    @strawberry.field(
        description="The cases of your departments (staff only; empty for anyone else), oldest first."
    )
    async def application_queue(
        self,
        info: Info,
        first: First,
        after: After = None,
        states: States = None,
        matter_code: Annotated[str | None, strawberry.argument(description="Only this matter.")] = None,
        due_within_working_days: Annotated[
            int | None, strawberry.argument(description="Only cases due within this many working days.")
        ] = None,
    ) -> Connection[Application]:
        wanted = QueueFilter(
            states=_states(states) or OPEN,
            matter_code=matter_code[:32] if matter_code else None,
            due_within_working_days=due_within_working_days,
        )
        page = await info.context.services.applications.queue(
            viewer(info), PageRequest(first=first, after=after), wanted
        )
        return Connection.from_page(page, Application.from_model)

    @strawberry.field(description="Bad ratings of your departments' cases, answered or not (staff only).")
    async def rectification_tasks(
        self, info: Info, first: First, after: After = None
    ) -> Connection[RectificationTask]:
        service = info.context.services.applications
        page = await service.rectifications(viewer(info), PageRequest(first=first, after=after))
        cases = await Application.load_rows(info, [r.case_id for r in page.items])
        by_id = {c.id: c for c in cases if c is not None}
        return Connection.from_page(
            page,
            lambda r: RectificationTask(
                application=Application.from_model(by_id[r.case_id]), rating=ApplicationRating.from_model(r)
            ),
        )


def _states(states: list[models.CaseState] | None) -> frozenset[models.CaseState]:
    return frozenset(models.CaseState(s) for s in states or ())
