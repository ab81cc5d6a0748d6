"""The identity area's user-facing error codes; messages never carry personal data."""

from __future__ import annotations

from enum import StrEnum

from luojiang.core.errors import DomainError


class IdentityErrorCode(StrEnum):
    IDENTITY_CONFLICT = "IDENTITY_CONFLICT"
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"  # noqa: S105 -- an error code, not a secret
    REFRESH_TOKEN_EXPIRED = "REFRESH_TOKEN_EXPIRED"  # noqa: S105 -- an error code, not a secret
    REFRESH_TOKEN_REUSED = "REFRESH_TOKEN_REUSED"  # noqa: S105 -- an error code, not a secret
    SESSION_REVOKED = "SESSION_REVOKED"
    INVALID_CODE = "INVALID_CODE"
    CODE_EXPIRED = "CODE_EXPIRED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    RATE_LIMITED = "RATE_LIMITED"
    LOGIN_BLOCKED = "LOGIN_BLOCKED"
    PLATFORM_UNAVAILABLE = "PLATFORM_UNAVAILABLE"
    SIGNATURE_INVALID = "SIGNATURE_INVALID"
    WRONG_APP = "WRONG_APP"
    CHANNEL_NOT_CONFIGURED = "CHANNEL_NOT_CONFIGURED"
    NOT_AUTHORISED = "NOT_AUTHORISED"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    INVALID_CREDIT_CODE = "INVALID_CREDIT_CODE"
    NOT_FOUND = "NOT_FOUND"
    INVALID_INPUT = "INVALID_INPUT"


def identity_error(code: IdentityErrorCode, message: str, field: str | None = None) -> DomainError:
    return DomainError.one(code.value, message, field)
