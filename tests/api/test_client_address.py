"""Per-IP limits need the client's address, not the proxy's: `luojiang serve` trusts
X-Forwarded-For from the proxies in FORWARDED_ALLOW_IPS, and only from them."""

from __future__ import annotations

from typing import Any

import pytest

from luojiang.app import cli


def test_serve_trusts_forwarded_for_only_from_the_configured_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setenv("ENVIRONMENT", "test")  # development would keep generated keys in var/
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.8.0.0/16")
    monkeypatch.setattr("uvicorn.run", lambda app, **options: seen.update(options))
    assert cli.main(["serve"]) == 0
    assert seen["proxy_headers"] is True
    assert seen["forwarded_allow_ips"] == "10.8.0.0/16"
