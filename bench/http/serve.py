"""``python -m bench.http.serve module:factory``: serves a baseline exactly as ``luojiang serve``
serves the gateway (``luojiang.app.server.serve``, settings from the environment)."""

from __future__ import annotations

import sys

from luojiang.app.server import serve
from luojiang.core.settings import load_settings

if __name__ == "__main__":
    serve(load_settings(), sys.argv[1])
