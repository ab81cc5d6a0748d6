"""Short-lived access tokens (JWT, ES256, ``kid``), shared by every instance.

Verifying a token's signature needs no store; revocation does (:mod:`.revocations`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import jwt

from luojiang.core.identity.principal import Assurance, Principal
from luojiang.core.identity.signing_keys import ALGORITHM, KeyRing

VERIFIED_CACHE_SIZE = 4096


@dataclass(frozen=True)
class AccessTokens:
    keys: KeyRing
    issuer: str
    ttl_seconds: int
    # token text -> (principal, expiry): a client sends the same token for minutes, and the same
    # bytes verify the same way, so the signature is checked once; expiry is checked every time
    _verified: OrderedDict[str, tuple[Principal, int]] = field(default_factory=OrderedDict, repr=False)

    def issue(self, principal: Principal) -> str:
        now_ms = int(time.time() * 1000)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": str(principal.person_id),
            "sid": principal.session_id,
            "iat": now_ms // 1000,
            "iat_ms": now_ms,
            "exp": now_ms // 1000 + self.ttl_seconds,
            "acr": int(principal.assurance),
            "chn": principal.channel,
            "ent": sorted(principal.enterprise_ids),
            "stf": sorted(principal.staff_department_ids),
            "adm": principal.is_admin,
        }
        signer = self.keys.current
        return jwt.encode(claims, signer.private_key, algorithm=ALGORITHM, headers={"kid": signer.kid})

    def verify(self, token: str) -> Principal | None:
        """The principal of a well-signed, unexpired token of ours; else None."""
        cached = self._verified.get(token)
        if cached is not None:
            principal, expires = cached
            return principal if time.time() < expires else None
        verified = self._verify_signature(token)
        if verified is None:
            return None
        self._verified[token] = verified
        if len(self._verified) > VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)
        return verified[0]

    def _verify_signature(self, token: str) -> tuple[Principal, int] | None:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self.keys.by_kid(kid) if isinstance(kid, str) else None
            if key is None:
                return None
            claims = jwt.decode(
                token,
                key.public_key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "sid", "iss"]},
            )
            return _principal(claims), int(claims["exp"])
        except (jwt.PyJWTError, KeyError, TypeError, ValueError):
            return None


def _principal(claims: dict[str, Any]) -> Principal:
    return Principal(
        person_id=int(claims["sub"]),
        session_id=str(claims["sid"]),
        assurance=Assurance(int(claims["acr"])),
        channel=str(claims["chn"]),
        enterprise_ids=frozenset(int(i) for i in claims["ent"]),
        staff_department_ids=frozenset(int(i) for i in claims["stf"]),
        is_admin=bool(claims["adm"]),
        issued_at_ms=int(claims["iat_ms"]),
        expires_at=int(claims["exp"]),
    )
