"""The upload template's columns: headers, labels, examples, and how headers are recognised.

One column per `StaffRecordIn` field except `agency_code` (the agency comes from the URL of the
upload). Headers are matched after NFC, look-alike letters, whitespace and case are normalised;
each column also answers to its snake_case field name, its English label, the Vietnamese header
without the "(format)" hint, the same without diacritics, and a few common aliases
("Số CCCD", "CMND", "Họ tên"…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ccvc.text import clean, strip_diacritics
from gateway.records.schema import RECORD_FIELDS, max_length
from gateway.rules.prepare import MINIMUM_REQUIRED

EXCLUDED_FIELDS = frozenset({"agency_code"})
"""Fields that are not template columns (the agency is the one in the upload's URL)."""

MINIMUM_FIELDS: tuple[str, ...] = MINIMUM_REQUIRED
"""Columns every upload must carry: the "Đúng – Đủ" minimum set of cohort 70 phase I.

A required *column* must be present in the header row; whether each *cell* is filled is judged
per record by the rule catalogue (a missing `person_id` is allowed when `old_id_number` is given).
"""


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    """One column of the upload template."""

    field: str
    header: str  # Vietnamese header as written in the template
    label_en: str
    required: bool  # in the minimum set: the column must be present
    example: str  # realistic synthetic value, used in the template's example row
    max_length: int  # from StaffRecordIn
    meaning_vi: str
    meaning_en: str
    format_vi: str
    format_en: str
    aliases: tuple[str, ...] = ()  # extra accepted headers


# field, header, English label, example, meaning vi, meaning en, format vi, format en, aliases
_SPECS: tuple[tuple[str, str, str, str, str, str, str, str, tuple[str, ...]], ...] = (
    (
        "person_id",
        "Số định danh cá nhân",
        "Personal identification number",
        "001085012345",
        "Số định danh cá nhân (số CCCD) 12 chữ số",
        "12-digit personal identification number (citizen ID card number)",
        "12 chữ số, giữ nguyên số 0 ở đầu; để trống nếu chỉ có số CMND cũ",
        "12 digits, keep leading zeros; leave empty if only the old ID number is known",
        ("Số CCCD", "CCCD", "Số định danh", "Số CCCD/ĐDCN"),
    ),
    (
        "full_name",
        "Họ và tên",
        "Full name",
        "Nguyễn Văn An",
        "Họ và tên khai sinh, có dấu",
        "Full name as on the birth certificate, with diacritics",
        "Chữ tiếng Việt có dấu (Unicode)",
        "Vietnamese text with diacritics (Unicode)",
        ("Họ tên", "Name"),
    ),
    (
        "date_of_birth",
        "Ngày sinh (YYYY-MM-DD)",
        "Date of birth (YYYY-MM-DD)",
        "1985-03-14",
        "Ngày, tháng, năm sinh",
        "Date of birth",
        "YYYY-MM-DD, ví dụ 1985-03-14",
        "YYYY-MM-DD, e.g. 1985-03-14",
        ("Ngày tháng năm sinh", "DOB", "Birth date"),
    ),
    (
        "sex",
        "Giới tính (male/female)",
        "Sex (male/female)",
        "male",
        "Giới tính",
        "Sex",
        "male (nam) hoặc female (nữ)",
        "male or female",
        ("Gender",),
    ),
    (
        "ethnicity_code",
        "Mã dân tộc",
        "Ethnicity code",
        "01",
        "Dân tộc, mã 2 chữ số trong danh mục 54 dân tộc",
        "Ethnic group, 2-digit code of the 54 groups",
        "2 chữ số, ví dụ 01 (Kinh)",
        "2 digits, e.g. 01 (Kinh)",
        ("Dân tộc", "Ethnicity"),
    ),
    (
        "religion",
        "Tôn giáo",
        "Religion",
        "Không",
        "Tôn giáo",
        "Religion",
        "Tên tôn giáo; ghi Không nếu không theo tôn giáo nào",
        "Religion name; write Không for none",
        (),
    ),
    (
        "hometown_province",
        "Mã tỉnh quê quán",
        "Home town province code",
        "001",
        "Quê quán: mã tỉnh/thành phố",
        "Home town: province code",
        "3 chữ số, ví dụ 001 (Hà Nội)",
        "3 digits, e.g. 001 (Hà Nội)",
        ("Quê quán", "Hometown province"),
    ),
    (
        "permanent_address",
        "Nơi thường trú",
        "Permanent residence address",
        "Số 12 phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
        "Nơi đăng ký thường trú",
        "Registered permanent residence address",
        "Địa chỉ đầy đủ",
        "Full address",
        ("Địa chỉ thường trú", "Permanent address"),
    ),
    (
        "unit",
        "Đơn vị công tác",
        "Unit",
        "Phòng Tổ chức cán bộ",
        "Đơn vị công tác trong cơ quan",
        "Unit of the agency where the person works",
        "Tên đơn vị",
        "Unit name",
        ("Đơn vị",),
    ),
    (
        "staff_type",
        "Loại (can_bo/cong_chuc/vien_chuc)",
        "Staff type (can_bo/cong_chuc/vien_chuc)",
        "cong_chuc",
        "Cán bộ, công chức hay viên chức",
        "Cadre, civil servant or public employee",
        "can_bo, cong_chuc hoặc vien_chuc",
        "can_bo, cong_chuc or vien_chuc",
        ("Loại cán bộ", "Staff type"),
    ),
    (
        "rank_code",
        "Mã ngạch/chức danh",
        "Rank / professional title code",
        "01.003",
        "Mã ngạch công chức hoặc mã chức danh nghề nghiệp viên chức",
        "Civil-service rank code or professional title code",
        "Theo danh mục, ví dụ 01.003 hoặc V.07.05.15",
        "From the code list, e.g. 01.003 or V.07.05.15",
        ("Mã ngạch", "Mã chức danh", "Rank code"),
    ),
    (
        "salary_grade",
        "Nhóm lương",
        "Salary group",
        "A1",
        "Nhóm ngạch lương (NĐ 204/2004)",
        "Salary group (Decree 204/2004)",
        "Ví dụ A1, A2.1, B",
        "E.g. A1, A2.1, B",
        ("Salary grade",),
    ),
    (
        "salary_step",
        "Bậc lương",
        "Salary step",
        "3",
        "Bậc lương hiện hưởng",
        "Current salary step",
        "Số nguyên từ 1 đến 12",
        "Whole number from 1 to 12",
        (),
    ),
    (
        "salary_coefficient",
        "Hệ số lương",
        "Salary coefficient",
        "3.00",
        "Hệ số lương hiện hưởng, khớp với nhóm và bậc",
        "Current salary coefficient, consistent with the group and step",
        "Số thập phân dùng dấu chấm, ví dụ 3.00",
        "Decimal number with a dot, e.g. 3.00",
        (),
    ),
    (
        "recruitment_date",
        "Ngày tuyển dụng (YYYY-MM-DD)",
        "Recruitment date (YYYY-MM-DD)",
        "2010-09-01",
        "Ngày được tuyển dụng",
        "Date of recruitment",
        "YYYY-MM-DD",
        "YYYY-MM-DD",
        (),
    ),
    (
        "position",
        "Chức vụ",
        "Position",
        "Chuyên viên",
        "Chức vụ hiện tại",
        "Current position",
        "Văn bản",
        "Text",
        (),
    ),
    (
        "education_level",
        "Trình độ chuyên môn",
        "Professional qualification",
        "Đại học",
        "Trình độ chuyên môn cao nhất",
        "Highest professional qualification",
        "Ví dụ Đại học, Thạc sĩ, Tiến sĩ",
        "E.g. Đại học, Thạc sĩ, Tiến sĩ",
        ("Education level",),
    ),
    (
        "party_join_date",
        "Ngày vào Đảng (YYYY-MM-DD)",
        "Party admission date (YYYY-MM-DD)",
        "2015-05-19",
        "Ngày vào Đảng Cộng sản Việt Nam; để trống nếu không phải đảng viên",
        "Date of admission to the Communist Party of Vietnam; empty if not a member",
        "YYYY-MM-DD",
        "YYYY-MM-DD",
        (),
    ),
    (
        "social_insurance_no",
        "Số sổ BHXH",
        "Social insurance number",
        "0110123456",
        "Mã số bảo hiểm xã hội",
        "Social insurance number",
        "10 chữ số, giữ nguyên số 0 ở đầu",
        "10 digits, keep leading zeros",
        ("Mã số BHXH", "Số BHXH"),
    ),
    (
        "employment_status",
        "Tình trạng (active/retired/resigned/deceased)",
        "Employment status (active/retired/resigned/deceased)",
        "active",
        "Tình trạng công tác",
        "Employment status",
        "active (đang công tác), retired (nghỉ hưu), resigned (thôi việc) hoặc deceased (từ trần)",
        "active, retired, resigned or deceased",
        ("Tình trạng công tác", "Status"),
    ),
    (
        "source_updated_at",
        "Ngày cập nhật nguồn",
        "Source last updated (ISO 8601)",
        "2024-01-15T08:30:00+07:00",
        "Thời điểm hồ sơ được cập nhật lần cuối trong phần mềm/sổ sách của cơ quan",
        "When the agency's own system or register last changed the record",
        "YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SS+07:00",
        "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00 (ISO 8601)",
        ("Source updated at",),
    ),
    (
        "old_id_number",
        "Số CMND cũ",
        "Old ID card number (CMND)",
        "012345678",
        "Số chứng minh nhân dân cũ (9 chữ số), nếu có",
        "Old 9-digit ID card number (CMND), if any",
        "9 chữ số, giữ nguyên số 0 ở đầu",
        "9 digits, keep leading zeros",
        ("Số CMND", "CMND", "Old ID number"),
    ),
)


def _max_length(field: str) -> int:
    return max_length(field)


@cache
def template_columns() -> tuple[TemplateColumn, ...]:
    """The template's columns, in template order."""
    columns = tuple(
        TemplateColumn(
            field=field,
            header=header,
            label_en=label,
            required=field in MINIMUM_FIELDS,
            example=example,
            max_length=_max_length(field),
            meaning_vi=meaning_vi,
            meaning_en=meaning_en,
            format_vi=format_vi,
            format_en=format_en,
            aliases=aliases,
        )
        for (
            field,
            header,
            label,
            example,
            meaning_vi,
            meaning_en,
            format_vi,
            format_en,
            aliases,
        ) in _SPECS
    )
    expected = [f for f in RECORD_FIELDS if f not in EXCLUDED_FIELDS]
    if sorted(c.field for c in columns) != sorted(expected):  # pragma: no cover
        raise RuntimeError("template columns out of step with StaffRecordIn")
    return columns


def template_headers() -> list[str]:
    """The Vietnamese headers, in template order (the template's first row)."""
    return [c.header for c in template_columns()]


def column_for(field: str) -> TemplateColumn:
    for column in template_columns():
        if column.field == field:
            return column
    raise KeyError(field)


_HINT = re.compile(r"\s*\([^()]*\)\s*$")


def normalise_header(text: str) -> str:
    """Comparison key of a header: NFC, look-alikes, whitespace, case, trailing "*" or ":"."""
    key = clean(text.replace("\ufeff", "")).casefold()
    return key.rstrip("*: ").strip()


def _keys(text: str) -> set[str]:
    base = normalise_header(text)
    forms = {base, normalise_header(_HINT.sub("", text))}
    forms |= {normalise_header(strip_diacritics(f)) for f in list(forms)}
    return {f for f in forms if f}


@cache
def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in template_columns():
        names = [
            column.header,
            column.field,
            column.field.replace("_", " "),
            column.label_en,
            *column.aliases,
        ]
        for name in names:
            for key in _keys(name):
                owner = index.setdefault(key, column.field)
                if owner != column.field:  # pragma: no cover - guarded by a test
                    raise RuntimeError(f"header {name!r} matches {owner} and {column.field}")
    return index


def match_header(text: str) -> str | None:
    """The field a header written in a file stands for, or None when it is unknown."""
    index = _header_index()
    key = normalise_header(text)
    if key in index:
        return index[key]
    return index.get(normalise_header(strip_diacritics(text)))
