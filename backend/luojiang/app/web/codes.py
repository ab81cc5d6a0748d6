"""``GET /admin/tourism/areas/{code}/codes.svg?kind=url|wechat|alipay``: the printable sheet of an
area's codes with point names, for administrators. URL codes are drawn on the spot; platform codes
come from storage (a point whose code is not made yet shows an empty, labelled box)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from luojiang.api.services import Services
from luojiang.app.web.auth import tourism_admin_actor
from luojiang.app.web.media import Endpoint
from luojiang.core.errors import DomainError
from luojiang.core.tourism.qr_images import area_sheet


def sheet_endpoint(services: Services) -> Endpoint:
    async def sheet(request: Request) -> Response:
        if await tourism_admin_actor(services, request) is None:
            return JSONResponse({"errors": [{"code": "FORBIDDEN"}]}, status_code=403)
        code = request.path_params["code"]
        kind = request.query_params.get("kind", "url")
        try:
            svg = await area_sheet(code, kind, services.storage, services.settings.public_base_url)
        except DomainError as error:
            problem = error.problems[0]
            status = 404 if problem.code == "NOT_FOUND" else 400
            return JSONResponse(
                {"errors": [{"code": problem.code, "field": problem.field}]}, status_code=status
            )
        filename = f"{code}-{kind}-codes.svg"
        return Response(
            svg,
            media_type="image/svg+xml",
            headers={"content-disposition": f'inline; filename="{filename}"', "cache-control": "no-store"},
        )

    return sheet
