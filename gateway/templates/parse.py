"""Reading an uploaded template (CSV or XLSX) into one record or row errors per row.

`parse_upload` is pure (no database, no HTTP): the upload endpoint calls it and sends the
accepted rows down the same pipeline as API records (partial acceptance). Whatever the bytes,
it returns a `ParsedUpload` or raises `Problem`, never anything else.

Row numbers are the ones a person sees in Excel: the header is row 1 and the first data row
row 2; blank rows are skipped but still counted. In a CSV a quoted cell may span lines and is
still one row (as Excel shows it); an Excel `sep=;` first line is not counted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from pydantic import ValidationError

from ccvc.problems import Problem
from ccvc.spreadsheets import INJECTION_STARTS
from gateway.records.schema import StaffRecordIn
from gateway.templates import errors, limits
from gateway.templates.columns import (
    MINIMUM_FIELDS,
    TemplateColumn,
    match_header,
    normalise_header,
    template_columns,
)

Format = Literal["csv", "xlsx"]

UTF8_BOM = b"\xef\xbb\xbf"
XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_CONTENT_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel.sheet.macroenabled.12",
    }
)
CSV_DELIMITERS = (",", ";", "\t")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_ZEROS_FORMAT = re.compile(r"^0+$")
_SEP_LINE = re.compile(r"^sep=(.)\r?$")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one row (or cell) of an upload."""

    row_number: int
    column: str | None  # the header as written in the file, else the column letter
    field: str | None
    code: str
    message: str
    message_vi: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row_number": self.row_number,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "message_vi": self.message_vi,
        }


@dataclass(slots=True)
class ParsedRow:
    """One data row: its record (StaffRecordIn fields but `agency_code`) or its errors."""

    row_number: int
    record: dict[str, str | None] | None
    errors: list[RowError] = field(default_factory=list)
    is_template_example: bool = False  # the template's example row left in the file

    @property
    def ok(self) -> bool:
        return self.record is not None


@dataclass(slots=True)
class ParsedUpload:
    """An upload read row by row."""

    format: Format
    rows: list[ParsedRow]
    headers: list[str]  # non-empty header cells, as written, in file order
    fields: list[str]  # the field of each of those headers, same order
    missing_optional_fields: list[str]  # template columns absent from the file (cells = None)
    header_warnings: list[RowError] = field(default_factory=list)  # non-fatal, row 1
    delimiter: str | None = None  # CSV
    sheet_name: str | None = None  # XLSX

    @property
    def records(self) -> list[tuple[int, dict[str, str | None]]]:
        """(row number, record) of every row without errors."""
        return [(r.row_number, r.record) for r in self.rows if r.record is not None]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]


class _Cell(NamedTuple):
    text: str | None
    formula: bool = False


_EMPTY = _Cell(None)


def parse_upload(
    data: bytes,
    *,
    filename: str | None,
    content_type: str | None,
    max_rows: int = limits.DEFAULT_MAX_ROWS,
) -> ParsedUpload:
    """Read an uploaded CSV or XLSX template; raise `Problem` when it cannot be read as a whole."""
    if max_rows < 1:
        raise ValueError("max_rows must be positive")
    if len(data) > limits.MAX_UPLOAD_BYTES:
        raise errors.too_large(
            "template-too-large",
            "file size",
            "dung lượng tệp",
            limits.MAX_UPLOAD_BYTES,
            "bytes",
            "byte",
        )
    if not data:
        raise _empty_problem()
    name = (filename or "").strip().lower()
    ctype = (content_type or "").split(";")[0].strip().lower()
    if data.startswith(XLSX_MAGIC):
        return _parse_xlsx(data, max_rows)
    if data.startswith(OLE2_MAGIC):
        raise errors.unsupported_format(
            "an Excel 97-2003 workbook (.xls) or a password-protected workbook",
            "sổ Excel 97-2003 (.xls) hoặc sổ Excel có đặt mật khẩu",
            "Open it in Excel, remove any password, and Save As → Excel Workbook (.xlsx).",
            "Mở tệp bằng Excel, bỏ mật khẩu (nếu có) rồi Save As → Excel Workbook (.xlsx).",
        )
    if data.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        return _parse_xlsx(data, max_rows)  # another zip layout: reported as unreadable
    if name.endswith(".xls"):
        raise errors.unsupported_format(
            "an Excel 97-2003 file (.xls)",
            "tệp Excel 97-2003 (.xls)",
            "Open it in Excel and Save As → Excel Workbook (.xlsx).",
            "Mở tệp bằng Excel rồi Save As → Excel Workbook (.xlsx).",
        )
    if name.endswith((".xlsx", ".xlsm")) or ctype in XLSX_CONTENT_TYPES:
        raise errors.unreadable(
            "The file is named or labelled as .xlsx but is not an Excel workbook.",
            "Tệp có tên hoặc kiểu .xlsx nhưng không phải sổ Excel.",
        )
    kind = _sniff_binary(data)
    if kind is not None:
        raise errors.unsupported_format(
            kind[0], kind[1], errors.FIX_FORMAT_EN, errors.FIX_FORMAT_VI
        )
    return _parse_csv(data, max_rows)


