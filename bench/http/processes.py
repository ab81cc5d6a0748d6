"""Server processes for the socket benchmark: started, waited for (never silently: a process that
exits or does not answer in time stops the bench with the end of its log), and stopped with
SIGTERM, as an orchestrator stops them."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

LUOJIANG = str(Path(sys.executable).with_name("luojiang"))
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def served(name: str, command: Sequence[str], env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """Runs ``command`` until the block ends; yields its base URL once ``/healthz`` answers."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_ready(name, process, f"{base}/healthz", log)
            yield base
        finally:
            stop(process)


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


def _tail(log: Path) -> str:
    return log.read_text("utf-8", errors="replace")[-3000:]
