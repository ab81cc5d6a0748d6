"""Administrators' tourism edits in tests: the operations, and a scratch area far from Luojiang.

Every test writes only rows whose codes start with ``T-`` (the guide points' printed codes follow
from those), around 100.5 E 30 N, where the sample catalogue has nothing within its 5 km radius;
the ``scratch`` fixture (conftest) removes them afterwards, so counts of the sample catalogue
elsewhere still hold."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from tests.tourism.support import ADMIN, execute

ERRORS = "errors { code field message }"
SAVE_AREA = f"""mutation($input: ScenicAreaInput!) {{
  saveScenicArea(input: $input) {{ area {{ code name level location {{ lng lat }} }} {ERRORS} }}
}}"""
RETIRE_AREA = f"mutation($code: String!) {{ retireScenicArea(code: $code) {{ area {{ code }} {ERRORS} }} }}"
SAVE_POINT = f"""mutation($input: GuidePointInput!) {{
  savePoint: saveGuidePoint(input: $input) {{
    point {{ code catalogueId name durationSeconds location {{ lng lat }} area {{ code }}
             narration {{ text }} }}
    {ERRORS}
  }}
}}"""
RETIRE_POINT = f"mutation($code: String!) {{ retireGuidePoint(code: $code) {{ point {{ code }} {ERRORS} }} }}"
SAVE_ROUTE = f"""mutation($input: TourRouteInput!) {{
  saveTourRoute(input: $input) {{ route {{ code name points {{ code }} }} {ERRORS} }}
}}"""
RETIRE_ROUTE = f"mutation($code: String!) {{ retireTourRoute(code: $code) {{ route {{ code }} {ERRORS} }} }}"
SAVE_RESOURCE = f"""mutation($input: TourismResourceInput!) {{
  saveTourismResource(input: $input) {{ resource {{ code kind name tags }} {ERRORS} }}
}}"""
RETIRE_RESOURCE = (
    f"mutation($code: String!) {{ retireTourismResource(code: $code) {{ resource {{ code }} {ERRORS} }} }}"
)
NEARBY = """query($code: String!) {
  guidePoint(code: $code) { nearbyPoints(first: 5) { distanceMeters point { catalogueId } }
                            nearbyResources(first: 5) { resource { code } } }
}"""
AREA = "T-JQ-SCRATCH"
WHERE = {"lng": 100.5, "lat": 30.0}


def area_input(**changes: Any) -> dict[str, Any]:
    return {"code": AREA, "name": "试验景区", "location": WHERE, **changes}


def point_input(catalogue_id: str, lng: float, **changes: Any) -> dict[str, Any]:
    return {
        "catalogueId": catalogue_id,
        "area": AREA,
        "name": f"试验点{catalogue_id[-2:]}",
        "location": {"lng": lng, "lat": 30.0},
        "durationSeconds": 60,
        "narration": "这里是试验讲解。",
        **changes,
    }


async def admin(app: Starlette, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The mutation's payload, as an administrator sees it."""
    body, _ = await execute(app, query, variables, viewer=ADMIN)
    assert "errors" not in body, body["errors"]
    payload: dict[str, Any] = next(iter(body["data"].values()))
    return payload


async def saved(app: Starlette, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    payload = await admin(app, query, variables)
    assert payload["errors"] == [], payload["errors"]
    return payload
