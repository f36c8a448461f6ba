"""The staff record as agencies send it (mẫu 2C-BNV core fields, NĐ 27/2026), at the API edge.

Every field is text (numbers are accepted and turned into text): whether a value is a valid
date, code or number is a *rule* of the catalogue (`gateway/rules/`), reported per record with
the rule id, not a schema error. The schema only refuses what no rule can judge: unknown
fields, wrong JSON types (objects, arrays), over-long values. The same rules then serve the
API, template uploads (where every cell is text) and self-updates alike.
"""

from __future__ import annotations

from typing import Annotated, Any, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints


def _scalar_to_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value  # let pydantic refuse booleans: no field is a flag
    if isinstance(value, int | float):
        return format(value, "g") if isinstance(value, float) else str(value)
    return value


# Text fields of each maximum length; `None` (JSON null) means "not given".
Text5 = Annotated[
    Annotated[str, StringConstraints(max_length=5)] | None, BeforeValidator(_scalar_to_text)
]
Text10 = Annotated[
    Annotated[str, StringConstraints(max_length=10)] | None, BeforeValidator(_scalar_to_text)
]
Text20 = Annotated[
    Annotated[str, StringConstraints(max_length=20)] | None, BeforeValidator(_scalar_to_text)
]
Text32 = Annotated[
    Annotated[str, StringConstraints(max_length=32)] | None, BeforeValidator(_scalar_to_text)
]
Text40 = Annotated[
    Annotated[str, StringConstraints(max_length=40)] | None, BeforeValidator(_scalar_to_text)
]
Text60 = Annotated[
    Annotated[str, StringConstraints(max_length=60)] | None, BeforeValidator(_scalar_to_text)
]
Text150 = Annotated[
    Annotated[str, StringConstraints(max_length=150)] | None, BeforeValidator(_scalar_to_text)
]
Text200 = Annotated[
    Annotated[str, StringConstraints(max_length=200)] | None, BeforeValidator(_scalar_to_text)
]
Text300 = Annotated[
    Annotated[str, StringConstraints(max_length=300)] | None, BeforeValidator(_scalar_to_text)
]


class StaffRecordIn(BaseModel):
    """One staff record (hồ sơ cán bộ, công chức, viên chức)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    person_id: Text20 = Field(
        default=None,
        description="Số định danh cá nhân (12 digits). May be omitted when `old_id_number` is "
        "given: the population DB then supplies it.",
        examples=["001085012345"],
    )
    old_id_number: Text20 = Field(
        default=None, description="Số CMND cũ (9 digits), for people without a 12-digit id."
    )
    full_name: Text150 = Field(default=None, description="Họ và tên.", examples=["Nguyễn Văn An"])
    date_of_birth: Text20 = Field(
        default=None, description="Ngày sinh, ISO `YYYY-MM-DD`.", examples=["1985-03-14"]
    )
    sex: Text10 = Field(default=None, description="Giới tính: `male` / `female`.")
    ethnicity_code: Text10 = Field(
        default=None, description="Dân tộc, 2-digit code of the 54 groups (`01` Kinh)."
    )
    religion: Text60 = Field(default=None, description="Tôn giáo (`Không` for none).")
    hometown_province: Text10 = Field(
        default=None, description="Quê quán: 3-digit province code (`001` Hà Nội)."
    )
    permanent_address: Text300 = Field(default=None, description="Nơi thường trú.")
    agency_code: Text32 = Field(
        default=None, description="Employing agency code; defaults to the agency in the URL."
    )
    unit: Text200 = Field(default=None, description="Đơn vị công tác (unit).")
    staff_type: Text20 = Field(default=None, description="`can_bo` / `cong_chuc` / `vien_chuc`.")
    rank_code: Text20 = Field(
        default=None,
        description="Mã ngạch / chức danh nghề nghiệp, e.g. `01.003`, `V.07.05.15`.",
    )
    salary_grade: Text10 = Field(
        default=None, description="Nhóm lương (NĐ 204/2004), e.g. `A1`, `A2.1`, `B`."
    )
    salary_step: Text5 = Field(default=None, description="Bậc lương, 1–12.")
    salary_coefficient: Text10 = Field(default=None, description="Hệ số lương, e.g. `2.34`.")
    recruitment_date: Text20 = Field(default=None, description="Ngày tuyển dụng, ISO date.")
    position: Text200 = Field(default=None, description="Chức vụ.")
    education_level: Text60 = Field(default=None, description="Trình độ chuyên môn.")
    party_join_date: Text20 = Field(default=None, description="Ngày vào Đảng, ISO date.")
    social_insurance_no: Text20 = Field(default=None, description="Số sổ BHXH (10 digits).")
    employment_status: Text20 = Field(
        default=None, description="`active` / `retired` / `resigned` / `deceased`."
    )
    source_updated_at: Text40 = Field(
        default=None,
        description="When the agency's system last changed the record (ISO 8601 date-time).",
    )


RECORD_FIELDS: tuple[str, ...] = tuple(StaffRecordIn.model_fields)


def max_length(field: str) -> int:
    """The longest text `field` accepts (read from its type, the one place it is declared)."""

    def search(annotation: Any) -> int | None:
        for item in getattr(annotation, "__metadata__", ()):
            if isinstance(item, StringConstraints) and item.max_length is not None:
                return item.max_length
        for arg in get_args(annotation):
            found = search(arg)
            if found is not None:
                return found
        return None

    found = search(StaffRecordIn.model_fields[field].annotation)
    if found is None:
        raise KeyError(f"StaffRecordIn.{field} has no maximum length")
    return found
