"""Signatures: canonical content signed by the department's newest key; a rotated key keeps
verifying what it signed; altered content fails; private keys are encrypted at rest; anyone can
fetch the public keys."""

from __future__ import annotations

import httpx
import orjson
import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from luojiang.core.licences import signing
from luojiang.core.licences.algorithms import b64, unb64
from luojiang.core.licences.models import Licence, SigningKey
from luojiang.core.licences.service import LicenceService
from luojiang.core.licences.views import CONTENT_CONTEXT
from luojiang.core.security.fields import UndecryptableField
from tests.licences.support import department_id, issue_social_card


async def test_the_signature_is_ed25519_over_the_rfc8785_content(
    licences: LicenceService, client: httpx.AsyncClient
) -> None:
    licence, _ = await issue_social_card(licences)
    content = licences.view(licence).content
    assert content["schema"] == "luojiang.licence/1"
    assert content["identifier"] == licence.identifier
    published = (await client.get("/.well-known/licence-keys.json")).json()["keys"]
    jwk = next(k for k in published if k["kid"] == licence.kid)
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["department"]) == ("OKP", "Ed25519", "EdDSA", "LJ-RSJ")
    # an outside verifier: only the published JWK, the JCS bytes and the signature
    public = Ed25519PublicKey.from_public_bytes(unb64(jwk["x"]))
    public.verify(unb64(licence.signature), rfc8785.dumps(content))
    assert licences.view(licence).canonical == rfc8785.dumps(content)  # stored in the signed form
    assert signing.thumbprint("EdDSA", jwk["x"]) == licence.kid


async def test_altered_content_fails_the_signature_check(licences: LicenceService) -> None:
    licence, _ = await issue_social_card(licences)
    content = licences.view(licence).content
    content["valid_until"] = "2099-12-31"
    cipher = licences.keys.cipher
    licence.content_enc = cipher.encrypt(orjson.dumps(content).decode(), CONTENT_CONTEXT)
    await licence.save(update_fields=["content_enc"])
    checks = await licences.check(await Licence.get(id=licence.id))
    assert checks.signature_valid is False
    assert checks.passed is False


async def test_content_altered_after_a_valid_check_fails_the_next_one(licences: LicenceService) -> None:
    # the instance keeps the signatures it found valid: by the exact bytes signed, never the licence
    licence, _ = await issue_social_card(licences)
    assert (await licences.check(await Licence.get(id=licence.id))).signature_valid
    view = licences.view(licence)
    assert await licences.keys.verify(licence.kid, licence.signature, view.canonical)
    assert not await licences.keys.verify(licence.kid, licence.signature, view.canonical + b" ")
    forged = b64(bytes(64))
    assert not await licences.keys.verify(licence.kid, forged, view.canonical)
    content = view.content
    content["valid_until"] = "2099-12-31"
    licence.content_enc = licences.keys.cipher.encrypt(orjson.dumps(content).decode(), CONTENT_CONTEXT)
    await licence.save(update_fields=["content_enc"])
    checks = await licences.check(await Licence.get(id=licence.id))
    assert checks.signature_valid is False
    assert checks.passed is False


async def test_rotation_signs_new_licences_with_the_new_key_and_old_ones_still_verify(
    licences: LicenceService, client: httpx.AsyncClient
) -> None:
    old, _ = await issue_social_card(licences)
    new_kid = await licences.rotate_key("LJ-RSJ")
    assert new_kid != old.kid
    new, _ = await issue_social_card(licences)
    assert new.kid == new_kid
    assert (await licences.check(old)).signature_valid
    assert (await licences.check(new)).signature_valid
    kids = {k["kid"] for k in (await client.get("/.well-known/licence-keys.json")).json()["keys"]}
    assert {old.kid, new_kid} <= kids


async def test_private_keys_are_encrypted_at_rest(licences: LicenceService) -> None:
    licence, _ = await issue_social_card(licences)
    key = await SigningKey.get(kid=licence.kid)
    assert key.department_id == await department_id("LJ-RSJ")
    assert not key.private_key_enc.startswith("-----")
    assert key.private_key_enc.split(":", 1)[0] in licences.keys.cipher.keys  # kid:AES-GCM sealed
    # bound to its kid: the sealed key cannot be passed off as another key's
    other = await licences.rotate_key("LJ-RSJ")
    with pytest.raises(UndecryptableField):
        licences.keys.cipher.decrypt(key.private_key_enc, f"licences.signing_key.{other}")
