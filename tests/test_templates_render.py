"""Template channel: the columns, the downloadable templates and the row-error report."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from gateway.records.schema import RECORD_FIELDS, StaffRecordIn
from gateway.templates import (
    MINIMUM_FIELDS,
    ParsedRow,
    RowError,
    match_header,
    parse_upload,
    render_csv_template,
    render_row_errors_csv,
    render_xlsx_template,
    template_columns,
    template_headers,
)
from gateway.templates.columns import _header_index

EXPECTED_HEADERS = [
    "Số định danh cá nhân",
    "Họ và tên",
    "Ngày sinh (YYYY-MM-DD)",
    "Giới tính (male/female)",
    "Mã dân tộc",
    "Tôn giáo",
    "Mã tỉnh quê quán",
    "Nơi thường trú",
    "Đơn vị công tác",
    "Loại (can_bo/cong_chuc/vien_chuc)",
    "Mã ngạch/chức danh",
    "Nhóm lương",
    "Bậc lương",
    "Hệ số lương",
    "Ngày tuyển dụng (YYYY-MM-DD)",
    "Chức vụ",
    "Trình độ chuyên môn",
    "Ngày vào Đảng (YYYY-MM-DD)",
    "Số sổ BHXH",
    "Tình trạng (active/retired/resigned/deceased)",
    "Ngày cập nhật nguồn",
    "Số CMND cũ",
]


def example_record() -> dict[str, str | None]:
    return {c.field: c.example for c in template_columns()}


def test_one_column_per_field_but_agency_code() -> None:
    fields = [c.field for c in template_columns()]
    assert sorted(fields) == sorted(f for f in RECORD_FIELDS if f != "agency_code")
    assert len(set(fields)) == len(fields)
    assert template_headers() == EXPECTED_HEADERS
    assert [c.field for c in template_columns() if c.required] == list(MINIMUM_FIELDS)


def test_examples_are_valid_records_within_limits() -> None:
    for column in template_columns():
        assert column.example, column.field
        assert len(column.example) <= column.max_length
        assert column.label_en and column.meaning_vi and column.format_en
        too_long = {**example_record(), column.field: "x" * (column.max_length + 1)}
        with pytest.raises(ValidationError):
            StaffRecordIn.model_validate(too_long)
        StaffRecordIn.model_validate({column.field: "x" * column.max_length})
    StaffRecordIn.model_validate(example_record())


@pytest.mark.parametrize("column", template_columns(), ids=lambda c: c.field)
def test_every_header_form_matches(column: object) -> None:
    from gateway.templates.columns import TemplateColumn

    assert isinstance(column, TemplateColumn)
    forms = [
        column.header,
        column.header.upper(),
        unicodedata.normalize("NFD", column.header),
        "  " + column.header.replace(" ", "   ") + " ",
        column.field,
        column.field.upper(),
        column.label_en,
        column.label_en.lower(),
        column.header + " *",
        *column.aliases,
    ]
    for form in forms:
        assert match_header(form) == column.field, form


def test_header_aliases_do_not_collide_and_unknown_is_none() -> None:
    assert len(_header_index()) > 3 * len(template_columns())
    for text in ("", "Ghi chú", "agency_code", "Mã cơ quan", "person", "=HYPERLINK()"):
        assert match_header(text) is None
    assert match_header("Ho va ten") == "full_name"  # typed without diacritics
    assert match_header("Ngày sinh") == "date_of_birth"  # without the format hint
    assert match_header("Ð" + "ơn vị công tác") == "unit"  # Icelandic eth look-alike


def test_csv_template_is_utf8_bom_header_and_example() -> None:
    data = render_csv_template()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [EXPECTED_HEADERS, [c.example for c in template_columns()]]


def test_xlsx_template_layout() -> None:
    book = load_workbook(io.BytesIO(render_xlsx_template()))
    assert book.sheetnames == ["HoSo", "HuongDan"]
    sheet = book["HoSo"]
    assert [c.value for c in sheet[1]] == EXPECTED_HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[2]] == [c.example for c in template_columns()]
    assert sheet["A2"].value == "001085012345" and sheet["A2"].data_type == "s"
    for index in range(1, len(EXPECTED_HEADERS) + 1):
        letter = sheet.cell(row=1, column=index).column_letter
        assert sheet.column_dimensions[letter].number_format == "@"
        assert (sheet.column_dimensions[letter].width or 0) >= 12
        assert sheet.cell(row=1, column=index).number_format == "@"
        assert sheet.cell(row=2, column=index).number_format == "@"
        assert sheet.cell(row=1, column=index).comment is not None
    assert sheet.data_validations.dataValidation  # lists for sex, staff type, status

    guide = book["HuongDan"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    for column in template_columns():
        assert column.header in text and column.field in text
        assert column.meaning_vi in text and column.meaning_en in text
        assert column.format_vi in text and column.format_en in text
    assert "XOÁ" in text and "DELETE" in text and "CSV UTF-8" in text
    assert "Bắt buộc / Required" in text


@pytest.mark.parametrize(
    ("render", "filename", "fmt"),
    [(render_csv_template, "mau.csv", "csv"), (render_xlsx_template, "mau.xlsx", "xlsx")],
)
def test_templates_round_trip(render: object, filename: str, fmt: str) -> None:
    assert callable(render)
    upload = parse_upload(render(), filename=filename, content_type=None)
    assert upload.format == fmt
    assert upload.headers == EXPECTED_HEADERS
    assert upload.missing_optional_fields == [] and upload.header_warnings == []
    [row] = upload.rows
    assert row.row_number == 2 and row.errors == []
    assert row.record == example_record()
    assert "agency_code" not in row.record
    assert row.is_template_example  # the caller can warn: "delete the example row"
    assert upload.records == [(2, example_record())]


def test_row_errors_csv() -> None:
    rows = [
        ParsedRow(2, {"full_name": "x"}),
        ParsedRow(
            3,
            None,
            [
                RowError(3, "Họ và tên", "full_name", "too-long", "Too long.", "Quá dài."),
                RowError(3, "=cmd", None, "unexpected-column", "Extra.", "Thừa."),
            ],
        ),
    ]
    warning = RowError(1, "Số CMND cũ", "old_id_number", "column-absent", "Absent.", "Thiếu.")
    data = render_row_errors_csv([*rows, warning])
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0][0].startswith("Dòng")
    assert table[1] == ["3", "Họ và tên", "full_name", "too-long", "Quá dài.", "Too long."]
    assert table[2][1] == "'=cmd"  # never a formula when opened in Excel
    assert table[3][:4] == ["1", "Số CMND cũ", "old_id_number", "column-absent"]
    assert len(table) == 4
