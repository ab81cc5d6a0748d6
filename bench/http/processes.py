"""Server processes for the socket benchmark: started, waited for (never silently: a process that
exits or does not answer in time stops the bench with the end of its log), and stopped with
SIGTERM, as an orchestrator stops them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from luojiang.app.server import GATEWAY

LUOJIANG = str(Path(sys.executable).with_name("luojiang"))
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and every process it started (Linux; 0 elsewhere):
        unlike throughput, it hardly moves when other work shares the machine."""
        return sum(_cpu_seconds(pid) for pid in _tree(self.pid))


@contextmanager
def served(name: str, command: Sequence[str], env: dict[str, str], port: int, log: Path) -> Iterator[Server]:
    """Runs ``command`` until the block ends; yields it once ``/healthz`` answers."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_ready(name, process, f"{base}/healthz", log)
            yield Server(base, process.pid)
        finally:
            stop(process)


def server_command(server: str, factory: str, port: int) -> list[str]:
    """How to serve ``factory``: with ``luojiang.app.server.serve`` (what ``luojiang serve``
    runs), or for comparison with granian (``pip install granian``; no proxy headers)."""
    if server == "uvicorn":
        if factory == GATEWAY:
            return [LUOJIANG, "serve"]
        return [sys.executable, "-m", "bench.http.serve", factory]
    granian = Path(sys.executable).with_name("granian")
    if not granian.exists():
        raise SystemExit("granian is not installed: `pip install granian` to compare it (bench only)")
    options = ["--interface", "asgi", "--factory", "--loop", "uvloop", "--no-access-log"]
    return [str(granian), *options, "--host", "127.0.0.1", "--port", str(port), factory]


def run(command: Sequence[str], env: dict[str, str], what: str) -> None:
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0:
        raise SystemExit(f"{what} failed ({finished.returncode}):\n{finished.stderr[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(name: str, process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 -- our own loopback URL
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{name} did not answer {url} within {START_SECONDS} s:\n{_tail(log)}")


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(entry.parent.name)] = int(fields[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _tail(log: Path) -> str:
    return log.read_text("utf-8", errors="replace")[-3000:]
