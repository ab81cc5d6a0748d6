"""The departments' licence-signing keys: the newest of a department signs, all of them verify.

A department's first key is made when it first issues; ``rotate`` (``luojiang rotate-licence-key
DEPARTMENT``) makes a new one that signs from then on, while licences signed with the old one keep
verifying. Public keys never change under a kid, so this instance keeps them once loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from luojiang.core.errors import NotFound
from luojiang.core.licences import repository, signing
from luojiang.core.licences.models import SigningKey
from luojiang.core.security.fields import FieldCipher


@dataclass
class DepartmentKeys:
    cipher: FieldCipher
    _public: dict[str, Ed25519PublicKey] = field(default_factory=dict)

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
        return signing.sign(self.cipher, key.kid, key.private_key_enc, message)

    async def verify(self, kid: str, signature: str, message: bytes) -> bool:
        public = self._public.get(kid)
        if public is None:
            row = await repository.key_by_kid(kid)
            if row is None:
                return False
            public = self._public[kid] = signing.load_public(row.public_key)
        return signing.verify(public, signature, message)

    async def published(self) -> dict[str, Any]:
        """Every department's public keys as a JWK set, with the department each belongs to."""
        keys = [
            {
                **signing.public_jwk(row["public_key"]),
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
        made = signing.new_key(self.cipher)
        return await repository.create_key(department_id, made.kid, made.public_key, made.private_key_enc)
