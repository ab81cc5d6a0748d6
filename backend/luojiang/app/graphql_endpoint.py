"""``/graphql`` over HTTP, served ahead of Starlette's router.

The router tries each route's pattern, wraps the endpoint in two closures and an exception
handler, and builds the request again: on a response served from this instance's copy, more
than the view spent finding it. This middleware sits inside the application's own (the request
context and access log, the 500 page of an unexpected error), so every request still passes them;
the view itself reads the body within its limit and answers every refusal. The WebSocket on the
same path and every other path go on to the router.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from luojiang.api.transport.http import GraphQLHTTP
from luojiang.app.graphiql import GRAPHIQL_PAGE

PATH = "/graphql"


class GraphQLEndpoint:
    """Every HTTP method on ``/graphql`` goes to the view, which refuses all but GET and POST (405
    with ``Allow``); with ``graphql_ide`` a browser's GET without a query gets GraphiQL."""

    def __init__(self, app: ASGIApp, view: GraphQLHTTP, graphql_ide: bool) -> None:
        self.app = app
        self.view = view
        self.graphql_ide = graphql_ide

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # the server mounts the application at the root: the path is the route's path
        if scope["type"] != "http" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive, send)
        if self.graphql_ide and request.method == "GET" and _wants_html(request):
            await HTMLResponse(GRAPHIQL_PAGE)(scope, receive, send)
            return
        response = await self.view(request)
        await response(scope, receive, send)


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "query" not in request.query_params