def _empty_problem() -> Problem:
    return errors.problem(
        422,
        "template-empty",
        "The file has no header row",
        "Tệp không có dòng tiêu đề",
        "The file is empty. " + errors.FIX_TEMPLATE_EN,
        "Tệp trống. " + errors.FIX_TEMPLATE_VI,
    )


_BINARY_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", "tài liệu PDF"),
    (b"\x1f\x8b", "a gzip archive", "tệp nén gzip"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "tệp nén 7-Zip"),
    (b"Rar!", "a RAR archive", "tệp nén RAR"),
    (b"\x89PNG", "a PNG image", "ảnh PNG"),
    (b"\xff\xd8\xff", "a JPEG image", "ảnh JPEG"),
    (b"{\\rtf", "an RTF document", "tài liệu RTF"),
)


def _sniff_binary(data: bytes) -> tuple[str, str] | None:
    for magic, en, vi in _BINARY_MAGIC:
        if data.startswith(magic):
            return en, vi
    head = data[:1024].lstrip(UTF8_BOM).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")):
        return (
            "an HTML or XML page (often an 'Excel' export from a web application)",
            "trang HTML hoặc XML (thường là tệp 'Excel' xuất từ ứng dụng web)",
        )
    return None


# -- CSV ----------------------------------------------------------------------------------


def _looks_utf16(body: bytes) -> str | None:
    sample = body[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "UTF-16 LE"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "UTF-16 BE"
    return None


def _looks_binary(body: bytes) -> bool:
    sample = body[:8192]
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D))
    return b"\x00" in sample or controls > 0.05 * len(sample)


# Bytes that in Windows-1258 are Vietnamese letters or tone marks, and are rare elsewhere:
# Đ đ Ư ư Ơ ơ Ă ă and the combining grave, acute, hook, tilde, dot below.
_CP1258_MARKERS = frozenset(b"\xd0\xf0\xdd\xfd\xd5\xf5\xc3\xe3\xcc\xec\xd2\xde\xf2")


def _guess_legacy(body: bytes) -> str:
    high = [b for b in body if b >= 0x80]
    if not high:
        return "a legacy encoding"  # pragma: no cover - ASCII is valid UTF-8
    vietnamese = sum(1 for b in high if b in _CP1258_MARKERS)
    if vietnamese >= max(1, len(high) // 4):
        return "Windows-1258 (Vietnamese; or TCVN3/VNI)"
    try:
        body.decode("cp1252")
    except UnicodeDecodeError:
        return "a legacy Vietnamese encoding (Windows-1258, TCVN3 or VNI)"
    return "Windows-1252 (Western European)"


def _decode_csv(data: bytes) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise errors.encoding_problem("UTF-32 (byte order mark)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise errors.encoding_problem(
            "UTF-16 (byte order mark; Excel's 'Unicode Text' format)",
        )
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    utf16 = _looks_utf16(body)
    if utf16 is not None:
        raise errors.encoding_problem(f"{utf16} without a byte order mark")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_binary(body):
            raise errors.unsupported_format(
                "binary data",
                "dữ liệu nhị phân",
                errors.FIX_FORMAT_EN,
                errors.FIX_FORMAT_VI,
            ) from None
        line = body[: exc.start].count(b"\n") + 1
        raise errors.encoding_problem(
            _guess_legacy(body),
            f" (first invalid byte on line {line})",
            f" (byte sai đầu tiên ở dòng {line})",
        ) from None


def _detect_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])  # ties keep the earlier: ","
    return best if counts[best] else ","


