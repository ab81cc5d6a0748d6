"""Codes made locally: the plain URL QR code of a point (opens ``/guide/{code}`` in any phone
camera, and inside WeChat and Alipay once the URL prefix is registered there, see the README), and
the printable sheet of an area's codes."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from html import escape

import segno

from luojiang.core.tourism.ports import CodeImage, CodeRequest

# level M survives a scratched or partly covered outdoor sign; the URL stays short enough for it
ERROR_LEVEL = "m"


def guide_url(public_base_url: str, point_code: str) -> str:
    return f"{public_base_url.rstrip('/')}/guide/{point_code}"


def url_qr(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


class UrlCodeMaker:
    async def make(self, request: CodeRequest) -> CodeImage:
        buffer = io.BytesIO()
        url_qr(request.guide_url).save(buffer, kind="svg", scale=10, border=4, xmldecl=False, svgclass=None)
        return CodeImage(data=buffer.getvalue(), content_type="image/svg+xml", extension="svg")


@dataclass(frozen=True)
class SheetEntry:
    name: str
    code: str
    image: CodeImage | None  # None: not generated yet, or generation failed


# A4 portrait in millimetres, three codes a row
PAGE_W, COLUMNS, CELL_H, MARGIN = 210, 3, 80, 10


def area_sheet_svg(area_name: str, kind_label: str, entries: list[SheetEntry]) -> bytes:
    cell_w = (PAGE_W - 2 * MARGIN) / COLUMNS
    rows = (len(entries) + COLUMNS - 1) // COLUMNS
    height = MARGIN * 2 + 14 + rows * CELL_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W}mm" height="{height}mm" '
        f'viewBox="0 0 {PAGE_W} {height}" font-family="sans-serif">',
        f'<rect width="{PAGE_W}" height="{height}" fill="#fff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 6}" font-size="7">'
        f"{escape(area_name)} · {escape(kind_label)}</text>",
    ]
    for index, entry in enumerate(entries):
        x = MARGIN + (index % COLUMNS) * cell_w
        y = MARGIN + 14 + (index // COLUMNS) * CELL_H
        parts.append(_cell(entry, x, y, cell_w))
    parts.append("</svg>")
    return "".join(parts).encode("utf-8")


def _cell(entry: SheetEntry, x: float, y: float, width: float) -> str:
    size = min(width - 8, CELL_H - 20)
    left = x + (width - size) / 2
    label_y = y + size + 8
    if entry.image is None:
        picture = (
            f'<rect x="{left}" y="{y}" width="{size}" height="{size}" fill="none" stroke="#999"/>'
            f'<text x="{x + width / 2}" y="{y + size / 2}" font-size="4" text-anchor="middle">未生成</text>'
        )
    else:
        encoded = base64.b64encode(entry.image.data).decode("ascii")
        href = f"data:{entry.image.content_type};base64,{encoded}"
        picture = f'<image x="{left}" y="{y}" width="{size}" height="{size}" href="{href}"/>'
    return (
        f"{picture}"
        f'<text x="{x + width / 2}" y="{label_y}" font-size="5" text-anchor="middle">'
        f"{escape(entry.name)}</text>"
        f'<text x="{x + width / 2}" y="{label_y + 6}" font-size="3.5" text-anchor="middle" '
        f'fill="#555">{escape(entry.code)}</text>'
    )
