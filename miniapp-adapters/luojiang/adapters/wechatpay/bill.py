"""The trade bill (交易账单) CSV: a header row, then rows whose every field starts with a
backtick, then a summary block. Amounts are yuan."""

from __future__ import annotations

import csv

from luojiang.core.payments.money import yuan_to_fen
from luojiang.core.payments.ports import BillRow


def parse_trade_bill(text: str) -> list[BillRow]:
    lines = text.splitlines()
    if not lines:
        return []
    header = next(csv.reader([lines[0]]))
    rows: list[BillRow] = []
    for line in lines[1:]:
        if not line.startswith("`"):
            break  # the summary block (总交易单数, ...) follows the detail rows
        record = dict(zip(header, (field.lstrip("`") for field in next(csv.reader([line]))), strict=False))
        if record.get("交易状态") != "SUCCESS":
            continue
        rows.append(
            BillRow(
                out_trade_no=record["商户订单号"],
                platform_trade_no=record["微信订单号"],
                amount_fen=yuan_to_fen(record["订单金额"]),
            )
        )
    return rows
