"""``luojiang``: serve | migrate | seed | import-catalogue | rotate-licence-key | show-licence | grant |
reencrypt | schema | operations | worker | scheduler."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from redis.exceptions import RedisError

from luojiang.app import grants_cli, reencrypt_cli
from luojiang.core import db, outage
from luojiang.core.cache import create_redis
from luojiang.core.catalogue.importer import ImportReport, read_folder
from luojiang.core.errors import DomainError
from luojiang.core.logs import configure_logging
from luojiang.core.settings import Settings, SettingsError, load_settings

# The application's wiring (GraphQL schema, search, job engine) is imported by the commands that
# use it: a command that needs only the database (migrate, reencrypt, grant) starts in a second,
# not the several a whole gateway's imports take.
RETRY_SECONDS = 1.0  # between attempts to reach Redis again
# package data, so that `luojiang seed` works from the wheel too
DEMO_CATALOGUE = Path(__file__).resolve().parents[1] / "demo" / "catalogue"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"settings: {exc}", file=sys.stderr)  # noqa: T201 -- the CLI's job is to tell
        return 2
    configure_logging(settings)
    result: int = args.run(settings, args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="luojiang", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve the gateway")
    serve.add_argument(
        "--workers", type=int, default=1, help="gateway processes on one port (more than 1 needs REDIS_URL)"
    )
    serve.set_defaults(run=_serve)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    commands.add_parser("seed", help="load the project's demo data").set_defaults(run=_seed)
    importer = commands.add_parser("import-catalogue", help="import a catalogue folder")
    importer.add_argument("folder", type=Path)
    importer.set_defaults(run=_import)
    schema = commands.add_parser("schema", help="write graphql/schema.graphql from the code")
    schema.add_argument("--check", action="store_true", help="fail if the file differs from the code")
    schema.set_defaults(run=_schema)
    operations = commands.add_parser("operations", help="print the published operations' hashes")
    operations.add_argument("--check", action="store_true", help="fail if an operation is not valid")
    operations.set_defaults(run=_operations)
    rotate = commands.add_parser("rotate-licence-key", help="give a department a new licence-signing key")
    rotate.add_argument("department", help="the department's catalogue code, e.g. LJ-GAFJ")
    rotate.set_defaults(run=_rotate_licence_key)
    show = commands.add_parser("show-licence", help="print a one-time 亮证 link and QR code for a holder")
    show.add_argument("phone", help="the holder's verified phone number, e.g. 13900000001")
    show.add_argument("licence_type", help="a licence type code, e.g. LIC-JMSFZ")
    show.add_argument("--fields", default="", help="comma-separated field keys the verifier may see")
    show.add_argument("--purpose", default="", help="why it is shown, e.g. 入住登记")
    show.set_defaults(run=_show_licence)
    grants_cli.add_parser(commands).set_defaults(run=_grant)
    reencrypt_cli.add_parser(commands).set_defaults(run=_reencrypt)
    commands.add_parser("worker", help="run queued jobs (needs REDIS_URL)").set_defaults(run=_worker)
    commands.add_parser(
        "scheduler", help="send scheduled jobs; run exactly one (needs REDIS_URL)"
    ).set_defaults(run=_scheduler)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from luojiang.app.server import serve

    serve(settings, workers=max(1, args.workers))
    return 0


def _migrate(settings: Settings, _: argparse.Namespace) -> int:
    asyncio.run(db.migrate(settings))
    return 0


def _seed(settings: Settings, _: argparse.Namespace) -> int:
    from luojiang.app import licences_cli
    from luojiang.app.licences_wiring import personal_data
    from luojiang.core.applications.demo import STAFF_DEPARTMENT, STAFF_PHONE, seed_demo_staff

    async def demo_people(settings: Settings) -> None:
        # the demo people's licences, then the demo staff member, in the same run (the catalogue
        # they refer to is in)
        await licences_cli.seed_demo_licences(settings)
        await seed_demo_staff(personal_data(settings))
        print(f"demo staff: {STAFF_PHONE} reviews the cases of {STAFF_DEPARTMENT}")  # noqa: T201

    return _import(settings, argparse.Namespace(folder=DEMO_CATALOGUE), demo_people)


def _rotate_licence_key(settings: Settings, args: argparse.Namespace) -> int:
    from luojiang.app import licences_cli

    return asyncio.run(licences_cli.rotate_key(settings, args.department))


def _show_licence(settings: Settings, args: argparse.Namespace) -> int:
    from luojiang.app import licences_cli

    fields = [f.strip() for f in args.fields.split(",") if f.strip()]
    return asyncio.run(licences_cli.show(settings, args.phone, args.licence_type, fields, args.purpose))


def _grant(settings: Settings, args: argparse.Namespace) -> int:
    return asyncio.run(grants_cli.run(settings, args))


def _reencrypt(settings: Settings, args: argparse.Namespace) -> int:
    return asyncio.run(reencrypt_cli.run(settings, args))


def _import(
    settings: Settings,
    args: argparse.Namespace,
    then: Callable[[Settings], Awaitable[None]] | None = None,
) -> int:
    from luojiang.app.licences_wiring import build_licences, personal_data
    from luojiang.app.navigation_wiring import build_navigation, import_sections

    async def run() -> ImportReport:
        redis = create_redis(settings)
        try:
            async with db.database(settings):
                licences = build_licences(settings, personal_data(settings))
                catalogue = build_navigation(redis, more_sections=licences.sections).catalogue
                files = read_folder(args.folder, import_sections(*licences.sections))
                # every area's files in one transaction; once committed, the cached responses and
                # every instance's search index are refreshed
                report = await catalogue.import_unchecked(files)
                if report.applied and then is not None:
                    await then(settings)
                return report
        finally:
            await redis.aclose()

    try:
        report = asyncio.run(run())
    except DomainError as error:  # a licence refused as it was applied: the import was rolled back
        print(f"rejected: {error}", file=sys.stderr)  # noqa: T201 -- the CLI's job is to tell
        return 1
    for rejection in report.rejected:
        where = ", ".join(
            f"{name} {value}"
            for name, value in (("row", rejection.index), ("line", rejection.line), ("code", rejection.code))
            if value is not None
        )
        print(  # noqa: T201 -- the CLI's job is to tell
            f"rejected {rejection.file} ({where}) {rejection.field or ''}: {rejection.reason}",
            file=sys.stderr,
        )
    for file, counts in report.sections.items():
        print(  # noqa: T201
            f"{file}: {counts.created} created, {counts.updated} updated, "
            f"{counts.unchanged} unchanged, {counts.retired} retired"
        )
    return 0 if report.applied else 1


def _worker(settings: Settings, _: argparse.Namespace) -> int:
    return _run_with_redis(settings, lambda stop: _work(settings, stop))


async def _work(settings: Settings, stop: asyncio.Event) -> None:
    from luojiang.adapters.http import platform_client
    from luojiang.app.container import job_resources
    from luojiang.workers.engine import run_worker

    http = platform_client(None)
    try:
        await run_worker(settings, stop, lambda redis: job_resources(settings, redis, http))
    finally:
        await http.aclose()


def _scheduler(settings: Settings, _: argparse.Namespace) -> int:
    return _run_with_redis(settings, lambda stop: _schedule(settings, stop))


async def _schedule(settings: Settings, stop: asyncio.Event) -> None:
    """Sends the cron jobs until SIGTERM: a scheduler has nothing running to let finish."""
    from luojiang.workers.engine import run_scheduler

    scheduler = asyncio.ensure_future(run_scheduler(settings))
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({scheduler, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not scheduler.done():
        scheduler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await scheduler
        return
    scheduler.result()  # its error, if it failed (Redis gone: run again after a pause)


def _run_with_redis(settings: Settings, process: Callable[[asyncio.Event], Awaitable[None]]) -> int:
    if not settings.redis_url:
        print("set REDIS_URL: in embedded mode the gateway runs jobs itself", file=sys.stderr)  # noqa: T201
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_until_terminated(process))
    return 0


async def _until_terminated(process: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """SIGTERM (Kubernetes, compose) asks for a graceful stop: take no new jobs, finish the
    running ones; a second SIGTERM stops at once (unacknowledged jobs go back to the stream)."""
    stop = asyncio.Event()
    task = asyncio.ensure_future(_through_outages(process, stop))

    def terminate() -> None:
        if stop.is_set():
            task.cancel()
        stop.set()

    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, terminate)
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _through_outages(process: Callable[[asyncio.Event], Awaitable[None]], stop: asyncio.Event) -> None:
    """Runs ``process`` again whenever Redis goes away under it, every ``RETRY_SECONDS`` until it
    answers, saying so once per interval: a worker or scheduler waits out an outage instead of
    exiting (and a restart policy is only the last resort)."""
    while not stop.is_set():
        try:
            await process(stop)
            return
        except (RedisError, OSError, ExceptionGroup) as error:  # the scheduler's task group groups them
            unexpected = error.split((RedisError, OSError))[1] if isinstance(error, ExceptionGroup) else None
            if unexpected is not None:
                raise unexpected from error
            outage.REDIS.failed(error, "the job engine")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), RETRY_SECONDS)


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    from luojiang.api.protection.allow_list import published
    from luojiang.api.schema import build_schema

    schema_file = published("schema.graphql")
    sdl = build_schema(settings).as_str() + "\n"
    if args.check:
        if schema_file.read_text("utf-8") != sdl:
            print(f"{schema_file} differs from the code: run `luojiang schema`", file=sys.stderr)  # noqa: T201
            return 1
        return 0
    schema_file.write_text(sdl, "utf-8")
    return 0


def _operations(settings: Settings, args: argparse.Namespace) -> int:
    from luojiang.api.protection import allow_list
    from luojiang.api.protection.validation import DocumentChecks
    from luojiang.api.schema import build_schema
    from luojiang.api.strawberry_internals import core_schema

    if args.check:
        problems = allow_list.check(core_schema(build_schema(settings)), DocumentChecks.of(settings))
        for problem in problems:
            print(problem, file=sys.stderr)  # noqa: T201
        return 1 if problems else 0
    print(json.dumps(allow_list.manifest(), indent=2))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
