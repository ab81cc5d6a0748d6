"""``/media/{key}``: files in the local storage folder, with long-lived caching headers and HTTP
byte ranges (audio players seek with ``Range``). Keys are content-addressed, so a file under a
key never changes and may be cached for a year. In production the object store's CDN serves them.

``PUT /admin/tourism/points/{code}/audio/{language}``: an administrator uploads a narration's audio
(raw body, size and type checked on the bytes).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from luojiang.api.services import Services
from luojiang.api.transport.params import UnreadableLength, declared_over
from luojiang.app.web.auth import tourism_admin_actor
from luojiang.core.errors import DomainError
from luojiang.core.storage.local import InvalidKey, LocalStorage, content_type_of
from luojiang.core.storage.ports import PRIVATE_PREFIX
from luojiang.core.tourism import admin

Endpoint = Callable[[Request], Awaitable[Response]]
# an upload's refusals as HTTP statuses (anything else a user got wrong is 422)
UPLOAD_STATUS = {"NOT_FOUND": 404, "UPLOAD_TOO_LARGE": 413, "INVALID_INPUT": 400}


def media_endpoint(storage: LocalStorage, max_age: int) -> Endpoint:
    async def media(request: Request) -> Response:
        key = request.path_params["key"]
        try:
            path = storage.path_of(key)
        except InvalidKey:
            return PlainTextResponse("not found", status_code=404)
        if key.startswith(PRIVATE_PREFIX):  # personal documents: only their area's route reads them
            return PlainTextResponse("not found", status_code=404)
        if not path.is_file():
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(
            path,
            media_type=content_type_of(path.name),
            headers={"cache-control": f"public, max-age={max_age}, immutable"},
        )

    return media


def audio_upload_endpoint(services: Services) -> Endpoint:
    async def upload(request: Request) -> Response:
        actor = await tourism_admin_actor(services, request)
        if actor is None:
            return JSONResponse({"errors": [{"code": "FORBIDDEN"}]}, status_code=403)
        limit = admin.MAX_AUDIO_BYTES
        duration = request.query_params.get("duration")
        try:
            refuse_declared_over(request, limit, "audio")
            data = await read_at_most(request, limit + 1)
            narration = await services.tourism.attach_audio(
                actor,
                request.path_params["code"],
                request.path_params["language"],
                data,
                int(duration) if duration and duration.isdigit() else None,
            )
        except DomainError as error:
            return problem_response(error, UPLOAD_STATUS.get(error.problems[0].code, 422))
        key = narration.audio_key or ""
        return JSONResponse({"audioUrl": services.storage.public_url(key)}, status_code=201)

    return upload


def refuse_declared_over(request: Request, limit: int, field: str) -> None:
    """Before a byte of the body is read: a declared length over ``limit`` is UPLOAD_TOO_LARGE,
    one that is no length INVALID_INPUT (never a crash on its digits)."""
    try:
        over = declared_over(request, limit)
    except UnreadableLength as unreadable:
        raise DomainError.one(
            "INVALID_INPUT", "the Content-Length header is not a length", field
        ) from unreadable
    if over:
        raise DomainError.one("UPLOAD_TOO_LARGE", f"the file is over {limit} bytes", field)


async def read_at_most(request: Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        chunks.append(chunk)
        if size >= limit:
            break
    return b"".join(chunks)


def problem_response(error: DomainError, status: int) -> JSONResponse:
    problems = [{"code": p.code, "field": p.field, "message": p.message} for p in error.problems]
    return JSONResponse({"errors": problems}, status_code=status)
