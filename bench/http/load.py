"""The load generator: wrk, a compiled client (C, epoll), so that the client is never what limits
the figures. The bench installs nothing: without wrk it stops at once and says how to get it.

Each run sends the raw HTTP requests of a file in turn (one request, or thousands of distinct
signed notifications), over ``connections`` kept-alive connections from one wrk thread, for
``seconds``; a Lua ``done`` hook prints the figures as one JSON line.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

INSTALL = (
    "wrk is not installed. The socket benchmark needs it (a compiled load generator, so that the "
    "client is not the bottleneck):\n"
    "  Debian/Ubuntu: apt-get install wrk\n"
    "  macOS:         brew install wrk\n"
    "then run `python -m bench --http` again."
)

# Reads the file of requests (each record: its length in bytes, a newline, the raw request), sends
# them in turn, and prints the run's figures (latencies in microseconds).
_SCRIPT = """
local requests, count, next_index = {}, 0, 0
local file = assert(io.open(@PATH@, "rb"))
while true do
  local size = file:read("*l")
  if not size then break end
  count = count + 1
  requests[count] = file:read(tonumber(size))
end
file:close()

request = function()
  next_index = next_index % count + 1
  return requests[next_index]
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '\\n{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"failed": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


class LoadGeneratorMissing(SystemExit):
    def __init__(self) -> None:
        super().__init__(INSTALL)


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int  # answered with a status of 400 or more
    socket_errors: int
    cpu_seconds: float = 0.0  # used by the server meanwhile, when known

    @property
    def cpu_us_per_request(self) -> float:
        return self.cpu_seconds * 1e6 / max(1, self.requests)

    @property
    def per_second(self) -> float:
        """Requests answered below 400: when a round runs out of one-time tokens or nonces, the
        quick refusals that follow must not count as throughput."""
        return (self.requests - self.failed) / self.seconds


def wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise LoadGeneratorMissing()
    return found


def raw_request(method: str, target: str, host: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def write_requests(path: Path, requests: list[bytes]) -> Path:
    with path.open("wb") as file:
        for request in requests:
            file.write(b"%d\n" % len(request) + request)
    return path


def run(base_url: str, requests: Path, *, seconds: float, connections: int) -> Load:
    script = requests.with_suffix(".lua")
    script.write_text(_SCRIPT.replace("@PATH@", json.dumps(str(requests))))
    command = [wrk(), "-t1", f"-c{connections}", f"-d{round(seconds)}s", "--timeout", "10s"]
    command += ["-s", str(script)]
    finished = subprocess.run(  # noqa: S603 -- our own arguments
        [*command, base_url], capture_output=True, text=True, check=False, timeout=seconds + 60
    )
    if finished.returncode != 0:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr or finished.stdout}")
    figures = json.loads(finished.stdout.strip().splitlines()[-1])
    return Load(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
        failed=figures["failed"],
        socket_errors=figures["socket_errors"],
    )
