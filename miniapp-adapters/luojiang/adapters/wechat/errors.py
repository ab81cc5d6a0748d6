"""WeChat ``errcode`` values mapped to our errors (ref/wechat.md 1.1, 1.2)."""

from __future__ import annotations

from typing import Any

from luojiang.core.identity.errors import IdentityErrorCode
from luojiang.core.identity.ports import LoginRejected, PlatformUnavailable

TOKEN_REJECTED = frozenset({40001, 40014, 42001})

_REJECTIONS = {
    40029: (IdentityErrorCode.INVALID_CODE, "The WeChat login code is invalid or expired; log in again."),
    40163: (IdentityErrorCode.INVALID_CODE, "The WeChat login code was already used; log in again."),
    45011: (IdentityErrorCode.RATE_LIMITED, "Too many WeChat logins in a minute; try again shortly."),
    40226: (IdentityErrorCode.LOGIN_BLOCKED, "WeChat has blocked this login for safety."),
}


class AccessTokenRejected(Exception):
    """40001/40014/42001: the access token we sent is no longer valid."""


def errcode(data: Any) -> int:
    return int(data.get("errcode") or 0) if isinstance(data, dict) else -1


def raise_for_errcode(data: Any) -> None:
    code = errcode(data)
    if code == 0:
        return
    if code in TOKEN_REJECTED:
        raise AccessTokenRejected(str(code))
    if code in _REJECTIONS:
        ours, message = _REJECTIONS[code]
        raise LoginRejected(ours, message)
    # -1 (system busy) and anything unexpected: the platform's trouble, retry later
    raise PlatformUnavailable(f"WeChat errcode {code}")
