"""SM2 as the national option: the algorithm against the standard's worked example, a department
moved to SM2 by rotation signing what it issues from then on, its Ed25519 licences still
verifying, and an outside verifier needing only the published JWK."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
import rfc8785
from pydantic import ValidationError
from pysmx.SM2 import Verify as sm2_verify

from luojiang.core.licences import signing
from luojiang.core.licences.algorithms import SM2, SM2_DEFAULT_ID, algorithm, b64, unb64
from luojiang.core.licences.models import Licence, SigningKey
from luojiang.core.licences.service import LicenceService
from luojiang.core.settings import Settings
from tests.licences.support import issue_social_card

# GM/T 0003.5 (GB/T 32918.5) worked example on the recommended curve: key, message, default ID and
# the signature (r || s) the standard prints for them
EXAMPLE_PUBLIC = bytes.fromhex(
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
EXAMPLE_SIGNATURE = bytes.fromhex(
    "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
    "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA"
)


def test_sm2_accepts_the_standards_example_and_nothing_altered() -> None:
    verify = SM2().verifier(b64(EXAMPLE_PUBLIC))
    assert verify(EXAMPLE_SIGNATURE, b"message digest")
    assert not verify(EXAMPLE_SIGNATURE, b"message digesT")
    flipped = EXAMPLE_SIGNATURE[:-1] + bytes([EXAMPLE_SIGNATURE[-1] ^ 1])
    assert not verify(flipped, b"message digest")
    assert not verify(bytes(64), b"message digest")
    assert not verify(b"\xff" * 64, b"message digest")  # r and s beyond the curve order
    assert not verify(EXAMPLE_SIGNATURE[:63], b"message digest")


def test_sm2_signs_what_it_verifies_with_a_fresh_nonce_each_time() -> None:
    sm2 = SM2()
    pair = sm2.generate()
    first, second = sm2.sign(pair.private_key, b"licence"), sm2.sign(pair.private_key, b"licence")
    assert first != second  # a repeated nonce would give the private key away
    verify = sm2.verifier(pair.public_key)
    assert verify(first, b"licence")
    assert verify(second, b"licence")
    assert not sm2.verifier(sm2.generate().public_key)(first, b"licence")


def test_an_unknown_algorithm_is_refused_by_settings_and_by_name() -> None:
    with pytest.raises(ValidationError):
        Settings(licence_signature_algorithm="RSA")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown licence signature algorithm"):
        algorithm("RS256")


MoveToSm2 = Callable[[], Awaitable[str]]


@pytest.fixture
async def move_to_sm2(licences: LicenceService, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[MoveToSm2]:
    """Rotates LJ-RSJ to an SM2 key when called; afterwards back to Ed25519 for the other tests."""

    async def move() -> str:
        monkeypatch.setattr(licences.keys, "algorithm", "SM2")
        return await licences.rotate_key("LJ-RSJ")

    yield move
    monkeypatch.setattr(licences.keys, "algorithm", "EdDSA")
    await licences.rotate_key("LJ-RSJ")


async def test_a_department_rotated_to_sm2_signs_with_it_and_its_ed25519_licences_still_verify(
    licences: LicenceService, client: httpx.AsyncClient, move_to_sm2: MoveToSm2
) -> None:
    before, _ = await issue_social_card(licences)
    assert (await SigningKey.get(kid=before.kid)).algorithm == "EdDSA"
    kid = await move_to_sm2()
    licence, owner = await issue_social_card(licences)
    assert licence.kid == kid
    assert (await SigningKey.get(kid=kid)).algorithm == "SM2"
    assert (await licences.check(await Licence.get(id=licence.id))).passed
    assert (await licences.check(await Licence.get(id=before.id))).passed

    published = (await client.get("/.well-known/licence-keys.json")).json()["keys"]
    jwk = next(k for k in published if k["kid"] == kid)
    assert (jwk["kty"], jwk["crv"], jwk["alg"], jwk["department"]) == ("EC", "SM2", "SM2", "LJ-RSJ")
    point = unb64(jwk["x"]) + unb64(jwk["y"])
    assert signing.thumbprint("SM2", b64(point)) == kid
    # an outside verifier: the JWK's point, the JCS bytes, the default ID, any SM2 library
    content = licences.view(licence).content
    assert sm2_verify(unb64(licence.signature), rfc8785.dumps(content), point, 64, uid=SM2_DEFAULT_ID)

    token = (await licences.show(owner, licence.id, "", [])).token
    page = (await client.get(f"/verify/{token}")).text
    assert 'data-verdict="passed"' in page
    assert '<li id="check-signature" class="pass">' in page
