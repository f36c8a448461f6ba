"""The agency registry: loading the decision's rows from `seed/`, reading them back."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.codelists import read_seed_csv
from ccvc.problems import Problem
from gateway.agencies.models import (
    Agency,
    AgencyRead,
    Cohort,
    Milestone,
    MilestoneRead,
    SourceConflict,
)

CONFLICT_MESSAGE = (
    "Decision 72/QĐ-BNV lists this agency in both appendix 2 (cohort 26) and appendix 3 "
    "(cohort 70); both listings are kept as the source has them."
)
CONFLICT_MESSAGE_VI = (
    "Quyết định 72/QĐ-BNV liệt kê cơ quan này ở cả Phụ lục 2 (nhóm 26) và Phụ lục 3 "
    "(nhóm 70); giữ nguyên cả hai dòng như văn bản gốc."
)


def agency_not_found(code: str) -> Problem:
    return Problem(
        404,
        "agency-not-found",
        "No agency with this code",
        title_vi="Không có cơ quan với mã này",
        detail=f"Unknown agency code {code!r}; GET /v1/agencies lists the codes.",
    )


def _deadline(raw: str) -> tuple[date | None, bool]:
    if raw == "done":
        return None, True
    return (date.fromisoformat(raw) if raw else None), False


def registry_rows() -> list[dict[str, object]]:
    """The 96 rows of the decision joined with their stable codes, conflicts resolved to links."""
    codes = {(r["cohort"], r["appendix_no"]): r for r in read_seed_csv("agency_codes.csv")}
    rows: list[dict[str, object]] = []
    for r in read_seed_csv("agencies_qd72.csv"):
        code = codes[(r["cohort"], r["appendix_no"])]
        deadline, done = _deadline(r["deadline"])
        rows.append(
            {
                "code": code["code"],
                "name": r["name"],
                "cohort": r["cohort"],
                "appendix": 2 if r["cohort"] == "26" else 3,
                "appendix_no": int(r["appendix_no"]),
                "group": r["group"],
                "kind": code["kind"],
                "province_code": code["province_code"] or None,
                "data_status": r["data_status"],
                "vendor": r["vendor"] or None,
                "priority": r["priority"] or None,
                "deadline": deadline,
                "deadline_done": done,
                "source": r["source"],
                "conflict_with": None,
            }
        )
    by_name: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_name.setdefault(str(row["name"]), []).append(row)
    for same in by_name.values():
        if len(same) > 1:
            for row in same:
                row["conflict_with"] = next(o["code"] for o in same if o is not row)
    return rows


def milestone_rows() -> list[dict[str, object]]:
    return [
        {
            "code": r["code"],
            "cohort": r["cohort"],
            "phase": r["phase"] or None,
            "title_vi": r["title_vi"],
            "title_en": r["title_en"],
            "owner": r["owner"],
            "deadline": date.fromisoformat(r["deadline"]),
            "quality_principle": r["quality_principle"] or None,
            "source": r["source"],
        }
        for r in read_seed_csv("milestones_qd72.csv")
    ]


def seed_registry(*, session: Session, clock: Clock) -> int:
    """Insert or refresh the registry and milestones; idempotent. Returns rows written."""
    now = clock.now()
    count = 0
    for row in registry_rows():
        agency = session.get(Agency, row["code"])
        if agency is None:
            session.add(Agency(**row, created_at=now))
        else:
            for key, value in row.items():
                setattr(agency, key, value)
        count += 1
    for row in milestone_rows():
        milestone = session.get(Milestone, row["code"])
        if milestone is None:
            session.add(Milestone(**row))
        else:
            for key, value in row.items():
                setattr(milestone, key, value)
    session.flush()
    return count


def to_read(agency: Agency) -> AgencyRead:
    conflict = None
    if agency.conflict_with:
        conflict = SourceConflict(
            kind="listed_in_both_cohorts",
            other_code=agency.conflict_with,
            message=CONFLICT_MESSAGE,
            message_vi=CONFLICT_MESSAGE_VI,
        )
    return AgencyRead(
        code=agency.code,
        code_kind="official_province_code" if agency.province_code else "sandbox",
        name=agency.name,
        cohort=Cohort(agency.cohort),
        phases=["I", "II"] if agency.cohort == "70" else [],
        group=agency.group,
        kind=agency.kind,
        province_code=agency.province_code,
        data_status=agency.data_status,
        vendor=agency.vendor,
        priority=agency.priority,
        deadline=agency.deadline,
        deadline_done=agency.deadline_done,
        source=agency.source,
        conflict=conflict,
    )


def list_agencies(
    *,
    session: Session,
    cohort: str | None = None,
    kind: str | None = None,
    conflicts_only: bool = False,
) -> list[AgencyRead]:
    query = select(Agency).order_by(Agency.cohort.desc(), Agency.appendix_no)
    if cohort:
        query = query.where(Agency.cohort == cohort)
    if kind:
        query = query.where(Agency.kind == kind)
    if conflicts_only:
        query = query.where(Agency.conflict_with.is_not(None))
    return [to_read(a) for a in session.scalars(query)]


def get_agency(*, session: Session, code: str) -> Agency | None:
    return session.get(Agency, code)


def list_milestones(*, session: Session) -> list[MilestoneRead]:
    rows = session.scalars(select(Milestone).order_by(Milestone.deadline, Milestone.code))
    return [MilestoneRead.model_validate(m) for m in rows]
