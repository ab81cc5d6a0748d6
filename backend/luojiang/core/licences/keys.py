"""The departments' licence-signing keys: the newest of a department signs, all of them verify.

A department's first key is made when it first issues; ``rotate`` (``luojiang rotate-licence-key
DEPARTMENT``) makes a new one that signs from then on, while licences signed with the old one keep
verifying. Public keys never change under a kid, so this instance keeps them once loaded, and
with them the signatures it has found valid: a verdict is a pure function of the kid, the
signature and the exact bytes signed (kept by their SHA-256), so a licence verified at every scan
pays the signature check once per instance, and altered bytes are checked afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from luojiang.core.errors import NotFound
from luojiang.core.licences import repository, signing
from luojiang.core.licences.algorithms import AlgorithmName
from luojiang.core.licences.models import SigningKey
from luojiang.core.security.fields import FieldCipher

VALID_KEPT = 4096


@dataclass
class DepartmentKeys:
    cipher: FieldCipher
    algorithm: AlgorithmName = "EdDSA"  # of the keys made from now on; each key keeps its own
    _verifiers: dict[str, Callable[[str, bytes], bool]] = field(default_factory=dict)
    # (kid, signature, SHA-256 of the message) of valid signatures, the oldest dropped first
    _valid: dict[tuple[str, str, bytes], None] = field(default_factory=dict)

    async def signing_key(self, department_id: int) -> SigningKey:
        """The department's newest key, made if it has none (inside the caller's transaction)."""
        key = await repository.newest_key(department_id)
        return key if key is not None else await self._make(department_id)

    async def rotate(self, department_code: str) -> SigningKey:
        department = await repository.department(department_code)
        if department is None:
            raise NotFound("department", "department")
        return await self._make(department.id)

    def sign(self, key: SigningKey, message: bytes) -> str:
        return signing.sign(self.cipher, key, message)

    async def verify(self, kid: str, signature: str, message: bytes) -> bool:
        verify = self._verifiers.get(kid)
        if verify is None:
            row = await repository.key_by_kid(kid)
            if row is None:
                return False
            verify = self._verifiers[kid] = signing.verifier(row)
        seen = (kid, signature, hashlib.sha256(message).digest())
        if seen in self._valid:
            return True
        if not verify(signature, message):
            return False
        if len(self._valid) >= VALID_KEPT:
            del self._valid[next(iter(self._valid))]
        self._valid[seen] = None
        return True

    async def published(self) -> dict[str, Any]:
        """Every department's public keys as a JWK set, with the department each belongs to."""
        keys = [
            {
                **signing.public_jwk(row["algorithm"], row["public_key"]),
                "kid": row["kid"],
                "alg": row["algorithm"],
                "use": "sig",
                "department": row["department_code"],
                "created_at": row["created_at"].isoformat(),
            }
            for row in await repository.published_keys()
        ]
        return {"keys": keys}

    async def _make(self, department_id: int) -> SigningKey:
        made = signing.new_key(self.cipher, self.algorithm)
        return await repository.create_key(
            department_id, made.kid, made.algorithm, made.public_key, made.private_key_enc
        )
