"""``PUT /applications/{id}/materials?material=<name>``: the applicant uploads one material's file
(raw body; the bearer access token as on /graphql). The declared length is refused above the
limit before a byte is read, the body is read no further than the limit, and the service checks
size and type on the bytes before anything is stored.

``GET`` on the same address gives the file back to the case's applicant and its department's staff
(never cached, never rendered inline); to anyone else the case does not exist."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry import relay
from strawberry.relay import GlobalIDValueError

from luojiang.api.relay import node_pk
from luojiang.api.services import Services
from luojiang.app.web.media import (
    UPLOAD_STATUS,
    Endpoint,
    problem_response,
    read_at_most,
    refuse_declared_over,
)
from luojiang.core.applications.files import MAX_MATERIAL_BYTES
from luojiang.core.errors import DomainError, NotFound
from luojiang.core.identity.principal import Principal

STATUS = {**UPLOAD_STATUS, "UNAUTHENTICATED": 401}


def material_upload_endpoint(services: Services) -> Endpoint:
    async def upload(request: Request) -> Response:
        try:
            principal = await _bearer(services, request)
            refuse_declared_over(request, MAX_MATERIAL_BYTES, "file")
            case_id = _case_id(request.path_params["id"])
            material = _material(request)
            data = await read_at_most(request, MAX_MATERIAL_BYTES + 1)
            row = await services.applications.add_upload(principal, case_id, material, data)
        except DomainError as error:
            return problem_response(error, STATUS.get(error.problems[0].code, 422))
        return JSONResponse(
            {"material": row.name, "contentType": row.content_type, "size": row.size}, status_code=201
        )

    return upload


def material_download_endpoint(services: Services) -> Endpoint:
    async def download(request: Request) -> Response:
        try:
            principal = await _bearer(services, request)
            case_id = _case_id(request.path_params["id"])
            row, data = await services.applications.material_file(principal, case_id, _material(request))
        except DomainError as error:
            return problem_response(error, STATUS.get(error.problems[0].code, 422))
        return Response(
            data,
            media_type=row.content_type,
            headers={
                "cache-control": "private, no-store",
                "content-disposition": "attachment",
                "x-content-type-options": "nosniff",
            },
        )

    return download


async def _bearer(services: Services, request: Request) -> Principal:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        principal = await services.identity.sessions.authenticate(token.strip())
        if principal is not None:
            return principal
    raise DomainError.one("UNAUTHENTICATED", "log in first")


def _material(request: Request) -> str:
    name = request.query_params.get("material", "")[:128]
    if "\x00" in name:  # no material is named with one, and PostgreSQL cannot even compare it
        raise DomainError.one("INVALID_INPUT", "a material's name has no NUL character", "material")
    return name


def _case_id(global_id: str) -> int:
    try:
        pk = node_pk(relay.GlobalID.from_id(global_id[:200]), "Application")
    except GlobalIDValueError as forged:  # an undecodable id names no case
        raise NotFound("case", "applicationId") from forged
    if pk is None:
        raise NotFound("case", "applicationId")
    return pk
