"""The daily trade bill: a zip of GBK CSV files; the detail file (业务明细, not its 汇总) has
``#`` comment lines around a header and one row per trade or refund. Amounts are yuan."""

from __future__ import annotations

import csv
import io
import zipfile

from luojiang.core.payments.money import yuan_to_fen
from luojiang.core.payments.ports import BillRow


def parse_bill_zip(content: bytes) -> list[BillRow]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = [n for n in archive.namelist() if _name(n).endswith(".csv") and "汇总" not in _name(n)]
        if len(names) != 1:
            raise ValueError("the bill zip has no single detail file")
        text = archive.read(names[0]).decode("gbk")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows: list[BillRow] = []
    for record in csv.DictReader(lines):
        clean = {k.strip(): (v or "").strip() for k, v in record.items() if k}
        if clean.get("业务类型") != "交易":
            continue
        rows.append(
            BillRow(
                out_trade_no=clean["商户订单号"],
                platform_trade_no=clean["支付宝交易号"],
                amount_fen=yuan_to_fen(clean["订单金额（元）"]),
            )
        )
    return rows


def _name(name: str) -> str:
    # zip names from Alipay are GBK bytes stored without the UTF-8 flag: read them back as GBK
    try:
        return name.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name
