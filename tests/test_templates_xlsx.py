"""Template channel: reading XLSX uploads (cell types, formulas, zip bombs, limits)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from ccvc.problems import Problem
from gateway.templates import (
    ParsedUpload,
    parse_upload,
    render_xlsx_template,
    template_columns,
    template_headers,
)

HEADERS = template_headers()
EXAMPLE: list[Any] = [c.example for c in template_columns()]
FIELDS = [c.field for c in template_columns()]


def row_with(**values: Any) -> list[Any]:
    row = list(EXAMPLE)
    for field, value in values.items():
        row[FIELDS.index(field)] = value
    return row


def make_xlsx(
    rows: list[list[Any]],
    *,
    title: str = "HoSo",
    before: str | None = None,
    at: dict[str, Any] | None = None,
    text_cells: dict[str, str] | None = None,
    formats: dict[str, str] | None = None,
) -> bytes:
    book = Workbook()
    sheet = book.active
    if before is not None:  # another sheet first
        sheet.title = before
        sheet.append(["not", "this", "sheet"])
        sheet = book.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    for ref, value in (at or {}).items():
        sheet[ref] = value
    for ref, value in (text_cells or {}).items():  # strings that look like formulas
        sheet[ref] = value
        sheet[ref].data_type = "s"
    for ref, fmt in (formats or {}).items():
        sheet[ref].number_format = fmt
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parse(data: bytes, **kwargs: Any) -> ParsedUpload:
    return parse_upload(data, filename="hoso.xlsx", content_type=None, **kwargs)


def problem_of(data: bytes, **kwargs: Any) -> Problem:
    with pytest.raises(Problem) as caught:
        parse(data, **kwargs)
    return caught.value


def cell(field: str, row: int = 2) -> str:
    return f"{chr(65 + FIELDS.index(field))}{row}"


def test_text_cells_round_trip() -> None:
    upload = parse(make_xlsx([HEADERS, row_with(full_name="Phạm Thị Ánh")]))
    assert upload.format == "xlsx" and upload.sheet_name == "HoSo"
    [row] = upload.rows
    assert row.record is not None and row.record["full_name"] == "Phạm Thị Ánh"
    assert row.record["person_id"] == "001085012345"


def test_numbers_dates_and_booleans_become_text() -> None:
    row = row_with(
        person_id=1085012345,
        social_insurance_no=110123456,
        salary_step=3,
        salary_coefficient=2.34,
        ethnicity_code=1.0,
        date_of_birth=dt.datetime(1985, 3, 14),
        recruitment_date=dt.date(2010, 9, 1),
        source_updated_at=dt.datetime(2024, 1, 15, 8, 30),
        religion=True,
    )
    data = make_xlsx(
        [HEADERS, row],
        formats={cell("person_id"): "000000000000", cell("social_insurance_no"): "0000000000"},
    )
    [parsed] = parse(data).rows
    assert parsed.errors == []
    record = parsed.record
    assert record is not None
    assert record["person_id"] == "001085012345"  # zero-padded number format kept
    assert record["social_insurance_no"] == "0110123456"
    assert record["salary_step"] == "3"
    assert record["salary_coefficient"] == "2.34"
    assert record["ethnicity_code"] == "1"  # leading zero lost in Excel: the rules judge it
    assert record["date_of_birth"] == "1985-03-14"
    assert record["recruitment_date"] == "2010-09-01"
    assert record["source_updated_at"] == "2024-01-15T08:30:00"
    assert record["religion"] == "TRUE"


def test_formula_cells_are_row_errors() -> None:
    data = make_xlsx(
        [HEADERS, EXAMPLE, EXAMPLE, EXAMPLE],
        at={cell("full_name", 2): '=CONCATENATE("Nguyễn", " An")', cell("salary_step", 3): "=1+2"},
    )
    first, second, third = parse(data).rows
    assert first.record is None and second.record is None
    [error] = first.errors
    assert (error.row_number, error.column, error.field, error.code) == (
        2,
        "Họ và tên",
        "full_name",
        "formula-not-allowed",
    )
    assert "Paste Special" in error.message and "Dán đặc biệt" in error.message_vi
    assert second.errors[0].field == "salary_step" and second.errors[0].row_number == 3
    assert third.record is not None  # partial acceptance


def test_formula_injection_in_text_cells() -> None:
    data = make_xlsx(
        [HEADERS, EXAMPLE, EXAMPLE, EXAMPLE],
        text_cells={cell("full_name", 2): "=cmd|' /C calc'!A0", cell("unit", 3): "@SUM(1)"},
        at={cell("position", 4): "-"},
    )
    first, second, third = parse(data).rows
    assert [e.code for e in first.errors] == ["formula-injection"]
    assert [e.code for e in second.errors] == ["formula-injection"]
    assert third.errors == [] and third.record is not None and third.record["position"] == "-"


def test_negative_number_counts_as_injection() -> None:
    [row] = parse(make_xlsx([HEADERS, row_with(salary_step=-3)])).rows
    assert [e.code for e in row.errors] == ["formula-injection"]


def test_too_long_and_unexpected_cells() -> None:
    data = make_xlsx([HEADERS, row_with(full_name="x" * 151), [*EXAMPLE, None, "ghi chú"]])
    first, second = parse(data).rows
    assert [(e.code, e.field) for e in first.errors] == [("too-long", "full_name")]
    assert [(e.code, e.column) for e in second.errors] == [("unexpected-column", "X")]


def test_row_numbers_with_blank_rows() -> None:
    data = make_xlsx(
        [HEADERS, [], EXAMPLE, [None, "  "], [], row_with(full_name="=1")],
        text_cells={"B6": "=1"},
    )
    rows = parse(data).rows
    assert [r.row_number for r in rows] == [3, 6]
    assert rows[1].errors[0].row_number == 6


def test_blank_rows_above_the_header_keep_file_row_numbers() -> None:
    rows = parse(make_xlsx([[], HEADERS, EXAMPLE])).rows
    assert [r.row_number for r in rows] == [3]


def test_sheet_named_hoso_is_preferred() -> None:
    upload = parse(make_xlsx([HEADERS, EXAMPLE], before="Bìa"))
    assert upload.sheet_name == "HoSo" and len(upload.rows) == 1


def test_first_sheet_when_none_is_named_hoso() -> None:
    upload = parse(make_xlsx([HEADERS, EXAMPLE], title="Sheet1"))
    assert upload.sheet_name == "Sheet1" and len(upload.rows) == 1


def test_english_headers_accepted() -> None:
    upload = parse(make_xlsx([FIELDS, EXAMPLE]))
    assert upload.fields == FIELDS and len(upload.records) == 1


def test_wrong_headers() -> None:
    problem = problem_of(make_xlsx([["Họ và tên", "Ghi chú"], ["A", "B"]]))
    assert problem.status == 422 and problem.code == "template-headers"
    assert problem.extra["unknown_headers"] == ["Ghi chú"]
    assert "person_id" in {m["field"] for m in problem.extra["missing_headers"]}


def test_lying_dimension_is_ignored() -> None:
    data = make_xlsx([HEADERS, EXAMPLE, EXAMPLE])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', content)
            target.writestr(info.filename, content)
    assert len(parse(buffer.getvalue()).rows) == 2


def test_too_many_rows_is_413() -> None:
    data = make_xlsx([HEADERS] + [EXAMPLE] * 5)
    assert len(parse(data, max_rows=5).rows) == 5
    problem = problem_of(data, max_rows=4)
    assert problem.status == 413 and problem.code == "template-too-many-rows"
    assert problem.extra["limit"] == 4


def test_too_many_columns_is_413() -> None:
    problem = problem_of(make_xlsx([HEADERS], at={"CW1": "x"}))  # column 101
    assert problem.status == 413 and problem.code == "template-too-many-columns"
    assert "100" in (problem.detail or "")


def test_stray_cell_far_below_is_bounded() -> None:
    problem = problem_of(make_xlsx([HEADERS, EXAMPLE], at={"A1048576": "x"}))
    assert problem.status == 413 and problem.code == "template-too-many-rows"


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """The zip guard must refuse before openpyxl opens anything."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl reached")

    monkeypatch.setattr("openpyxl.load_workbook", refuse)


