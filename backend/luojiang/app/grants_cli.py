"""``luojiang grant``: the operator sets people up from the command line (the first administrator
above all, before anyone can use the admin mutations). The same audited service as the API; the
audit names the operator's account (``cli:<user>``)."""

from __future__ import annotations

import argparse
import getpass
import sys

from luojiang.core import db
from luojiang.core.cache import create_redis
from luojiang.core.errors import DomainError
from luojiang.core.identity.grants import Grants
from luojiang.core.identity.revocations import Revocations
from luojiang.core.settings import Settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    grant = commands.add_parser("grant", help="set people up: administrators, staff roles, enterprises")
    kinds = grant.add_subparsers(required=True, dest="kind", metavar="WHAT")
    admin = kinds.add_parser("admin", help="make the person with this mobile number an administrator")
    admin.add_argument("phone")
    staff = kinds.add_parser("staff", help="give (or with --revoke take) a staff role in a department")
    staff.add_argument("phone")
    staff.add_argument("department", help="the department's catalogue code, e.g. LJ-GAFJ")
    staff.add_argument("role", help="e.g. staff, finance")
    staff.add_argument("--revoke", action="store_true")
    enterprise = kinds.add_parser("enterprise", help="register an enterprise with its legal representative")
    enterprise.add_argument("credit_code", help="the unified social credit code (18 characters)")
    enterprise.add_argument("name")
    enterprise.add_argument("representative_phone")
    enterprise.add_argument(
        "--agent", dest="agent_phone", help="an agent's mobile number, authorised at once"
    )
    return grant


async def run(settings: Settings, args: argparse.Namespace) -> int:
    from luojiang.app.licences_wiring import personal_data  # the wiring: only when this command runs

    redis = create_redis(settings)
    try:
        async with db.database(settings):
            revocations = Revocations(redis=redis, ttl_seconds=settings.access_token_ttl_seconds)
            return await grant(Grants(personal_data(settings), revocations), args)
    finally:
        await redis.aclose()


async def grant(grants: Grants, args: argparse.Namespace) -> int:
    actor = f"cli:{getpass.getuser()}"
    try:
        if args.kind == "admin":
            person = await grants.make_administrator(actor, args.phone)
            done = f"person {person.id} is an administrator"
        elif args.kind == "staff" and args.revoke:
            await grants.revoke_staff(actor, args.phone, args.department, args.role)
            done = f"{args.role} of {args.department} revoked"
        elif args.kind == "staff":
            role = await grants.grant_staff(actor, args.phone, args.department, args.role)
            done = f"person {role.person_id} is {args.role} of {args.department}"
        else:
            registered = await grants.register_enterprise(
                actor, args.credit_code, args.name, args.representative_phone, args.agent_phone
            )
            done = f"enterprise {registered.enterprise.id} registered"
    except DomainError as error:
        print(f"refused: {error}", file=sys.stderr)  # noqa: T201 -- the CLI's job is to tell
        return 1
    print(f"{done} (audited as {actor})")  # noqa: T201
    return 0