def _parse_csv(data: bytes, max_rows: int) -> ParsedUpload:
    text = _decode_csv(data)
    first_line, _, rest = text.partition("\n")
    sep = _SEP_LINE.match(first_line)
    if sep is not None:  # Excel's "sep=;" hint line (Excel does not show it as a row)
        delimiter = sep.group(1)
        text = rest
    else:
        first = next((ln for ln in text.splitlines() if ln.strip()), "")
        delimiter = _detect_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)

    def rows() -> Iterator[tuple[int, list[_Cell]]]:
        try:
            for number, values in enumerate(reader, start=1):
                yield number, [_Cell(v or None) for v in values]
        except csv.Error as exc:
            raise errors.unreadable(
                f"The CSV is malformed near line {reader.line_num} ({exc}).",
                f"Tệp CSV bị lỗi gần dòng {reader.line_num} ({exc}).",
            ) from None

    upload = _assemble("csv", rows(), max_rows)
    upload.delimiter = delimiter
    return upload


# -- XLSX ---------------------------------------------------------------------------------


def _guard_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:
        raise errors.unreadable(
            "The file starts like an Excel workbook (zip) but its archive is damaged.",
            "Tệp có dạng sổ Excel (zip) nhưng bị hỏng.",
        ) from None
    if len(members) > limits.MAX_ZIP_MEMBERS:
        raise errors.too_large(
            "template-too-large",
            "too many parts in the workbook",
            "sổ Excel có quá nhiều thành phần",
            limits.MAX_ZIP_MEMBERS,
            "parts",
            "thành phần",
        )
    total = sum(m.file_size for m in members)
    if total > limits.MAX_UNCOMPRESSED_BYTES:
        raise errors.too_large(
            "template-too-large",
            "the workbook's uncompressed size",
            "dung lượng sổ Excel khi giải nén",
            limits.MAX_UNCOMPRESSED_BYTES,
            "bytes (50 MiB) uncompressed",
            "byte (50 MiB) khi giải nén",
        )
    compressed = sum(m.compress_size for m in members)
    ratios = [(m.file_size, m.compress_size) for m in members] + [(total, compressed)]
    for size, packed in ratios:
        if size > limits.RATIO_CHECK_FLOOR and size > limits.MAX_COMPRESSION_RATIO * max(packed, 1):
            raise errors.too_large(
                "template-too-large",
                "the workbook is compressed suspiciously well (zip bomb?)",
                "sổ Excel nén bất thường (nghi là zip bomb)",
                limits.MAX_COMPRESSION_RATIO,
                "to 1 (uncompressed to compressed size)",
                "lần (dung lượng giải nén so với dung lượng nén)",
                fix_en="Save the workbook again from Excel as .xlsx, or upload a CSV UTF-8 file.",
                fix_vi="Hãy lưu lại sổ bằng Excel dưới dạng .xlsx, hoặc tải lên tệp CSV UTF-8.",
            )


def _parse_xlsx(data: bytes, max_rows: int) -> ParsedUpload:
    _guard_zip(data)
    from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # data_only=False: openpyxl never evaluates formulas; it lets a formula be seen
            # (and refused) instead of silently taking the value Excel cached for it.
            book = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
            try:
                sheet = _pick_sheet(book)
                sheet.reset_dimensions()  # never trust the file's own <dimension>
                upload = _assemble("xlsx", _xlsx_rows(sheet), max_rows)
                upload.sheet_name = str(sheet.title)
                return upload
            finally:
                book.close()
    except Problem:
        raise
    except Exception as exc:
        raise errors.unreadable(
            f"The Excel workbook could not be read ({type(exc).__name__}).",
            f"Không đọc được sổ Excel ({type(exc).__name__}).",
        ) from None


