"""The rule catalogue, each agency's quality, and its correction file."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select

from ccvc.deps import ClockDep, DbSession
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.problems import not_found
from ccvc.spreadsheets import csv_bytes, safe_cell
from gateway.agencies.service import get_agency
from gateway.audit.service import record_event
from gateway.auth.dependencies import CurrentPrincipal, OperatorPrincipal, require_agency_access
from gateway.quality.models import AgencyQuality, AgencyQualityDaily
from gateway.quality.service import DIMENSIONS
from gateway.rules.catalogue import RULES_BY_ID, catalogue_json
from gateway.staff.models import StaffRecord

router = APIRouter(tags=["quality"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/v1/rules",
    summary='The rule catalogue of "Đúng – Đủ – Sạch – Sống" (public)',
    description="Every rule: id, dimension, severity, fields, messages (vi, en), source, scope.",
)
def rules() -> list[dict[str, Any]]:
    return catalogue_json()


class DimensionQuality(BaseModel):
    passed: int = Field(alias="pass")
    fail: int
    pending: int
    pass_share: float | None

    model_config = {"populate_by_name": True}


class RuleCount(BaseModel):
    rule: str
    dimension: str
    severity: str
    records: int


class TrendPoint(BaseModel):
    day: date
    records: int
    accepted: int
    rejected: int
    pass_share: dict[str, float | None]


class AgencyQualityRead(BaseModel):
    agency_code: str
    records: int
    accepted: int
    rejected: int
    dimensions: dict[str, DimensionQuality]
    rules: list[RuleCount]
    trend: list[TrendPoint]
    last_sync_at: str | None


def _dimensions(raw: dict[str, Any]) -> dict[str, DimensionQuality]:
    out: dict[str, DimensionQuality] = {}
    for dimension in DIMENSIONS:
        counts = raw.get(dimension, {})
        passed, fail, pending = (int(counts.get(k, 0)) for k in ("pass", "fail", "pending"))
        decided = passed + fail
        out[dimension] = DimensionQuality.model_validate(
            {
                "pass": passed,
                "fail": fail,
                "pending": pending,
                "pass_share": round(passed / decided, 4) if decided else None,
            }
        )
    return out


def quality_read(session: DbSession, code: str) -> AgencyQualityRead:
    row = session.get(AgencyQuality, code)
    days = session.scalars(
        select(AgencyQualityDaily)
        .where(AgencyQualityDaily.agency_code == code)
        .order_by(AgencyQualityDaily.day)
    ).all()
    counts = sorted((row.rules if row else {}).items(), key=lambda kv: (-kv[1], kv[0]))
    return AgencyQualityRead(
        agency_code=code,
        records=row.records if row else 0,
        accepted=row.accepted if row else 0,
        rejected=row.rejected if row else 0,
        dimensions=_dimensions(row.dimensions if row else {}),
        rules=[
            RuleCount(
                rule=rule_id,
                dimension=RULES_BY_ID[rule_id].dimension.value if rule_id in RULES_BY_ID else "",
                severity=RULES_BY_ID[rule_id].severity.value if rule_id in RULES_BY_ID else "",
                records=n,
            )
            for rule_id, n in counts
        ],
        trend=[
            TrendPoint(
                day=d.day,
                records=d.records,
                accepted=d.accepted,
                rejected=d.rejected,
                pass_share={k: v.pass_share for k, v in _dimensions(d.dimensions).items()},
            )
            for d in days
        ],
        last_sync_at=row.last_sync_at.isoformat() if row and row.last_sync_at else None,
    )


@router.get(
    "/v1/agencies/{code}/quality",
    summary="An agency's quality: share passing each principle, counts by rule, daily trend",
    responses={401: PROBLEM, 404: PROBLEM},
)
def agency_quality(code: str, principal: CurrentPrincipal, session: DbSession) -> AgencyQualityRead:
    require_agency_access(principal, code)
    if get_agency(session=session, code=code) is None:
        raise not_found()
    return quality_read(session, code)


@router.get(
    "/v1/quality",
    summary="Quality of every agency (operators)",
    responses={401: PROBLEM, 403: PROBLEM},
)
def all_quality(_operator: OperatorPrincipal, session: DbSession) -> list[AgencyQualityRead]:
    codes = session.scalars(select(AgencyQuality.agency_code).order_by(AgencyQuality.agency_code))
    return [quality_read(session, code) for code in codes]


CORRECTION_COLUMNS = (
    ("person_id", "Số định danh cá nhân"),
    ("full_name", "Họ và tên"),
    ("verdict", "Kết quả hồ sơ"),
    ("rule", "Mã quy tắc"),
    ("dimension", "Nguyên tắc"),
    ("severity", "Mức độ"),
    ("field", "Trường"),
    ("agency_value", "Giá trị của cơ quan"),
    ("population_db_value", "Giá trị trong CSDLQG về dân cư / giá trị đúng"),
    ("message_vi", "Nội dung"),
    ("message", "Message"),
)


def correction_rows(session: DbSession, code: str, severity: str | None) -> Iterator[list[str]]:
    records = session.scalars(
        select(StaffRecord)
        .where(StaffRecord.agency_code == code)
        .order_by(StaffRecord.person_id)
        .execution_options(yield_per=500)
    )
    for record in records:
        for finding in record.findings:
            if severity and finding.get("severity") != severity:
                continue
            field_name = finding.get("field")
            value = record.data.get(field_name) if field_name else None
            yield [
                record.person_id,
                str(record.data.get("full_name") or ""),
                record.verdict,
                str(finding.get("rule") or ""),
                str(finding.get("dimension") or ""),
                str(finding.get("severity") or ""),
                str(field_name or ""),
                "" if value is None else str(value),
                str(finding.get("expected") or ""),
                str(finding.get("message_vi") or ""),
                str(finding.get("message") or ""),
            ]


@router.get(
    "/v1/agencies/{code}/corrections.{fmt}",
    summary="Correction file: one row per record and open finding (CSV or XLSX)",
    description=(
        "What to fix in the HR system: each finding with its rule, message, the agency's value "
        "and, where they disagree, what the population DB holds."
    ),
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}, 404: PROBLEM},
)
def corrections(
    code: str,
    fmt: str,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    severity: Annotated[str | None, Query(pattern="^(error|warning)$")] = None,
) -> Response:
    require_agency_access(principal, code)
    if fmt not in ("csv", "xlsx") or get_agency(session=session, code=code) is None:
        raise not_found()
    header = [vi for _, vi in CORRECTION_COLUMNS]
    rows = [[safe_cell(v) for v in row] for row in correction_rows(session, code, severity)]
    record_event(
        session=session,
        clock=clock,
        principal=principal,
        agency_code=code,
        action="corrections.export",
        person_ids=list(dict.fromkeys(row[0] for row in rows)),
    )
    filename = f"sua-loi-{code}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "csv":
        return Response(
            csv_bytes([header, *rows]), media_type="text/csv; charset=utf-8", headers=disposition
        )
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("SuaLoi")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Response(buffer.getvalue(), media_type=XLSX, headers=disposition)
