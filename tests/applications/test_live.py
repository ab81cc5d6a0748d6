"""Live status over graphql-transport-ws: the applicant hears each change of their own case as it
commits; nobody hears of another's case; an anonymous subscription is refused."""

from __future__ import annotations

from starlette.applications import Starlette

from luojiang.core.applications.live import person_channel
from luojiang.core.events import Broadcaster
from tests.applications.support import new_person, new_staff, submitted_case
from tests.applications.test_api import gid, op
from tests.support.node import served
from tests.support.sockets import code_of, socket
from tests.support.waiting import until


def bearer(app: Starlette, viewer: object) -> dict[str, str]:
    token = app.state.services.identity.sessions.access.issue(viewer)
    return {"authorization": f"Bearer {token}"}


async def test_the_applicant_hears_their_case_change_and_a_stranger_does_not(app: Starlette) -> None:
    service = app.state.services.applications
    applicant, stranger, staff = await new_person(), await new_person(), await new_staff()
    case = await submitted_case(service, applicant)
    subscribe = {"query": op("MyApplicationUpdates"), "variables": {}}
    async with (
        served(app) as address,
        socket(address, bearer(app, applicant)) as mine,
        socket(address, bearer(app, stranger)) as theirs,
    ):
        await mine.send({"type": "subscribe", "id": "live", "payload": subscribe})
        await theirs.send({"type": "subscribe", "id": "live", "payload": subscribe})
        broadcaster = Broadcaster(app.state.services.redis)
        channels = [person_channel(applicant.person_id), person_channel(stranger.person_id)]

        async def listening() -> bool:
            return all(broadcaster.listening(c) for c in channels)

        await until(listening)  # both subscriptions listen before the change is made
        await service.accept(staff, case.id)
        heard = await mine.receive()
        assert heard["type"] == "next"
        update = heard["payload"]["data"]["myApplicationUpdates"]
        assert (update["id"], update["state"], update["version"]) == (gid(case.id), "ACCEPTED", 2)
        # the stranger's own next change is the first thing they hear: never the applicant's
        own = await submitted_case(service, stranger)
        await service.accept(staff, own.id)
        theirs_heard = (await theirs.receive())["payload"]["data"]["myApplicationUpdates"]
        assert theirs_heard["id"] == gid(own.id)


async def test_an_anonymous_subscription_is_refused(app: Starlette) -> None:
    async with served(app) as address, socket(address) as anonymous:
        answer = await anonymous.ask(op("MyApplicationUpdates"))
        assert code_of(answer) == "UNAUTHENTICATED"
