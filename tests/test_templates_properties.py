"""Template channel, property-based: whatever the bytes, `parse_upload` returns or raises
`Problem`, never anything else; CSV cells come back unchanged."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ccvc.problems import Problem
from gateway.templates import (
    ParsedUpload,
    parse_upload,
    render_csv_template,
    render_xlsx_template,
    template_columns,
    template_headers,
)

HEADERS = template_headers()
XLSX = render_xlsx_template()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_problem(
    data: bytes, filename: str | None = None, content_type: str | None = None
) -> ParsedUpload | Problem:
    try:
        return parse_upload(data, filename=filename, content_type=content_type, max_rows=50)
    except Problem as problem:
        assert 400 <= problem.status < 500
        assert problem.title and problem.title_vi and problem.detail
        problem.body()  # serialisable
        return problem


@FAST
@given(
    st.binary(max_size=4096),
    st.sampled_from([None, "hoso.csv", "hoso.xlsx", "hoso.xls", "x"]),
    st.sampled_from([None, "text/csv", "application/octet-stream"]),
)
@example(b"\x00", None, None)
@example(b"\xef\xbb\xbf", None, None)
@example(b"PK\x03\x04", None, None)
def test_arbitrary_bytes_only_raise_problem(
    data: bytes, filename: str | None, content_type: str | None
) -> None:
    parse_or_problem(data, filename, content_type)


@FAST
@given(st.binary(max_size=2048))
def test_zip_lookalikes_only_raise_problem(tail: bytes) -> None:
    parse_or_problem(b"PK\x03\x04" + tail)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_damaged_workbooks_only_raise_problem(flips: list[tuple[int, int]]) -> None:
    data = bytearray(XLSX)
    for position, value in flips:
        data[position] = value
    parse_or_problem(bytes(data), "hoso.xlsx")


@FAST
@given(st.binary(max_size=512), st.integers(0, 2000))
def test_damaged_csv_templates_only_raise_problem(noise: bytes, position: int) -> None:
    base = render_csv_template()
    position = min(position, len(base))
    parse_or_problem(base[:position] + noise + base[position:])


CELL_TEXT = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"]),
        max_size=30,
    ),
    st.text(alphabet="\x00\r\n\t \"',;=+-@\u0301\u0323\u0303ĐđƯư\ufeff", max_size=12),
    st.sampled_from(
        ["", "-", " ", "Nguyễn Văn An", "Nguye\u0302\u0303n", "x" * 400, "y" * 140_000]
    ),
)


@FAST
@given(
    st.lists(st.lists(CELL_TEXT, min_size=0, max_size=len(HEADERS) + 3), max_size=8),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_csv_of_arbitrary_cells(rows: list[list[str]], delimiter: str, bom: bool) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADERS, *rows])
    data = (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")
    result = parse_or_problem(data, "hoso.csv", "text/csv")
    if isinstance(result, Problem):
        # the only whole-file refusals possible here: a cell over csv's field limit,
        # or values beyond column 100 (cannot happen with these row widths)
        assert result.code == "template-unreadable"
        assert any(len(c) > 131_072 for row in rows for c in row)
        return
    assert result.delimiter == delimiter
    kept = [
        (number, row)
        for number, row in enumerate(rows, start=2)
        if not all(not c.strip() for c in row)
    ]
    assert [r.row_number for r in result.rows] == [number for number, _ in kept]
    fields = [c.field for c in template_columns()]
    for parsed, (_, cells) in zip(result.rows, kept, strict=True):
        if parsed.record is None:
            assert parsed.errors
            continue
        assert parsed.errors == []
        for index, field in enumerate(fields):
            value = cells[index] if index < len(cells) else ""
            assert parsed.record[field] == (value or None)  # byte-for-byte, not normalised


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=3000))
def test_arbitrary_text_files(text: str) -> None:
    parse_or_problem(text.encode("utf-8"), "hoso.csv")
    parse_or_problem((",".join(HEADERS) + "\n" + text).encode("utf-8"), "hoso.csv")
