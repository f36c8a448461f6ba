"""Problems (RFC 9457) raised for uploads that cannot be read as a whole.

Every message says what is wrong and how to fix it, in English (`title`, `detail`) and
Vietnamese (`title_vi`, `detail_vi`). None echoes cell values (they are personal data).
"""

from __future__ import annotations

import re
from typing import Any

from ccvc.problems import Problem

FIX_ENCODING_VI = (
    "Lưu tệp dưới dạng CSV UTF-8 (Excel: Save As → CSV UTF-8 (Comma delimited) (*.csv)), "
    "hoặc tải lên tệp Excel .xlsx."
)
FIX_ENCODING_EN = (
    "Save the file as CSV UTF-8 (Excel: Save As → CSV UTF-8 (Comma delimited) (*.csv)), "
    "or upload the Excel .xlsx file instead."
)
FIX_TEMPLATE_VI = (
    "Tải mẫu mới từ Cổng cập nhật hồ sơ (gateway) và chép dữ liệu vào đúng các cột; "
    "không đổi tên, không thêm cột."
)
FIX_TEMPLATE_EN = (
    "Download the template again from the gateway (Cổng cập nhật hồ sơ) and copy your data into "
    "its columns; do not rename or add columns."
)
FIX_FORMAT_VI = "Tải lên tệp Excel .xlsx (Excel Workbook) hoặc tệp CSV UTF-8."
FIX_FORMAT_EN = "Upload an Excel Workbook (.xlsx) or a CSV UTF-8 file."

SPLIT_EN = "Split the data into several files (for example one per unit) and upload each."
SPLIT_VI = "Hãy chia dữ liệu thành nhiều tệp (ví dụ mỗi đơn vị một tệp) và tải lên từng tệp."

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def display(text: str, limit: int = 60) -> str:
    """Text from the file made safe to show in a message (controls replaced, length capped)."""
    text = _UNSAFE.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def problem(
    status: int,
    code: str,
    title: str,
    title_vi: str,
    detail: str,
    detail_vi: str,
    **extra: Any,
) -> Problem:
    return Problem(
        status, code, title, title_vi=title_vi, detail=detail, detail_vi=detail_vi, **extra
    )


def unreadable(reason_en: str, reason_vi: str, **extra: Any) -> Problem:
    return problem(
        422,
        "template-unreadable",
        "The uploaded file cannot be read",
        "Không đọc được tệp tải lên",
        f"{reason_en} {FIX_FORMAT_EN}",
        f"{reason_vi} {FIX_FORMAT_VI}",
        **extra,
    )


def unsupported_format(kind_en: str, kind_vi: str, fix_en: str, fix_vi: str) -> Problem:
    return problem(
        415,
        "template-format",
        "Unsupported file format",
        "Định dạng tệp không được hỗ trợ",
        f"The file is {kind_en}, not CSV or XLSX. {fix_en}",
        f"Tệp là {kind_vi}, không phải CSV hay XLSX. {fix_vi}",
        detected=kind_en,
    )


def encoding_problem(guess: str | None, where_en: str = "", where_vi: str = "") -> Problem:
    named_en = f" It looks like {guess}." if guess else ""
    named_vi = f" Có vẻ tệp dùng bảng mã {guess}." if guess else ""
    return problem(
        415,
        "template-encoding",
        "The CSV file is not UTF-8 text",
        "Tệp CSV không dùng bảng mã UTF-8",
        f"The file is not valid UTF-8{where_en}.{named_en} {FIX_ENCODING_EN}",
        f"Tệp không phải văn bản UTF-8 hợp lệ{where_vi}.{named_vi} {FIX_ENCODING_VI}",
        detected_encoding=guess,
        fix="Save as CSV UTF-8",
        fix_vi="Lưu dưới dạng CSV UTF-8",
    )


def too_large(
    code: str,
    what_en: str,
    what_vi: str,
    limit: int,
    unit_en: str,
    unit_vi: str,
    *,
    fix_en: str = SPLIT_EN,
    fix_vi: str = SPLIT_VI,
) -> Problem:
    return problem(
        413,
        code,
        f"The upload is too large: {what_en}",
        f"Tệp tải lên quá lớn: {what_vi}",
        f"The limit is {limit:,} {unit_en}. {fix_en}",
        f"Giới hạn là {limit:,} {unit_vi}. {fix_vi}",
        limit=limit,
    )
