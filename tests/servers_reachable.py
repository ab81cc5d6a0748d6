"""Exit 0 when PostgreSQL and Redis answer (or under CI, where they must: the suite then fails
loudly on its own), 1 otherwise. Usage: servers_reachable.py POSTGRES_URL REDIS_URL"""

from __future__ import annotations

import os
import socket
import sys
from urllib.parse import urlsplit


def _answers(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    postgres, redis = sys.argv[1], sys.argv[2]
    reachable = _answers(postgres, 5432) and _answers(redis, 6379)
    sys.exit(0 if reachable or os.environ.get("CI") == "true" else 1)
