"""The ecosystem's JavaScript clients (graphql-ws, graphql-http), run with node from
``tests/conformance`` (``make test`` installs them with ``npm ci`` when node exists)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.types import ASGIApp

from tests.support.waiting import until

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"


def require_node() -> str:
    """The node executable; skips the test without it (fails instead under CI)."""
    node = shutil.which("node")
    reason = None
    if node is None:
        reason = "node is not installed"
    elif not (CONFORMANCE / "node_modules").is_dir():
        reason = "run `npm ci` in tests/conformance (make test does)"
    if reason is None:
        assert node is not None
        return node
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the protocol conformance tests")
    pytest.skip(reason)


@asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[str]:
    """Serves an already started app with uvicorn on a free loopback port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_config=None, ws="websockets-sansio"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await until(_started(server))
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def _started(server: uvicorn.Server) -> Callable[[], Awaitable[bool]]:
    async def started() -> bool:
        return server.started

    return started


class NodeScript:
    """A running node script whose stdout is one JSON value per line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, script: str, *args: str) -> NodeScript:
        process = await asyncio.create_subprocess_exec(
            require_node(), script, *args, cwd=CONFORMANCE, stdout=asyncio.subprocess.PIPE
        )
        return cls(process)

    async def next(self) -> Any:
        assert self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise EOFError("the script ended")
        return json.loads(line)

    async def finish(self) -> int:
        return await self.process.wait()

    def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
