"""CSV for people who open it in a spreadsheet: UTF-8 with a BOM (Excel reads Vietnamese
correctly) and cells that never start like a formula (CSV injection, OWASP)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

UTF8_BOM = "\ufeff"
INJECTION_STARTS = frozenset("=+-@\t\r")


def safe_cell(text: str | None) -> str:
    """A cell that a spreadsheet shows as text: a leading formula character is quoted."""
    if not text:
        return ""
    return "'" + text if text[0] in INJECTION_STARTS else text


def csv_bytes(rows: Iterable[Iterable[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return (UTF8_BOM + buffer.getvalue()).encode("utf-8")
