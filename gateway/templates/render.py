"""The downloadable template (CSV and XLSX) and the row-error report (CSV).

Both templates hold the header row and one example row of realistic *synthetic* values; the
instructions (sheet "HuongDan", `INSTRUCTIONS_VI` / `INSTRUCTIONS_EN`) say to delete the example
row before uploading. `parse_upload` marks a row equal to it as `is_template_example`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from ccvc.spreadsheets import csv_bytes, safe_cell
from gateway.templates.columns import template_columns
from gateway.templates.limits import DEFAULT_MAX_ROWS
from gateway.templates.parse import ParsedRow, RowError

DATA_SHEET = "HoSo"
HELP_SHEET = "HuongDan"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

INSTRUCTIONS_VI: tuple[str, ...] = (
    "Mỗi dòng là hồ sơ của một người. Dòng 1 là tiêu đề: không sửa, không thêm cột.",
    "Dòng 2 là dòng VÍ DỤ với dữ liệu giả: hãy XOÁ dòng này trước khi tải lên.",
    "Mọi ô của trang HoSo đã định dạng Văn bản (Text) để giữ số 0 ở đầu "
    "(ví dụ 001085012345): không đổi định dạng ô.",
    "Ngày ghi theo dạng YYYY-MM-DD (ví dụ 1985-03-14).",
    "Không nhập công thức; không bắt đầu ô bằng =, +, -, @ (riêng dấu - đứng một mình "
    "được chấp nhận).",
    "Cột tô vàng là bắt buộc (bộ dữ liệu tối thiểu “Đúng – Đủ”); nội dung từng ô được kiểm tra "
    "theo bộ quy tắc chất lượng.",
    f"Tối đa {DEFAULT_MAX_ROWS:,} dòng dữ liệu mỗi tệp. Tải lên tệp .xlsx hoặc CSV UTF-8 ".replace(
        ",", "."
    )
    + "(Excel: Save As → CSV UTF-8).",
    "Mã cơ quan lấy theo địa chỉ tải lên; không cần cột riêng.",
    "Dòng có lỗi được trả lại kèm số dòng và lý do; các dòng hợp lệ vẫn được tiếp nhận.",
)
INSTRUCTIONS_EN: tuple[str, ...] = (
    "One row per person. Row 1 holds the headers: do not change them or add columns.",
    "Row 2 is an EXAMPLE with synthetic data: DELETE it before uploading.",
    "Every cell of the HoSo sheet is formatted as Text to keep leading zeros "
    "(e.g. 001085012345): do not change the cell format.",
    "Dates are written YYYY-MM-DD (e.g. 1985-03-14).",
    "No formulas; no cell may start with =, +, -, @ (a lone - is accepted).",
    "Yellow columns are required (the “Đúng – Đủ” minimum set); each cell is then checked by the "
    "quality rules.",
    f"At most {DEFAULT_MAX_ROWS:,} data rows per file. Upload the .xlsx file or a CSV UTF-8 file "
    "(Excel: Save As → CSV UTF-8).",
    "The agency code comes from the upload address; there is no column for it.",
    "Rows with errors come back with their row number and reason; valid rows are still accepted.",
)


def render_csv_template() -> bytes:
    """The CSV template: UTF-8 with BOM (Excel opens Vietnamese correctly), header + example."""
    columns = template_columns()
    return csv_bytes([[c.header for c in columns], [c.example for c in columns]])


def render_xlsx_template() -> bytes:
    """The XLSX template: sheet "HoSo" (text cells, bold frozen header) and sheet "HuongDan"."""
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.comments import Comment  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.styles import (  # type: ignore[import-untyped,unused-ignore]
        Alignment,
        Font,
        PatternFill,
    )
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped,unused-ignore]
        DataValidation,
    )

    columns = template_columns()
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    bold = Font(bold=True)
    required_fill = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
    last_row = DEFAULT_MAX_ROWS + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        dimension = sheet.column_dimensions[letter]
        dimension.width = min(max(len(column.header), len(column.example), 12) + 4, 60)
        dimension.number_format = "@"  # the whole column is Text, new cells included
        header = sheet.cell(row=1, column=index, value=column.header)
        header.font = bold
        header.number_format = "@"
        header.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            header.fill = required_fill
        header.comment = Comment(
            f"{column.meaning_vi}. {column.format_vi}.\n{column.meaning_en}. {column.format_en}."
            + ("\nBắt buộc / Required." if column.required else ""),
            "CCVC",
        )
        example = sheet.cell(row=2, column=index, value=column.example)
        example.number_format = "@"
        choices = _choices(column.field)
        if choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="Giá trị không có trong danh sách / Not in the list",
                error=" / ".join(choices),
            )
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    _help_sheet(book.create_sheet(HELP_SHEET), bold, required_fill, get_column_letter)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _choices(field: str) -> tuple[str, ...]:
    return {
        "sex": ("male", "female"),
        "staff_type": ("can_bo", "cong_chuc", "vien_chuc"),
        "employment_status": ("active", "retired", "resigned", "deceased"),
    }.get(field, ())


def _help_sheet(ws: Any, bold: Any, fill: Any, get_letter: Any) -> None:
    from openpyxl.styles import Alignment  # type: ignore[import-untyped,unused-ignore]

    ws.append(["Hướng dẫn điền mẫu hồ sơ CBCCVC / How to fill in the staff-data template"])
    ws.cell(row=1, column=1).font = bold
    ws.append([])
    for vi, en in zip(INSTRUCTIONS_VI, INSTRUCTIONS_EN, strict=True):
        ws.append([vi, en])
    ws.append([])
    table_header = [
        "Cột / Column",
        "Tiêu đề / Header",
        "Tên trường / Field",
        "Ý nghĩa",
        "Meaning",
        "Định dạng",
        "Format",
        "Bắt buộc / Required",
        "Ví dụ / Example",
        "Độ dài tối đa / Max length",
    ]
    ws.append(table_header)
    header_row = ws.max_row
    for index in range(1, len(table_header) + 1):
        ws.cell(row=header_row, column=index).font = bold
    for index, column in enumerate(template_columns(), start=1):
        ws.append(
            [
                get_letter(index),
                column.header,
                column.field,
                column.meaning_vi,
                column.meaning_en,
                column.format_vi,
                column.format_en,
                "Có / Yes" if column.required else "Không / No",
                column.example,
                str(column.max_length),
            ]
        )
        row = ws.max_row
        for cell in ws[row]:
            cell.number_format = "@"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            ws.cell(row=row, column=2).fill = fill
    widths = (48, 40, 22, 40, 40, 36, 36, 14, 24, 12)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_letter(index)].width = width


def render_row_errors_csv(rows: Iterable[ParsedRow | RowError]) -> bytes:
    """Row errors as a CSV (UTF-8 with BOM) for Excel: row, column, field, code, messages."""
    table: list[list[str]] = [
        [
            "Dòng / Row",
            "Cột / Column",
            "Trường / Field",
            "Mã lỗi / Code",
            "Mô tả (tiếng Việt)",
            "Message (English)",
        ]
    ]
    for item in rows:
        for error in item.errors if isinstance(item, ParsedRow) else [item]:
            table.append(
                [
                    str(error.row_number),
                    safe_cell(error.column),
                    safe_cell(error.field),
                    safe_cell(error.code),
                    safe_cell(error.message_vi),
                    safe_cell(error.message),
                ]
            )
    return csv_bytes(table)
