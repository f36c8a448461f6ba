"""The operators' dashboard: `GET /v1/dashboard` (JSON), the agency table as CSV, Prometheus
`/metrics`, and the page `/dashboard` with its static files (served locally: works offline)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ccvc.db import session_scope
from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.spreadsheets import csv_bytes, safe_cell
from gateway.auth.dependencies import OperatorPrincipal
from gateway.dashboard.cache import StaleWhileRevalidate
from gateway.dashboard.models import Dashboard, DashboardFilters
from gateway.dashboard.service import cached_assessment, dashboard, filtered_rows
from gateway.onboarding.plan import Status
from gateway.onboarding.views import AsOfQuery, resolve_as_of

router = APIRouter(tags=["dashboard"])

STATIC = Path(__file__).parent / "static"


def dashboard_filters(
    cohort: Annotated[Literal["26", "70"] | None, Query(description="Only this cohort.")] = None,
    phase: Annotated[
        Literal["I", "II"] | None, Query(description="Cohort 70 agencies working on this phase.")
    ] = None,
    status: Annotated[Status | None, Query(description="Only agencies with this status.")] = None,
    group: Annotated[
        str | None, Query(max_length=200, examples=["Ủy ban nhân dân các tỉnh, thành phố"])
    ] = None,
    vendor: Annotated[str | None, Query(max_length=200, examples=["Misa"])] = None,
    priority: Annotated[Literal["high", "medium", "low"] | None, Query()] = None,
) -> DashboardFilters:
    return DashboardFilters(
        cohort=cohort, phase=phase, status=status, group=group, vendor=vendor, priority=priority
    )


FiltersDep = Annotated[DashboardFilters, Depends(dashboard_filters)]


ANSWERS = StaleWhileRevalidate()


@router.get(
    "/v1/dashboard",
    response_model=Dashboard,
    summary="The national onboarding picture at `as_of` (operators)",
    description=(
        "Cards per track (cohort 26, cohort 70 phase I, phase II) with counts by status, "
        "records verified and quality by dimension; cohort 26 broken down by group, vendor and "
        "priority; a weekly burn-up from the decision date; the overdue steps; the source "
        "conflict; and the agency table. Filters narrow everything except `conflicts`. "
        "Built from per-agency figures kept incrementally, never from a scan of staff records; "
        "an answer may be up to `CCVC_DASHBOARD_CACHE_SECONDS` old (refreshed in the "
        "background), `generated_at` says when it was computed."
    ),
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
)
def get_dashboard(
    _operator: OperatorPrincipal,
    settings: SettingsDep,
    clock: ClockDep,
    filters: FiltersDep,
    as_of: AsOfQuery = None,
) -> Response:
    day = resolve_as_of(as_of, clock)

    def compute() -> bytes:
        with session_scope(settings.database_url) as session:
            assessment = cached_assessment(session, settings=settings, clock=clock, as_of=day)
        picture = dashboard(assessment, settings=settings, filters=filters, now=clock.now())
        return picture.model_dump_json().encode()

    key = (settings.database_url, day, filters.model_dump_json())
    body = ANSWERS.get(key, fresh_for=settings.dashboard_cache_seconds, compute=compute)
    return Response(body, media_type="application/json")


CSV_COLUMNS = (
    ("code", "Mã"),
    ("name", "Cơ quan"),
    ("cohort", "Nhóm"),
    ("phase", "Giai đoạn"),
    ("group", "Khối"),
    ("vendor", "Nhà cung cấp"),
    ("priority", "Ưu tiên"),
    ("status", "Trạng thái"),
    ("status_vi", "Trạng thái (tiếng Việt)"),
    ("done_steps", "Bước đã xong"),
    ("total_steps", "Tổng số bước"),
    ("records", "Hồ sơ"),
    ("verified", "Đã đối khớp dân cư"),
    ("headcount", "Biên chế đã khai"),
    ("verified_share_of_headcount", "Tỷ lệ đối khớp / biên chế"),
    ("last_sync_on", "Lần đồng bộ gần nhất"),
    ("next_deadline", "Hạn gần nhất"),
    ("conflict_with", "Trùng với"),
)


@router.get(
    "/v1/dashboard/agencies.csv",
    summary="The dashboard's agency table as CSV (operators; UTF-8 with BOM for Excel)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
)
def agencies_csv(
    _operator: OperatorPrincipal,
    session: DbSession,
    settings: SettingsDep,
    clock: ClockDep,
    filters: FiltersDep,
    as_of: AsOfQuery = None,
) -> Response:
    day = resolve_as_of(as_of, clock)
    assessment = cached_assessment(session, settings=settings, clock=clock, as_of=day)
    header = [f"{vi} / {key}" for key, vi in CSV_COLUMNS]
    rows = []
    for row in filtered_rows(assessment, filters):
        values = row.model_dump(mode="json")
        rows.append(
            [safe_cell("" if values[k] is None else str(values[k])) for k, _ in CSV_COLUMNS]
        )
    return Response(
        csv_bytes([header, *rows]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="tien-do-{day.isoformat()}.csv"'},
    )


@router.get(
    "/metrics",
    summary="Prometheus metrics: per-track onboarding gauges (public, aggregates only)",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics), media_type=CONTENT_TYPE_LATEST)


PAGE_HEADERS = {
    # everything from this server only (works offline, nothing to leak to a CDN); no framing
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}


@router.get("/dashboard", include_in_schema=False)
def dashboard_page() -> FileResponse:
    return FileResponse(
        STATIC / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS
    )
