"""The cross-user sweep: with another person's ids, every published applications, licences and
payments operation reads null or is refused, for a stranger and for staff of another department,
and nothing changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from strawberry import relay
from tests.applications.support import new_person, new_staff, service_with, submitted_case
from tests.licences.conftest import licence_codes, licences
from tests.licences.support import execute, issue_social_card

from luojiang.core.applications.models import Case, CaseStep
from luojiang.core.licences.models import Licence, LicenceUse
from luojiang.core.licences.service import LicenceService
from luojiang.core.payments import repository as payments
from luojiang.core.payments.access import Actor
from luojiang.core.payments.models import Order, OrderKind, RefundApplication

__all__ = ["licence_codes", "licences"]
OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations"
ELSEWHERE = "LJ-SCJGJ"
REFUSED = {"NOT_FOUND", "FORBIDDEN", "UNAUTHENTICATED"}


def operation(path: str) -> str:
    return (OPERATIONS / f"{path}.graphql").read_text("utf-8")


def sweep(case: str, licence: str, order: str, application: str) -> dict[str, dict[str, Any]]:
    """Each published operation that names an object, with the victim's ids."""
    a = {"applicationId": case}
    return {
        "applications/ApplicationDetail": {"id": case},
        "applications/AcceptApplication": a,
        "applications/ApproveApplication": a,
        "applications/RejectApplication": {**a, "reason": "x"},
        "applications/RequestApplicationSupplements": {
            **a,
            "materials": [{"material": "居民身份证", "reason": "x"}],
        },
        "applications/ReplyToApplicationRating": {**a, "reply": "x"},
        "applications/SaveApplicationForm": {**a, "form": {}},
        "applications/SubmitApplication": {**a, "submitKey": "sweep-submit-key"},
        "applications/WithdrawApplication": a,
        "applications/SupplementApplication": a,
        "applications/RateApplication": {**a, "level": 1},
        "applications/AttachLicenceToApplication": {**a, "material": "居民身份证", "licenceId": licence},
        "licences/LicenceDetail": {"id": licence},
        "licences/LicenceUses": {"id": licence, "first": 10},
        "licences/RevokeLicence": {"licenceId": licence, "reason": "x"},
        "licences/ShowLicence": {"licenceId": licence},
        "licences/WithdrawLicenceConsent": {"licenceId": licence, "caseNumber": "LJ0"},
        "payments/OrderDetail": {"id": order},
        "payments/OrderStatus": {"id": order},
        "payments/StartPaymentOnPlatform": {"orderId": order, "platform": "WECHATPAY"},
        "payments/RequestRefund": {"orderId": order, "reason": "x"},
        "payments/RefundOrder": {
            "input": {"orderId": order, "amountFen": 1, "clientKey": "sweep", "reason": "x"}
        },
        "payments/DecideRefund": {"application": application, "approve": True, "note": ""},
    }


def refused_or_null(result: Any) -> bool:
    """A node read as null, a payload with no object and a refusal, or a refused operation."""
    if result.errors:
        return all((e.extensions or {}).get("code") in REFUSED for e in result.errors)
    (answer,) = result.data.values()
    if answer is None:
        return True
    objects = [v for k, v in answer.items() if k != "errors"]
    return all(v in (None, False) for v in objects) and {e["code"] for e in answer["errors"]} <= REFUSED


async def victims(app: Starlette, licences: LicenceService) -> dict[str, str]:
    owner = await new_person()
    case = await submitted_case(service_with(app), owner)
    licence, _ = await issue_social_card(licences)
    order = await app.state.services.payments.create_order(
        Actor(person_id=owner.person_id), OrderKind.MATTER_FEE, "LJ-GAFJ-004", [], f"sweep-{case.id}"
    )
    application = await payments.insert_application(
        order_id=order.id, requested_by=f"person:{owner.person_id}", reason="x", pending_order_id=order.id
    )
    return {
        "case": str(relay.to_base64("Application", case.id)),
        "licence": str(relay.to_base64("Licence", licence.id)),
        "order": str(relay.to_base64("Order", order.id)),
        "application": str(relay.to_base64("RefundApplication", application.id)),
    }


async def snapshot() -> tuple[object, ...]:
    return (
        await Case.all().values_list("id", "state", "version", "form_enc"),
        await CaseStep.all().count(),
        await Licence.all().values_list("id", "status"),
        await LicenceUse.all().count(),
        await Order.all().values_list("id", "state", "refunded_fen"),
        await RefundApplication.all().values_list("id", "state"),
    )


async def test_another_persons_ids_read_null_and_are_refused_everywhere(
    app: Starlette, licences: LicenceService
) -> None:
    ids = await victims(app, licences)
    # a stranger, and staff of a department that neither handles the case nor charged the order
    attackers = [await new_person(), await new_staff(ELSEWHERE)]
    before = await snapshot()
    leaked = []
    operations = sweep(ids["case"], ids["licence"], ids["order"], ids["application"])
    for attacker in attackers:
        for name, variables in operations.items():
            result = await execute(app, attacker, operation(name), variables)
            if not refused_or_null(result):
                leaked.append((name, result.data, result.errors))  # what leaked, to read on failure
    assert leaked == []
    assert await snapshot() == before
    assert len(operations) * len(attackers) == 46  # the count the review reports
