"""Wire models of the verification service, with the Vietnamese field names of the public
integration-spec excerpt (`MaYeuCau`, `SoDinhDanh`, `HoVaTen`, `NgayThangNamSinh`, …).

Python attributes are English; the aliases are the wire names. Unknown fields are refused.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict
from pydantic.fields import ComputedFieldInfo, FieldInfo

Verdict = Literal["match", "partial", "mismatch", "not_found", "deceased", "invalid"]
FieldVerdict = Literal["match", "partial", "mismatch"]


def wire_title(name: str, info: FieldInfo | ComputedFieldInfo) -> str:
    """Schema titles are the wire names (`MaYeuCau`), not their title-cased mangling."""
    return info.alias if isinstance(info, FieldInfo) and info.alias else name


_WIRE = ConfigDict(extra="forbid", field_title_generator=wire_title)


class RequestHeader(BaseModel):
    """Fields common to every request of the population DB services."""

    model_config = _WIRE

    request_id: str = Field(
        alias="MaYeuCau",
        min_length=1,
        max_length=40,
        description="Request id chosen by the caller (mã yêu cầu), at most 40 characters.",
    )
    procedure_code: str | None = Field(
        default=None, alias="MaDVC", max_length=100, description="Public-service procedure code."
    )
    integration_code: str | None = Field(
        default=None, alias="MaTichHop", max_length=100, description="Integration/service code."
    )
    agency_code: str | None = Field(
        default=None,
        alias="MaDonVi",
        max_length=100,
        description="Calling agency's electronic code (QĐ 20/2020/QĐ-TTg format).",
    )
    officer_code: str | None = Field(
        default=None, alias="MaCanBo", max_length=100, description="Official making the request."
    )
    as_of: date | None = Field(
        default=None,
        alias="NgayDoiChieu",
        description="Compare against the registry as of this date (yyyy-mm-dd); default today.",
    )


class VerifyItem(BaseModel):
    """One person to verify: an identifier plus the fields to check (each optional)."""

    model_config = _WIRE

    person_id: str | None = Field(
        default=None, alias="SoDinhDanh", max_length=32, description="12-digit personal number."
    )
    old_id: str | None = Field(
        default=None,
        alias="SoCMND",
        max_length=32,
        description="Old 9-digit identity card number, when there is no personal number.",
    )
    full_name: str | None = Field(
        default=None, alias="HoVaTen", max_length=200, description="Full name (họ và tên)."
    )
    date_of_birth: str | None = Field(
        default=None,
        alias="NgayThangNamSinh",
        max_length=32,
        description="Date of birth `yyyy-mm-dd`, or `yyyy` when only the year is known.",
    )
    sex: str | None = Field(
        default=None, alias="GioiTinh", max_length=16, description="`Nam` (male) or `Nữ` (female)."
    )


VERIFY_EXAMPLE: JsonDict = {
    "MaYeuCau": "BNV-20261123-000001",
    "MaDVC": "1.012345",
    "MaTichHop": "XacThucCongDan",
    "MaDonVi": "000.00.00.G09",
    "MaCanBo": "canbo.tccb01",
    "NgayDoiChieu": "2026-11-23",
    "DanhSach": [
        {
            "SoDinhDanh": "001085012345",
            "HoVaTen": "Nguyễn Văn Hòa",
            "NgayThangNamSinh": "1985-03-07",
            "GioiTinh": "Nam",
        },
        {"SoCMND": "012345678", "HoVaTen": "Trần Thị Thủy", "NgayThangNamSinh": "1979"},
    ],
}


class VerifyRequest(RequestHeader):
    """A batch of people to verify against the population database."""

    model_config = ConfigDict(
        extra="forbid",
        field_title_generator=wire_title,
        json_schema_extra={"examples": [VERIFY_EXAMPLE]},
    )

    items: list[VerifyItem] = Field(
        alias="DanhSach",
        min_length=1,
        description="The people to verify (danh sách), 1 to the batch limit (1000 by default).",
    )


class NameCheck(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    result: FieldVerdict = Field(alias="KetQua")
    normalisations: list[str] = Field(
        alias="ChuanHoa",
        description="Normalisations needed (chuẩn hóa): `whitespace`, `unicode_nfc`, `case`, "
        "`tone_placement` (still a match), `diacritics_removed` (partial).",
    )


class DateCheck(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    result: FieldVerdict = Field(alias="KetQua")
    hint: Literal["day_month_swapped"] | None = Field(
        default=None, alias="GoiY", description="Hint (gợi ý) for a likely typing error."
    )


class SimpleCheck(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    result: FieldVerdict = Field(alias="KetQua")


class Details(BaseModel):
    """Per-field verdicts, only for the fields sent (chi tiết)."""

    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    full_name: NameCheck | None = Field(default=None, alias="HoVaTen")
    date_of_birth: DateCheck | None = Field(default=None, alias="NgayThangNamSinh")
    sex: SimpleCheck | None = Field(default=None, alias="GioiTinh")
    old_id: SimpleCheck | None = Field(
        default=None,
        alias="SoCMND",
        description="Whether the CMND sent belongs to the same citizen (when both ids are sent).",
    )


class ItemResult(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    index: int = Field(alias="ViTri", description="Position of the item in `DanhSach` (0-based).")
    person_id: str | None = Field(
        default=None,
        alias="SoDinhDanh",
        description="The 12-digit personal number; filled in when found by `SoCMND`.",
    )
    result: Verdict = Field(
        alias="KetQua",
        description="`match`, `partial`, `mismatch`, `not_found`, `deceased` or `invalid`.",
    )
    details: Details | None = Field(default=None, alias="ChiTiet")
    date_of_death: date | None = Field(
        default=None, alias="NgayMat", description="Date of death, for `deceased` only."
    )
    reason: str | None = Field(
        default=None, alias="LyDo", description="Why the item is `invalid` (Vietnamese / English)."
    )


class VerifyResponse(BaseModel):
    """Per-item verdicts. Never contains the registered name or date of birth."""

    model_config = ConfigDict(
        populate_by_name=True,
        field_title_generator=wire_title,
        json_schema_extra={
            "examples": [
                {
                    "MaYeuCau": "BNV-20261123-000001",
                    "NgayDuLieu": "2026-11-23",
                    "SoLuong": 2,
                    "TongHop": {"match": 1, "partial": 1},
                    "KetQua": [
                        {
                            "ViTri": 0,
                            "SoDinhDanh": "001085012345",
                            "KetQua": "match",
                            "ChiTiet": {
                                "HoVaTen": {"KetQua": "match", "ChuanHoa": []},
                                "NgayThangNamSinh": {"KetQua": "match"},
                                "GioiTinh": {"KetQua": "match"},
                            },
                        },
                        {
                            "ViTri": 1,
                            "SoDinhDanh": "079179000123",
                            "KetQua": "partial",
                            "ChiTiet": {
                                "HoVaTen": {"KetQua": "match", "ChuanHoa": []},
                                "NgayThangNamSinh": {"KetQua": "partial"},
                            },
                        },
                    ],
                }
            ]
        },
    )

    request_id: str = Field(alias="MaYeuCau")
    as_of: date = Field(alias="NgayDuLieu", description="Date the registry answered as of.")
    count: int = Field(alias="SoLuong", description="Number of items answered.")
    summary: dict[str, int] = Field(alias="TongHop", description="Items per verdict.")
    results: list[ItemResult] = Field(alias="KetQua")
