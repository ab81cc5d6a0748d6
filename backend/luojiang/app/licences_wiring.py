"""Wiring of e-licences: the service and its neighbours' ports built from settings, the web route
of the departments' public keys, and the verifier's page (a middleware of its own, see
:mod:`luojiang.app.web.verify_app`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from luojiang.api.protection.front_door import FrontDoor
from luojiang.app.web.verify_app import AddressLimit, VerifyApp, VerifyPages
from luojiang.core.catalogue.ports import ImportSection
from luojiang.core.identity.personal import PersonalData
from luojiang.core.licences.issuance import Issuer
from luojiang.core.licences.keys import DepartmentKeys
from luojiang.core.licences.reuse import HeldLicences
from luojiang.core.licences.sections import licence_sections
from luojiang.core.licences.service import LicenceService
from luojiang.core.licences.spending import TokenSpender
from luojiang.core.security.fields import field_cipher, lookup_hasher
from luojiang.core.settings import Settings


@dataclass(frozen=True)
class Licences:
    service: LicenceService
    reuse: HeldLicences  # the catalogue's LicenceWallet and the applications' LicenceReuse
    sections: list[ImportSection]


def personal_data(settings: Settings) -> PersonalData:
    """For the command line, which has no identity service: the same keys, from the same settings."""
    return PersonalData(cipher=field_cipher(settings), hasher=lookup_hasher(settings))


def build_licences(
    settings: Settings, personal: PersonalData, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> Licences:
    keys = DepartmentKeys(personal.cipher, algorithm=settings.licence_signature_algorithm)
    issuer = Issuer(keys=keys, personal=personal, clock=clock)
    service = LicenceService(
        issuer=issuer,
        keys=keys,
        hasher=personal.hasher,
        clock=clock,
        public_base_url=settings.public_base_url,
        show_ttl=timedelta(seconds=settings.licence_show_ttl_seconds),
        spender=TokenSpender(clock),
    )
    return Licences(
        service=service,
        reuse=HeldLicences(cipher=personal.cipher, clock=clock),
        sections=list(licence_sections(issuer)),
    )


def licence_routes(service: LicenceService) -> list[Route]:
    async def public_keys(_: Request) -> Response:
        # every key that ever signed a licence: verifiers check any licence offline by its kid
        return JSONResponse(await service.keys.published(), headers={"cache-control": "public, max-age=300"})

    return [Route("/.well-known/licence-keys.json", public_keys, methods=["GET"])]


def verify_app(service: LicenceService, redis: aioredis.Redis, settings: Settings) -> VerifyApp:
    limit = AddressLimit(FrontDoor(redis), "licence-verify", settings.licence_verify_per_ip_per_minute)
    return VerifyApp(service, limit)


def verify_pages(service: LicenceService, redis: aioredis.Redis, settings: Settings) -> Middleware:
    """``/verify/…`` answered past the router: placed right after the request context."""
    return Middleware(VerifyPages, page=verify_app(service, redis, settings))