def _pick_sheet(book: Any) -> Any:
    sheets = list(book.worksheets)
    if not sheets:
        raise errors.unreadable("The workbook has no worksheet.", "Sổ Excel không có trang tính.")
    for sheet in sheets:
        if normalise_header(str(sheet.title)) == "hoso":
            return sheet
    return sheets[0]


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, list[_Cell]]]:
    rows = sheet.iter_rows(min_row=1, min_col=1, max_col=limits.MAX_COLUMNS + 1)
    for number, row in enumerate(rows, start=1):
        last = -1
        for index, cell in enumerate(row):
            if cell.value is not None:
                last = index
        yield number, [_xlsx_cell(cell) for cell in row[: last + 1]]


def _xlsx_cell(cell: Any) -> _Cell:
    value = cell.value
    if value is None:
        return _EMPTY
    if cell.data_type == "f":
        return _Cell(None, formula=True)
    if isinstance(value, str):
        return _Cell(value or None)
    if isinstance(value, bool):
        return _Cell("TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return _Cell(_number_text(value, cell))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return _Cell(value.date().isoformat())
        return _Cell(value.isoformat())
    if isinstance(value, dt.date | dt.time):
        return _Cell(value.isoformat())
    return _Cell(str(value))


def _number_text(value: float, cell: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return repr(value)  # shortest text that reads back as the same number: 2.34
    number = int(value) if abs(value) < 1e16 else value
    if not isinstance(number, int):
        return repr(value)
    text = str(number)
    try:
        fmt = str(cell.number_format or "")
    except Exception:
        fmt = ""
    if number >= 0 and _ZEROS_FORMAT.match(fmt):  # e.g. "000000000000": zeros shown in Excel
        text = text.zfill(len(fmt))
    return text


# -- rows ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Slot:
    header: str
    column: TemplateColumn | None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank(cells: list[_Cell]) -> bool:
    return all(not c.formula and (c.text is None or not c.text.strip()) for c in cells)


def _too_many_columns(row_number: int) -> Problem:
    problem = errors.too_large(
        "template-too-many-columns",
        f"more than {limits.MAX_COLUMNS} columns (row {row_number})",
        f"quá {limits.MAX_COLUMNS} cột (dòng {row_number})",
        limits.MAX_COLUMNS,
        "columns",
        "cột",
    )
    problem.extra["row_number"] = row_number
    return problem


def _assemble(fmt: Format, raw: Iterator[tuple[int, list[_Cell]]], max_rows: int) -> ParsedUpload:
    slots: list[_Slot] | None = None
    upload: ParsedUpload | None = None
    scan_limit = max(limits.MAX_SCANNED_ROWS, 2 * max_rows + 1)
    data_rows = 0
    example = _example_record()
    for number, cells in raw:
        if number > scan_limit:
            raise errors.too_large(
                "template-too-many-rows",
                f"rows beyond row {scan_limit:,} (delete the empty rows below your data)",
                f"có dòng sau dòng {scan_limit:,} (hãy xoá các dòng trống bên dưới dữ liệu)",
                scan_limit,
                "rows read, blank rows included",
                "dòng được đọc, kể cả dòng trống",
            )
        if _blank(cells):
            continue
        if not _blank(cells[limits.MAX_COLUMNS :]):
            raise _too_many_columns(number)
        if slots is None:
            slots, upload = _read_header(fmt, number, cells)
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise errors.too_large(
                "template-too-many-rows",
                f"more than {max_rows:,} data rows",
                f"quá {max_rows:,} dòng dữ liệu",
                max_rows,
                "data rows per file",
                "dòng dữ liệu mỗi tệp",
            )
        assert upload is not None
        upload.rows.append(_parse_row(number, cells, slots, example))
    if upload is None:
        raise _empty_problem()
    return upload


def _read_header(fmt: Format, number: int, cells: list[_Cell]) -> tuple[list[_Slot], ParsedUpload]:
    slots: list[_Slot] = []
    unknown: list[str] = []
    duplicates: list[str] = []
    by_field = {c.field: c for c in template_columns()}
    seen: set[str] = set()
    headers: list[str] = []
    fields: list[str] = []
    for cell in cells:
        text = (cell.text or "").strip()
        if cell.formula:
            unknown.append("= (formula / công thức)")
            slots.append(_Slot(header="", column=None))
            continue
        if not text:
            slots.append(_Slot(header="", column=None))
            continue
        field_name = match_header(text)
        if field_name is None:
            unknown.append(errors.display(text))
            slots.append(_Slot(header=text, column=None))
            continue
        if field_name in seen:
            duplicates.append(errors.display(text))
        seen.add(field_name)
        headers.append(text)
        fields.append(field_name)
        slots.append(_Slot(header=text, column=by_field[field_name]))
    missing = [f for f in MINIMUM_FIELDS if f not in seen]
    if unknown or missing or duplicates:
        raise _headers_problem(number, unknown, missing, duplicates, by_field)
    absent = [c.field for c in template_columns() if c.field not in seen]
    warnings_ = [
        RowError(
            row_number=number,
            column=by_field[f].header,
            field=f,
            code="column-absent",
            message=f"Optional column “{by_field[f].label_en}” is absent; its cells are empty.",
            message_vi=f"Thiếu cột không bắt buộc “{by_field[f].header}”; coi như để trống.",
        )
        for f in absent
    ]
    upload = ParsedUpload(
        format=fmt,
        rows=[],
        headers=headers,
        fields=fields,
        missing_optional_fields=absent,
        header_warnings=warnings_,
    )
    return slots, upload


def _headers_problem(
    number: int,
    unknown: list[str],
    missing: list[str],
    duplicates: list[str],
    by_field: dict[str, TemplateColumn],
) -> Problem:
    parts_en: list[str] = []
    parts_vi: list[str] = []
    if unknown:
        listed = "; ".join(f"“{h}”" for h in unknown[:20])
        parts_en.append(f"Unknown columns: {listed}.")
        parts_vi.append(f"Cột không có trong mẫu: {listed}.")
    if missing:
        listed = "; ".join(f"“{by_field[f].header}”" for f in missing)
        parts_en.append(f"Missing required columns: {listed}.")
        parts_vi.append(f"Thiếu cột bắt buộc: {listed}.")
    if duplicates:
        listed = "; ".join(f"“{h}”" for h in duplicates[:20])
        parts_en.append(f"Columns given twice: {listed}.")
        parts_vi.append(f"Cột bị lặp: {listed}.")
    hint_en = hint_vi = ""
    if any("Ã" in h or "Â" in h or "á»" in h for h in unknown):
        hint_en = " The headers look garbled (UTF-8 read as another encoding): " + (
            errors.FIX_ENCODING_EN
        )
        hint_vi = " Tiêu đề bị lỗi font (UTF-8 bị đọc sai bảng mã): " + errors.FIX_ENCODING_VI
    return errors.problem(
        422,
        "template-headers",
        "The header row does not match the template",
        "Dòng tiêu đề không khớp với mẫu",
        f"Row {number}: {' '.join(parts_en)} {errors.FIX_TEMPLATE_EN} Headers may be the "
        f"Vietnamese header or the English field name.{hint_en}",
        f"Dòng {number}: {' '.join(parts_vi)} {errors.FIX_TEMPLATE_VI} Tiêu đề có thể là tên "
        f"cột tiếng Việt hoặc tên trường tiếng Anh.{hint_vi}",
        header_row=number,
        unknown_headers=unknown,
        missing_headers=[{"field": f, "header": by_field[f].header} for f in missing],
        duplicate_headers=duplicates,
        expected_headers=[
            {"header": c.header, "field": c.field, "required": c.required}
            for c in template_columns()
        ],
    )


def _example_record() -> dict[str, str | None]:
    return {c.field: c.example for c in template_columns()}


_INJECTION_NAMES = {"\t": "tab", "\r": "CR"}


def _cell_errors(number: int, text: str, slot: _Slot) -> list[RowError]:
    column = slot.column
    assert column is not None
    found: list[RowError] = []

    def add(code: str, message: str, message_vi: str) -> None:
        found.append(RowError(number, slot.header, column.field, code, message, message_vi))

    if _CONTROL.search(text):
        add(
            "control-characters",
            "The cell contains control characters (such as NUL); remove them.",
            "Ô chứa ký tự điều khiển (ví dụ ký tự NUL); hãy xoá các ký tự này.",
        )
    if text[0] in INJECTION_STARTS and text.strip() != "-":
        first = _INJECTION_NAMES.get(text[0], text[0])
        add(
            "formula-injection",
            f"The value starts with “{first}”, which spreadsheets may run as a formula; remove "
            "that first character (a lone “-” is accepted as a placeholder).",
            f"Giá trị bắt đầu bằng “{first}”, có thể bị bảng tính hiểu là công thức; hãy bỏ ký "
            "tự đầu đó (chỉ riêng dấu “-” thì được chấp nhận).",
        )
    if len(text) > column.max_length:
        add(
            "too-long",
            f"The value is {len(text):,} characters long; “{column.label_en}” allows at most "
            f"{column.max_length}.",
            f"Giá trị dài {len(text):,} ký tự; cột “{column.header}” tối đa "
            f"{column.max_length} ký tự.",
        )
    return found


def _parse_row(
    number: int, cells: list[_Cell], slots: list[_Slot], example: dict[str, str | None]
) -> ParsedRow:
    found: list[RowError] = []
    values: dict[str, str | None] = {}
    for index, cell in enumerate(cells):
        slot = slots[index] if index < len(slots) else None
        if slot is None or slot.column is None:
            if cell.formula or (cell.text is not None and cell.text.strip()):
                letter = _column_letter(index)
                found.append(
                    RowError(
                        number,
                        slot.header if slot is not None and slot.header else letter,
                        None,
                        "unexpected-column",
                        f"Column {letter} has a value but no template header; move it into the "
                        "right column or delete it.",
                        f"Cột {letter} có dữ liệu nhưng không có tiêu đề của mẫu; hãy chuyển "
                        "vào đúng cột hoặc xoá.",
                    )
                )
            continue
        field_name = slot.column.field
        if cell.formula:
            found.append(
                RowError(
                    number,
                    slot.header,
                    field_name,
                    "formula-not-allowed",
                    "The cell holds a formula; replace it with its value "
                    "(Copy → Paste Special → Values).",
                    "Ô chứa công thức; hãy thay bằng giá trị (Sao chép → Dán đặc biệt → Giá trị).",
                )
            )
            continue
        if cell.text is None:
            values.setdefault(field_name, None)
            continue
        found.extend(_cell_errors(number, cell.text, slot))
        values[field_name] = cell.text
    if found:
        return ParsedRow(number, None, found)
    try:
        # Only filled cells: StaffRecordIn's constrained fields refuse an explicit None (TypeError).
        record = StaffRecordIn.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:  # pragma: no cover - lengths are checked above
        by_field = {c.field: c for c in template_columns()}
        for err in exc.errors():
            loc = str(err["loc"][0]) if err.get("loc") else None
            col = by_field.get(loc or "")
            found.append(
                RowError(
                    number,
                    col.header if col else loc,
                    loc,
                    "invalid",
                    str(err.get("msg", "invalid value")),
                    "Giá trị không hợp lệ.",
                )
            )
        return ParsedRow(number, None, found)
    dumped = record.model_dump(exclude={"agency_code"})
    result: dict[str, str | None] = {k: v for k, v in dumped.items()}
    is_example = all(result.get(k) == v for k, v in example.items())
    return ParsedRow(number, result, [], is_template_example=is_example)


def iter_errors(rows: Iterable[ParsedRow]) -> Iterator[RowError]:
    for row in rows:
        yield from row.errors
