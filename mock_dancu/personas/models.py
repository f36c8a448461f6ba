"""Personas as the sandbox shows them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from mock_dancu.population import Sex
from mock_dancu.sandbox.models import CitizenOut
from mock_dancu.verification.models import FieldVerdict, Verdict


class PersonaRecord(BaseModel):
    """Identity fields to put in a staff record to trigger the persona (staff-record names)."""

    person_id: str | None = Field(default=None, description="12-digit personal number.")
    old_id_number: str | None = Field(
        default=None, description="Old 9-digit CMND number (the `cmnd-only` persona)."
    )
    full_name: str
    date_of_birth: str = Field(description="`yyyy-mm-dd`, or `yyyy` for `dob-year-only`.")
    sex: Sex


class Expected(BaseModel):
    """What the verification service answers for the record."""

    verification: Verdict = Field(description="Overall verdict (`KetQua` of the item).")
    fields: dict[str, FieldVerdict] = Field(
        description="Per field sent: `full_name`, `date_of_birth`, `sex` (`ChiTiet`)."
    )
    normalisations: list[str] = Field(description="`ChuanHoa` of the name check.")
    hints: dict[str, str] = Field(description="Hints per field (`GoiY`).")
    person_id: str | None = Field(description="The `SoDinhDanh` the answer carries.")
    date_of_death: date | None = Field(description="`NgayMat`, for `deceased`.")


class PersonaOut(BaseModel):
    id: str
    title_vi: str
    title_en: str
    description: str = Field(description="What the persona exercises (English).")
    description_vi: str = Field(description="Mô tả (tiếng Việt).")
    citizen: CitizenOut | None = Field(
        description="The registered citizen it is built on; null for `not-in-population`."
    )
    record: PersonaRecord
    verification_item: dict[str, str] = Field(
        description="The same identity as a `DanhSach` item of the verification service."
    )
    expected: Expected


class PersonaCatalogue(BaseModel):
    as_of: date = Field(description="Date at which the citizens' ages and status are shown.")
    population_seed: int
    population_size: int
    count: int
    personas: list[PersonaOut]
