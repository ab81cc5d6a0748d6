"""`luojiang serve` as a container runs it: the chosen server answers HTTP and the
graphql-transport-ws WebSocket, and SIGTERM stops it gracefully (the lifespan's shutdown runs)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.support.stores import free_port
from tests.support.waiting import until
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from luojiang.app import server

LUOJIANG = str(Path(sys.executable).with_name("luojiang"))


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = free_port()
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite://{tmp_path / 'serve.sqlite3'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "STORAGE_LOCAL_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)  # the in-process store: this is about the server, not the stores
    subprocess.run([LUOJIANG, "migrate"], env=env, check=True, timeout=300)  # noqa: S603
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen([LUOJIANG, "serve"], env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield f"127.0.0.1:{port}", process, log
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


async def test_the_served_gateway_answers_http_and_the_websocket_and_stops_on_sigterm(
    serving: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    address, process, log = serving
    async with httpx.AsyncClient(timeout=5) as http:
        await _until_serving(http, address, process, log)
        reply = await http.get(f"http://{address}/graphql", params={"query": "{ __typename }"})
    assert reply.json()["data"] == {"__typename": "Query"}

    async with connect(
        f"ws://{address}/graphql", subprotocols=[Subprotocol("graphql-transport-ws")]
    ) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        ack = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert ack == {"type": "connection_ack"}

    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down (in-flight requests, then the lifespan), then re-raises the signal so
    # that whoever sent it sees it as the cause
    assert await asyncio.to_thread(process.wait, 30) == -signal.SIGTERM
    assert "Application shutdown complete" in log.read_text()


def test_several_workers_without_a_redis_server_are_refused(tmp_path: Path) -> None:
    # each process would keep its own in-process store: limits and cached responses not shared
    env = {**os.environ, "ENVIRONMENT": "test", "DATABASE_URL": f"sqlite://{tmp_path / 'w.sqlite3'}"}
    env.pop("REDIS_URL", None)
    finished = subprocess.run(  # noqa: S603
        [LUOJIANG, "serve", "--workers", "2"], env=env, capture_output=True, text=True, timeout=120
    )
    assert finished.returncode != 0
    assert "REDIS_URL" in finished.stderr


@pytest.fixture
def slow_workers(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """``luojiang serve --workers 2`` whose workers each take 7 s to import the gateway, as on a
    busy machine (a sitecustomize that delays only the spawned children)."""
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "sitecustomize.py").write_text(
        "import sys, time\nif '--multiprocessing-fork' in sys.argv:\n    time.sleep(7)\n"
    )
    port = free_port()
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite://{tmp_path / 'workers.sqlite3'}",
        "REDIS_URL": os.environ["TEST_REDIS_URL"],
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "PYTHONPATH": str(slow),
    }
    subprocess.run([LUOJIANG, "migrate"], env=env, check=True, timeout=300)  # noqa: S603
    log = tmp_path / "workers.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [LUOJIANG, "serve", "--workers", "2"], env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            yield f"127.0.0.1:{port}", process, log
        finally:
            process.terminate()
            process.wait(timeout=60)


@pytest.mark.redis
async def test_workers_slow_to_start_are_waited_for_and_each_listens_on_its_own_socket(
    slow_workers: tuple[str, subprocess.Popen[bytes], Path],
) -> None:
    address, process, log = slow_workers
    port = int(address.rsplit(":", 1)[1])
    async with httpx.AsyncClient(timeout=5) as http:
        await _until_serving(http, address, process, log)

        async def both_listening() -> bool:
            return _listening_sockets(port) == 2 or process.poll() is not None

        # one socket each (SO_REUSEPORT): the kernel spreads connections between the workers,
        # where under one shared socket the first to wake took every waiting connection
        await until(both_listening, guard=120)
    assert process.poll() is None, log.read_text()
    assert "starting another" not in log.read_text()


def _listening_sockets(port: int) -> int:
    """Sockets in LISTEN on ``port`` on any IPv4 address (Linux's /proc/net/tcp: state 0A)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A")


async def _until_serving(
    http: httpx.AsyncClient, address: str, process: subprocess.Popen[bytes], log: Path
) -> None:
    """Waits for /healthz to answer; a process that died instead fails with its log."""

    async def serving() -> bool:
        try:
            return (await http.get(f"http://{address}/healthz")).status_code == 200
        except httpx.TransportError:
            return process.poll() is not None  # stop waiting: the assertion below says why

    await until(serving, guard=120)
    assert process.poll() is None, log.read_text()  # noqa: ASYNC240 -- read only to explain a failure


def _run_to_its_end(command: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Runs ``command`` in a session of its own; one still running after ``timeout`` seconds is
    killed with every worker it started, and the test fails with its output."""
    process = subprocess.Popen(  # noqa: S603
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"still running after {timeout} s:\n{output.decode(errors='replace')[-3000:]}")
    return process.returncode, output.decode(errors="replace")


def _workers_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite://{tmp_path / 'workers.sqlite3'}",
        # required by --workers; nothing below gets as far as connecting to it
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379"),
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "STORAGE_LOCAL_ROOT": str(tmp_path / "media"),
    }
    return {**env, **extra}


def test_workers_whose_gateway_cannot_be_built_stop_all_instead_of_restarting_forever(
    tmp_path: Path,
) -> None:
    # a setting only building the gateway checks: every worker would fail the same way again
    env = _workers_env(tmp_path, STORAGE_BACKEND="s3", S3_BUCKET="")
    status, output = _run_to_its_end([LUOJIANG, "serve", "--workers", "2"], env, timeout=150)
    assert status == 3, output  # uvicorn's STARTUP_FAILURE
    assert "S3_BUCKET" in output
    assert "starting another" not in output


def test_workers_refuse_a_port_another_gateway_still_serves(tmp_path: Path) -> None:
    env = _workers_env(tmp_path)
    # a worker of an earlier run that outlived its supervisor: SO_REUSEPORT, the same user
    with socket.socket() as earlier:
        earlier.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        earlier.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        earlier.bind(("127.0.0.1", int(env["PORT"])))
        earlier.listen()
        status, output = _run_to_its_end([LUOJIANG, "serve", "--workers", "2"], env, timeout=60)
    assert status != 0
    assert f"cannot listen on 127.0.0.1:{env['PORT']}" in output


# The supervisor with its workers replaced by stand-ins (``_start`` returns one, alive or dead);
# each script below says how they start, and when a SIGTERM comes.
_STAND_INS = """
import os, signal, threading
from luojiang.app import server
from luojiang.core.settings import load_settings

class StandIn:
    def __init__(self, exitcode):
        self.sentinel, self._alive = os.pipe()
        self.pid, self.exitcode = os.getpid(), None
        if exitcode is not None:
            self._end(exitcode)
    def _end(self, exitcode):
        os.close(self._alive)
        self.exitcode = exitcode
    def is_alive(self):
        return self.exitcode is None
    def terminate(self):
        if self.exitcode is None:
            self._end(-signal.SIGTERM)

started = []
"""
_SUPERVISED = """
server._start = start
server._supervise(load_settings(), server.GATEWAY, 1)
print("stopped after", len(started), "starts")
"""
# the first dies at once; a SIGTERM comes while its replacement is being started, before the
# supervisor holds it
_SIGTERM_DURING_A_RESTART = (
    _STAND_INS
    + """
def start(spawn, settings, factory):
    started.append(None)
    if len(started) == 1:
        return StandIn(exitcode=1)
    signal.raise_signal(signal.SIGTERM)
    return StandIn(exitcode=None)
"""
    + _SUPERVISED
)


def test_a_sigterm_while_a_worker_is_replaced_stops_the_replacement_too(tmp_path: Path) -> None:
    env = _workers_env(tmp_path)
    status, output = _run_to_its_end([sys.executable, "-c", _SIGTERM_DURING_A_RESTART], env, timeout=60)
    assert status == 0, output
    assert "stopped after 2 starts" in output


# every stand-in dies at once (a crash loop); a timer sends SIGTERM after 2.5 s
_A_CRASH_LOOP = (
    _STAND_INS
    + """
def start(spawn, settings, factory):
    started.append(None)
    return StandIn(exitcode=1)

threading.Timer(2.5, signal.raise_signal, (signal.SIGTERM,)).start()
"""
    + _SUPERVISED
)


def test_workers_that_keep_dying_young_are_replaced_later_and_later_not_in_a_spin(tmp_path: Path) -> None:
    env = _workers_env(tmp_path)
    status, output = _run_to_its_end([sys.executable, "-c", _A_CRASH_LOOP], env, timeout=60)
    assert status == 0, output
    # at once, after 1 s, after 2 more: the third is due at 3 s, after the SIGTERM at 2.5 s
    assert "stopped after 2 starts" in output
    assert "starting another in 1 s" in output
    assert "starting another in 2 s" in output


def test_a_worker_that_served_a_while_is_replaced_at_once_and_resets_the_delay() -> None:
    restarts = server.Restarts(steady_seconds=10, cap_seconds=30)
    assert [restarts.delay_after(0.5) for _ in range(7)] == [1, 2, 4, 8, 16, 30, 30]
    assert restarts.delay_after(3600) == 0
    assert restarts.delay_after(0.5) == 1
