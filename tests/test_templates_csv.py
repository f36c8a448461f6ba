"""Template channel: reading CSV uploads (encodings, delimiters, headers, row-level checks)."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest

from ccvc.problems import Problem
from gateway.templates import (
    DEFAULT_MAX_ROWS,
    MAX_UPLOAD_BYTES,
    ParsedUpload,
    parse_upload,
    template_columns,
    template_headers,
)
from gateway.templates.columns import TemplateColumn

HEADERS = template_headers()
EXAMPLE = [c.example for c in template_columns()]
COLUMN = {c.field: c for c in template_columns()}


def index_of(field: str) -> int:
    return [c.field for c in template_columns()].index(field)


def row_with(**values: str) -> list[str]:
    row = list(EXAMPLE)
    for field, value in values.items():
        row[index_of(field)] = value
    return row


def make_csv(rows: list[list[str]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def parse(data: bytes, max_rows: int = DEFAULT_MAX_ROWS) -> ParsedUpload:
    return parse_upload(data, filename="hoso.csv", content_type="text/csv", max_rows=max_rows)


def problem_of(
    data: bytes, filename: str | None = "hoso.csv", max_rows: int = DEFAULT_MAX_ROWS
) -> Problem:
    with pytest.raises(Problem) as caught:
        parse_upload(data, filename=filename, content_type=None, max_rows=max_rows)
    return caught.value


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as legacy Vietnamese software writes them (base letter + tone mark)."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out


@pytest.mark.parametrize("bom", [True, False])
def test_utf8_with_and_without_bom(bom: bool) -> None:
    upload = parse_upload(
        make_csv([HEADERS, row_with(full_name="Trần Thị Bình")], bom=bom),
        filename=None,
        content_type=None,
    )
    assert upload.format == "csv" and upload.delimiter == ","
    assert upload.headers == HEADERS
    [row] = upload.rows
    assert row.record is not None and row.record["full_name"] == "Trần Thị Bình"
    assert not row.is_template_example


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_delimiters_are_detected(delimiter: str) -> None:
    data = make_csv(
        [HEADERS, row_with(permanent_address="Số 1; ngõ 2, phố Huế")], delimiter=delimiter
    )
    upload = parse(data)
    assert upload.delimiter == delimiter
    [row] = upload.rows
    assert row.record["permanent_address"] == "Số 1; ngõ 2, phố Huế"


def test_excel_sep_line() -> None:
    data = b"sep=;\r\n" + make_csv([HEADERS, EXAMPLE], delimiter=";", bom=False)
    upload = parse(data)
    assert upload.delimiter == ";"
    assert [r.row_number for r in upload.rows] == [2]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            ",".join(HEADERS) + "\r\n" + ",".join(row_with(full_name="Đặng Thị Hương")),
            "Windows-1258",
        ),
        ("Họ và tên,Đơn vị công tác\r\nNguyễn Văn Đức,Phòng Tổ chức\r\n", "Windows-1258"),
    ],
)
def test_windows_1258_is_refused_with_the_fix(text: str, named: str) -> None:
    problem = problem_of(to_cp1258(text))
    assert problem.status == 415 and problem.code == "template-encoding"
    assert named in (problem.detail or "")
    assert "CSV UTF-8" in (problem.detail or "")
    detail_vi = problem.extra["detail_vi"]
    assert "Lưu tệp dưới dạng CSV UTF-8" in detail_vi and "Save As" in detail_vi
    assert "Windows-1258" in problem.extra["detected_encoding"]


def test_windows_1252_is_named() -> None:
    data = "full_name,person_id\r\nZoë Müller,001085012345\r\n".encode("cp1252")
    problem = problem_of(data)
    assert problem.code == "template-encoding"
    assert "Windows-1252" in (problem.detail or "")
    assert "line 2" in (problem.detail or "")


@pytest.mark.parametrize(
    "data",
    [
        ("\ufeff" + ",".join(HEADERS)).encode("utf-16-le"),  # BOM written by utf-16-le + \ufeff
        ",".join(HEADERS).encode("utf-16"),  # platform BOM
        ",".join(HEADERS).encode("utf-16-be"),  # no BOM
        "\t".join(HEADERS).encode("utf-16-le"),  # Excel "Unicode Text", no BOM
    ],
)
def test_utf16_is_refused(data: bytes) -> None:
    problem = problem_of(data)
    assert problem.status == 415 and problem.code == "template-encoding"
    assert "UTF-16" in (problem.detail or "")
    assert "CSV UTF-8" in problem.extra["detail_vi"]


def test_utf32_is_refused() -> None:
    assert problem_of(",".join(HEADERS).encode("utf-32")).code == "template-encoding"


def test_wrong_headers_list_unknown_missing_and_expected() -> None:
    headers = [h for h in HEADERS if h not in ("Họ và tên", "Giới tính (male/female)")]
    headers += ["Ghi chú", "Điện thoại"]
    problem = problem_of(make_csv([headers, ["x"] * len(headers)]))
    assert problem.status == 422 and problem.code == "template-headers"
    assert problem.extra["unknown_headers"] == ["Ghi chú", "Điện thoại"]
    assert problem.extra["missing_headers"] == [
        {"field": "full_name", "header": "Họ và tên"},
        {"field": "sex", "header": "Giới tính (male/female)"},
    ]
    assert [h["header"] for h in problem.extra["expected_headers"]] == HEADERS
    for text in ("Ghi chú", "Điện thoại", "Họ và tên", "Giới tính"):
        assert text in (problem.detail or "") and text in problem.extra["detail_vi"]
    assert "template" in (problem.detail or "") and "Tải mẫu" in problem.extra["detail_vi"]


def test_duplicate_headers_are_refused() -> None:
    problem = problem_of(make_csv([[*HEADERS, "full_name"], [*EXAMPLE, "x"]]))
    assert problem.code == "template-headers"
    assert problem.extra["duplicate_headers"] == ["full_name"]


def test_mojibake_headers_hint_at_the_encoding() -> None:
    garbled = [h.encode("utf-8").decode("cp1252", errors="replace") for h in HEADERS]
    problem = problem_of(make_csv([garbled, EXAMPLE]))
    assert problem.code == "template-headers"
    assert "CSV UTF-8" in (problem.detail or "")


def test_english_field_names_and_labels_accepted() -> None:
    columns = list(template_columns())
    headers = [c.field if i % 2 else c.label_en.upper() for i, c in enumerate(columns)]
    upload = parse(make_csv([headers, EXAMPLE]))
    assert upload.fields == [c.field for c in columns]
    assert upload.headers == headers
    [row] = upload.rows
    assert row.record == {c.field: c.example for c in columns}


def test_only_required_columns_in_any_order() -> None:
    required = [c for c in template_columns() if c.required][::-1]
    headers = [unicodedata.normalize("NFD", c.header) for c in required]
    upload = parse(make_csv([headers, [c.example for c in required]]))
    [row] = upload.rows
    assert row.record["full_name"] == "Nguyễn Văn An"
    assert row.record["religion"] is None and row.record["old_id_number"] is None
    absent = {c.field for c in template_columns() if not c.required}
    assert set(upload.missing_optional_fields) == absent
    assert {w.code for w in upload.header_warnings} == {"column-absent"}


def line(row: list[str]) -> str:
    return make_csv([row], bom=False).decode("utf-8")


def test_row_numbers_count_blank_lines_and_multiline_cells() -> None:
    text = (
        "\ufeff"
        + line(HEADERS)  # row 1
        + "\r\n"  # row 2 (blank)
        + line(row_with(full_name="A"))  # row 3
        + ",,,,\r\n"  # row 4: empty cells only
        + " , \r\n"  # row 5: whitespace only
        + line(row_with(permanent_address="Dòng 1\nDòng 2"))  # row 6, two lines
        + line(row_with(full_name="=1+1"))  # row 7
        + "\n\n"
        + line(row_with(full_name="B")).rstrip()  # row 10, no final newline
    )
    upload = parse(text.encode("utf-8"))
    rows = upload.rows
    assert [r.row_number for r in rows] == [3, 6, 7, 10]
    assert rows[1].record["permanent_address"] == "Dòng 1\nDòng 2"
    assert rows[2].record is None and rows[2].errors[0].row_number == 7
    assert [n for n, _ in upload.records] == [3, 6, 10]


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+84912345678", "-2+3", "@SUM(A1)", "\tx", "\rx", "=", "--"]
)
def test_formula_injection_is_a_row_error(value: str) -> None:
    upload = parse(make_csv([HEADERS, row_with(full_name=value), row_with(full_name="Lê Văn C")]))
    bad, good = upload.rows
    assert bad.record is None
    [error] = bad.errors
    assert (error.row_number, error.field, error.column, error.code) == (
        2,
        "full_name",
        "Họ và tên",
        "formula-injection",
    )
    assert error.message and error.message_vi
    if len(value) > 2:
        assert value not in error.message  # cell values are not echoed
    assert good.record is not None and good.errors == []  # partial acceptance


@pytest.mark.parametrize("value", ["-", " - ", "Nguyễn-Văn", "a=b", "1985-03-14", " =x"])
def test_non_injection_values_pass(value: str) -> None:
    [row] = parse(make_csv([HEADERS, row_with(full_name=value)])).rows
    assert row.errors == [] and row.record["full_name"] == value


@pytest.mark.parametrize("value", ["An\x00", "\x00", "A\x07B", "A\x1bB", "A\x7fB", "A\x85B"])
def test_control_characters_are_row_errors(value: str) -> None:
    [row] = parse(make_csv([HEADERS, row_with(unit=value)])).rows
    assert row.record is None
    assert [(e.code, e.field, e.column) for e in row.errors] == [
        ("control-characters", "unit", "Đơn vị công tác")
    ]


def test_line_breaks_and_tabs_inside_a_cell_are_not_control_errors() -> None:
    [row] = parse(make_csv([HEADERS, row_with(permanent_address="Số 1\r\nphố\tHuế")])).rows
    assert row.errors == []


@pytest.mark.parametrize("field", [c.field for c in template_columns()])
def test_too_long_cells(field: str) -> None:
    column: TemplateColumn = COLUMN[field]
    ok = "1" * column.max_length
    too_long = "1" * (column.max_length + 1)
    upload = parse(make_csv([HEADERS, row_with(**{field: ok}), row_with(**{field: too_long})]))
    first, second = upload.rows
    assert first.errors == [] and first.record[field] == ok
    assert second.record is None
    [error] = second.errors
    assert (error.code, error.field, error.column) == ("too-long", field, column.header)
    assert str(column.max_length) in error.message and str(column.max_length) in error.message_vi


def test_several_errors_in_one_row_are_all_reported() -> None:
    row = row_with(full_name="=A1", unit="x\x00", position="y" * 201)
    [parsed] = parse(make_csv([HEADERS, row])).rows
    assert sorted(e.code for e in parsed.errors) == [
        "control-characters",
        "formula-injection",
        "too-long",
    ]


def test_short_rows_and_extra_cells() -> None:
    upload = parse(
        make_csv([HEADERS, EXAMPLE[:3], [*EXAMPLE, "", "  "], [*EXAMPLE, "", "ghi chú"]])
    )
    short, padded, extra = upload.rows
    assert short.record is not None and short.record["sex"] is None
    assert padded.errors == []
    [error] = extra.errors
    assert (error.code, error.column, error.field) == ("unexpected-column", "X", None)


def test_empty_cells_are_none_and_whitespace_is_kept() -> None:
    [row] = parse(make_csv([HEADERS, row_with(religion="", position="  Trưởng phòng ")])).rows
    assert row.record["religion"] is None
    assert row.record["position"] == "  Trưởng phòng "  # the Sạch rules judge whitespace


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b" , ,\n"])
def test_empty_files(data: bytes) -> None:
    assert problem_of(data).code == "template-empty"


def test_too_many_rows_is_413_naming_the_limit() -> None:
    data = make_csv([HEADERS] + [EXAMPLE] * 4)
    assert len(parse(data, max_rows=4).rows) == 4
    problem = problem_of(data, max_rows=3)
    assert problem.status == 413 and problem.code == "template-too-many-rows"
    assert problem.extra["limit"] == 3 and "3" in (problem.detail or "")


def test_default_row_limit_is_5000() -> None:
    body = (",".join(EXAMPLE) + "\r\n").encode() * 5001
    data = (",".join(HEADERS) + "\r\n").encode() + body
    problem = problem_of(data)
    assert problem.status == 413 and problem.extra["limit"] == 5000


def test_blank_lines_far_below_are_bounded() -> None:
    data = make_csv([HEADERS, EXAMPLE]) + b"\r\n" * 120_000 + b"x"
    problem = problem_of(data)
    assert problem.status == 413 and problem.code == "template-too-many-rows"


def test_too_many_columns_is_413() -> None:
    problem = problem_of(make_csv([[*HEADERS, *[""] * 80, "x"]]))
    assert problem.status == 413 and problem.code == "template-too-many-columns"
    assert problem.extra["limit"] == 100
    ok = parse(make_csv([[*HEADERS, *[""] * 78], EXAMPLE]))  # 100 columns exactly
    assert len(ok.rows) == 1


def test_too_large_upload_is_413() -> None:
    problem = problem_of(b"a" * (MAX_UPLOAD_BYTES + 1))
    assert problem.status == 413 and problem.code == "template-too-large"


def test_huge_cell_is_a_problem_not_a_crash() -> None:
    problem = problem_of(make_csv([HEADERS, row_with(full_name="x" * 200_000)]))
    assert problem.status == 422 and problem.code == "template-unreadable"


@pytest.mark.parametrize(
    ("data", "filename", "status", "code"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "hoso.xls", 415, "template-format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "hoso.xlsx", 415, "template-format"),
        (make_csv([HEADERS, EXAMPLE]), "hoso.xls", 415, "template-format"),
        (b"<html><table><tr><td>x</td></tr></table></html>", "hoso.xls", 415, "template-format"),
        (b"<!DOCTYPE html><html></html>", "export.csv", 415, "template-format"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "hoso.pdf", 415, "template-format"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None, 415, "template-format"),
        (bytes(range(256)) * 4, None, 415, "template-format"),
        (b"\x00\x01\x02\x03garbage\xff\xfe\xfd", None, 415, "template-format"),
        (make_csv([HEADERS, EXAMPLE]), "hoso.xlsx", 422, "template-unreadable"),
        (b"PK\x03\x04garbage", None, 422, "template-unreadable"),
        (b"PK\x05\x06" + b"\x00" * 18, None, 422, "template-unreadable"),
    ],
)
def test_other_formats_are_refused(
    data: bytes, filename: str | None, status: int, code: str
) -> None:
    problem = problem_of(data, filename=filename)
    assert (problem.status, problem.code) == (status, code)
    assert problem.title and problem.title_vi and problem.detail and problem.extra["detail_vi"]
    assert ".xlsx" in (problem.detail or "") and ".xlsx" in problem.extra["detail_vi"]


def test_xls_content_type_alone_does_not_refuse_a_csv() -> None:
    # Windows labels .csv uploads application/vnd.ms-excel when Excel is installed
    upload = parse_upload(
        make_csv([HEADERS, EXAMPLE]), filename="hoso.csv", content_type="application/vnd.ms-excel"
    )
    assert len(upload.rows) == 1


def test_problem_body_is_serialisable() -> None:
    body = problem_of(make_csv([["Ghi chú"]])).body("/v1/uploads")
    assert body["code"] == "template-headers" and body["status"] == 422
    assert body["detail_vi"] and body["expected_headers"]