@pytest.mark.usefixtures("no_openpyxl")
def test_zip_bomb_over_50_mib_is_refused() -> None:
    data = zip_with(
        {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(51 << 20)}
    )
    assert len(data) < 200_000
    problem = problem_of(data)
    assert problem.status == 413 and problem.code == "template-too-large"
    assert problem.extra["limit"] == 50 * 1024 * 1024


@pytest.mark.usefixtures("no_openpyxl")
def test_compression_ratio_over_100_is_refused() -> None:
    data = zip_with({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": b" " * (8 << 20)})
    problem = problem_of(data)
    assert problem.status == 413 and problem.code == "template-too-large"
    assert problem.extra["limit"] == 100
    assert "zip bomb" in (problem.detail or "") + problem.title


def test_many_members_are_refused() -> None:
    data = zip_with({f"x/{i}.xml": b"" for i in range(1001)})
    assert problem_of(data).status == 413


@pytest.mark.parametrize(
    "data",
    [
        zip_with({"word/document.xml": b"<w:document/>"}),  # a .docx-like zip
        zip_with({"[Content_Types].xml": b"not xml", "xl/workbook.xml": b"<<<"}),
        render_xlsx_template()[:2000],  # truncated
        render_xlsx_template()[:-30],
    ],
)
def test_unreadable_workbooks_are_422(data: bytes) -> None:
    problem = problem_of(data)
    assert problem.status == 422 and problem.code == "template-unreadable"
    assert ".xlsx" in (problem.detail or "")


def test_corrupted_sheet_xml_is_422() -> None:
    data = make_xlsx([HEADERS, EXAMPLE])
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {i.filename: source.read(i.filename) for i in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:-200]
    problem = problem_of(zip_with(members))
    assert problem.code == "template-unreadable"


def test_formula_in_the_header_row_is_a_header_problem() -> None:
    problem = problem_of(make_xlsx([[*HEADERS, '="Ghi"&"chú"'], EXAMPLE]))
    assert problem.code == "template-headers"
    assert problem.extra["unknown_headers"] == ["= (formula / công thức)"]
