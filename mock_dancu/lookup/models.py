"""Wire models of the lookup service (Vietnamese field names, unknown fields refused)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mock_dancu.verification.models import RequestHeader, wire_title


class LookupItem(BaseModel):
    model_config = ConfigDict(extra="forbid", field_title_generator=wire_title)

    person_id: str | None = Field(
        default=None, alias="SoDinhDanh", max_length=32, description="12-digit personal number."
    )
    old_id: str | None = Field(
        default=None, alias="SoCMND", max_length=32, description="Old 9-digit CMND number."
    )


class LookupRequest(RequestHeader):
    """Citizens to look up, each by `SoDinhDanh` or `SoCMND`."""

    model_config = ConfigDict(
        extra="forbid",
        field_title_generator=wire_title,
        json_schema_extra={
            "examples": [
                {
                    "MaYeuCau": "BNV-20261123-000002",
                    "MaDonVi": "000.00.00.G09",
                    "NgayDoiChieu": "2026-11-23",
                    "DanhSach": [{"SoDinhDanh": "001085012345"}, {"SoCMND": "012345678"}],
                }
            ]
        },
    )

    items: list[LookupItem] = Field(alias="DanhSach", min_length=1)


class FullName(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    family: str = Field(alias="Ho", description="Family name (họ).")
    middle: str = Field(alias="ChuDem", description="Middle name (chữ đệm).")
    given: str = Field(alias="Ten", description="Given name (tên).")
    full: str = Field(alias="DayDu", description="Full name (họ và tên đầy đủ).")


class LookupResult(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    index: int = Field(alias="ViTri", description="Position of the item in `DanhSach`.")
    person_id: str | None = Field(default=None, alias="SoDinhDanh")
    old_id: str | None = Field(default=None, alias="SoCMND")
    found: bool = Field(alias="TimThay", description="Whether the citizen was found.")
    name: FullName | None = Field(default=None, alias="HoVaTen")
    date_of_birth: date | None = Field(default=None, alias="NgayThangNamSinh")
    sex: Literal["Nam", "Nữ"] | None = Field(default=None, alias="GioiTinh")
    ethnicity_code: str | None = Field(default=None, alias="DanToc", description="Code 01–54.")
    religion: str | None = Field(default=None, alias="TonGiao")
    hometown_province: str | None = Field(
        default=None, alias="QueQuan", description="Province code of the home town."
    )
    permanent_address: str | None = Field(default=None, alias="ThuongTru")
    life_status: Literal["con_song", "da_mat"] | None = Field(
        default=None, alias="TrangThai", description="`con_song` (alive) / `da_mat` (deceased)."
    )
    date_of_death: date | None = Field(default=None, alias="NgayMat")
    reason: str | None = Field(
        default=None, alias="LyDo", description="Why the item could not be looked up."
    )


class LookupResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True, field_title_generator=wire_title)

    request_id: str = Field(alias="MaYeuCau")
    as_of: date = Field(alias="NgayDuLieu")
    count: int = Field(alias="SoLuong")
    results: list[LookupResult] = Field(alias="KetQua")
