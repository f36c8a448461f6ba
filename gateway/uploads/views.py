"""The template channel ("Cổng cập nhật hồ sơ", cohort 70 phase I): download the template,
upload it per unit; valid rows go through the same pipeline as batches, invalid rows are
reported by row number and column at once (partial acceptance)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Header, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from gateway.auth.dependencies import CurrentPrincipal, writable_agency
from gateway.batches.models import Channel
from gateway.batches.service import submit_batch, to_read, validate_idempotency_key
from gateway.conformance.observe import digest, observe_detail
from gateway.templates import limits
from gateway.templates.parse import parse_upload
from gateway.templates.render import render_csv_template, render_xlsx_template

router = APIRouter(tags=["templates"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/v1/templates/staff.csv",
    summary="The staff-data template as CSV (UTF-8 with BOM, Vietnamese headers)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def csv_template() -> Response:
    return Response(
        render_csv_template(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="mau-ho-so-cbccvc.csv"'},
    )


@router.get(
    "/v1/templates/staff.xlsx",
    summary="The staff-data template as XLSX (with an instructions sheet)",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def xlsx_template() -> Response:
    return Response(
        render_xlsx_template(),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="mau-ho-so-cbccvc.xlsx"'},
    )


class RowErrorOut(BaseModel):
    row_number: int
    column: str | None
    field: str | None
    code: str
    message: str
    message_vi: str


class UploadAccepted(BaseModel):
    format: str
    rows: int = Field(description="Data rows read (the template's example row excluded).")
    rows_queued: int = Field(description="Rows sent on to the rule engine (see `batch`).")
    rows_rejected: int = Field(description="Rows refused on reading, listed in `row_errors`.")
    row_errors: list[RowErrorOut]
    batch: dict[str, Any] | None = Field(
        description="The batch of valid rows; its results carry each row's `row_number`."
    )


@router.post(
    "/v1/agencies/{code}/uploads",
    status_code=202,
    summary="Upload a filled template (CSV or XLSX) for one unit",
    description=(
        "Multipart form: `file` (CSV UTF-8 with or without BOM, or XLSX) and `unit` (the unit "
        "the file is for). Rows that cannot be read are reported at once by row number and "
        "column; the others become a batch checked like any other (identity through the bus, "
        "the rules of phase I). A file in another encoding or with wrong headers is refused "
        "with a message saying how to fix it. `Idempotency-Key` is optional and recommended."
    ),
    responses={400: PROBLEM, 404: PROBLEM, 413: PROBLEM, 415: PROBLEM, 422: PROBLEM},
)
async def upload(
    code: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="The filled template.")],
    unit: Annotated[str, Form(min_length=1, max_length=200, examples=["Sở Nội vụ"])],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    agency = writable_agency(session=session, principal=principal, code=code)
    key = validate_idempotency_key(idempotency_key) if idempotency_key is not None else None
    data = await file.read(limits.MAX_UPLOAD_BYTES + 1)
    parsed = parse_upload(data, filename=file.filename, content_type=file.content_type)
    rows = [r for r in parsed.rows if not r.is_template_example]
    good = [r for r in rows if r.record is not None]
    errors = [e for r in rows for e in r.errors]
    batch_out = None
    if good:
        records = [{**r.record, "unit": r.record.get("unit") or unit} for r in good if r.record]
        body_hash = _upload_hash(data, unit)
        batch, _ = submit_batch(
            session=session,
            clock=clock,
            agency=agency,
            client_id=principal.client_id,
            channel=Channel.TEMPLATE,
            records=records,
            idempotency_key=key,
            body_hash=body_hash,
            row_numbers=[r.row_number for r in good],
            unit=unit,
            filename=(file.filename or "")[:255] or None,
            in_flight=timedelta(seconds=settings.idempotency_in_flight_seconds),
        )
        batch_out = to_read(batch).model_dump(mode="json")
    answer = UploadAccepted(
        format=parsed.format,
        rows=len(rows),
        rows_queued=len(good),
        rows_rejected=len(rows) - len(good),
        row_errors=[
            RowErrorOut(
                row_number=e.row_number,
                column=e.column,
                field=e.field,
                code=e.code,
                message=e.message,
                message_vi=e.message_vi,
            )
            for e in errors
        ],
        batch=batch_out,
    )
    observe_detail(
        request.state,
        rows=len(rows),
        row_errors=len(errors),
        batch_id=batch_out["batch_id"] if batch_out else None,
        file=digest(settings.evidence_secret, _upload_hash(data, unit)),
        unit=digest(settings.evidence_secret, unit),
    )
    headers = {"Location": batch_out["links"]["self"]} if batch_out else {}
    return JSONResponse(answer.model_dump(mode="json"), status_code=202, headers=headers)


def _upload_hash(data: bytes, unit: str) -> str:
    import hashlib

    return hashlib.sha256(data + b"\x00" + unit.encode()).hexdigest()
