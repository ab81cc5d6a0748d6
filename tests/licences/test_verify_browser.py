"""The verification page in a real browser (headless Chromium), as a verifier's phone opens it
from the QR code: the licence's essentials and checks render, and a second scan says it was used.
Screenshots of a phone-sized window are kept in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette

from luojiang.core.licences.service import LicenceService
from tests.licences.support import issue_social_card
from tests.support.browser import dump_dom, screenshot
from tests.tourism.test_guide_browser import served

__all__ = ["served"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


async def test_the_verifier_sees_the_checks_then_a_used_page(
    app: Starlette, licences: LicenceService, served: str
) -> None:
    licence, owner = await issue_social_card(licences)
    shown = await licences.show(owner, licence.id, "入住登记", ["name", "bank"])
    dom = await dump_dom(f"{served}/verify/{shown.token}")
    assert '<main id="verdict" data-verdict="passed">' in dom
    assert '<li id="check-signature" class="pass">' in dom
    assert "<dd>中国银行</dd>" in dom
    assert licence.identifier in dom

    used = await dump_dom(f"{served}/verify/{shown.token}")
    assert 'data-verdict="used"' in used
    assert licence.identifier not in used

    second = await licences.show(owner, licence.id, "入住登记", ["name", "bank"])
    shot = ARTIFACTS / "verify-licence.png"
    await screenshot(f"{served}/verify/{second.token}", shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    refused = ARTIFACTS / "verify-used.png"
    await screenshot(f"{served}/verify/{second.token}", refused)
    assert refused.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
