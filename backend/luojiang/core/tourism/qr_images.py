"""Code images per point and kind: generated once by a job, stored, and reused.

A job re-reads the point and its QrCode row, returns at once when a stored image exists (so it is
safe to run twice), and holds no database transaction while it calls the platform. A retryable
failure is recorded and re-raised for the engine's backoff; a terminal one is recorded and ends the
job, and the code shows the reason to administrators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from luojiang.core.errors import DomainError
from luojiang.core.jobs import JobQueue
from luojiang.core.storage.ports import Storage
from luojiang.core.tourism import repository
from luojiang.core.tourism.models import QrCode, ScenicArea
from luojiang.core.tourism.ports import (
    CodeImage,
    CodeMaker,
    CodeRequest,
    UpstreamRefused,
    UpstreamUnavailable,
)
from luojiang.core.tourism.qr import SheetEntry, UrlCodeMaker, area_sheet_svg, guide_url

KINDS = ("url", "wechat", "alipay")
KIND_LABELS = {"url": "扫码收听（任意相机）", "wechat": "微信小程序码", "alipay": "支付宝小程序码"}
MAX_ERROR = 255
GENERATE_AREA_CODES = "tourism.generate_area_codes"  # the job, registered in luojiang.workers


async def generate_code(
    point_id: int, kind: str, makers: Mapping[str, CodeMaker], storage: Storage, public_base_url: str
) -> QrCode | None:
    point = (await repository.points_by_ids([point_id])).get(point_id)
    if point is None:
        return None  # deleted since the job was queued: nothing to do
    row = await repository.qr_code_row(point.id, kind)
    if row.status == "ready" and row.storage_key and await storage.exists(row.storage_key):
        return row
    maker = makers.get(kind)
    if maker is None:
        return await _record_failure(row, f"{kind} codes are not configured")
    request = CodeRequest(point.code, point.name, guide_url(public_base_url, point.code))
    try:
        image = await maker.make(request)
    except UpstreamRefused as refused:
        return await _record_failure(row, str(refused))
    except UpstreamUnavailable as unavailable:
        await _record_failure(row, str(unavailable))
        raise
    key = f"tourism/codes/{point.code}/{kind}.{image.extension}"
    await storage.put(key, image.data, image.content_type)
    row.status, row.storage_key, row.content_type, row.error = "ready", key, image.content_type, ""
    row.attempts += 1
    await repository.save(row)
    return row


async def _record_failure(row: QrCode, reason: str) -> QrCode:
    row.status, row.error = "failed", reason[:MAX_ERROR]
    row.attempts += 1
    await repository.save(row)
    return row


async def queue_area_codes(jobs: JobQueue, area_code: str, kind: str) -> str:
    """Queues the job making an area's codes of one kind; returns the job id. Codes already made
    are kept, so queueing it again only makes the missing or failed ones."""
    area = await _area(area_code, kind)
    return await jobs.enqueue(GENERATE_AREA_CODES, area_id=area.id, kind=kind)


async def _area(area_code: str, kind: str) -> ScenicArea:
    if kind not in KINDS:
        raise DomainError.one("INVALID_KIND", f"kind must be one of {', '.join(KINDS)}", "kind")
    area = await repository.area_by_code(area_code)
    if area is None:
        raise DomainError.one("NOT_FOUND", "scenic area not found", "area")
    return area


async def area_sheet(area_code: str, kind: str, storage: Storage, public_base_url: str) -> bytes:
    """A printable SVG of an area's codes of one kind, with point names and codes."""
    area = await _area(area_code, kind)
    entries = []
    for point in await repository.points_of_area(area.id):
        image = await _stored_image(point.id, kind, storage)
        if image is None and kind == "url":  # made locally in a millisecond: no need to wait for a job
            request = CodeRequest(point.code, point.name, guide_url(public_base_url, point.code))
            image = await UrlCodeMaker().make(request)
        entries.append(SheetEntry(name=point.name, code=point.code, image=image))
    return area_sheet_svg(area.name, KIND_LABELS[kind], entries)


async def _stored_image(point_id: int, kind: str, storage: Storage) -> CodeImage | None:
    row = await repository.qr_code(point_id, kind)
    if row is None or row.status != "ready" or not row.storage_key:
        return None
    data = await storage.get(row.storage_key)
    if data is None:
        return None
    return CodeImage(data=data, content_type=row.content_type, extension=row.storage_key.rsplit(".", 1)[-1])


@dataclass(frozen=True)
class CodeStatus:
    point_code: str
    point_name: str
    kind: str
    status: str  # missing | pending | ready | failed
    storage_key: str | None
    error: str


async def area_code_statuses(area_code: str) -> list[CodeStatus]:
    area = await repository.area_by_code(area_code)
    if area is None:
        raise DomainError.one("NOT_FOUND", "scenic area not found", "area")
    points = await repository.points_of_area(area.id)
    codes = await repository.codes_of_points([p.id for p in points])
    statuses = []
    for point in points:
        for kind in KINDS:
            row = codes[point.id].get(kind)
            statuses.append(
                CodeStatus(
                    point.code,
                    point.name,
                    kind,
                    row.status if row else "missing",
                    row.storage_key if row and row.status == "ready" else None,
                    row.error if row else "",
                )
            )
    return statuses
