"""Public registry endpoints: the 96 listings of Decision 72 and the milestones of appendix 1."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from ccvc.deps import DbSession
from ccvc.problems import PROBLEM_CONTENT
from gateway.agencies import service
from gateway.agencies.models import AgencyRead, Cohort, MilestoneRead
from gateway.agencies.service import agency_not_found

router = APIRouter(tags=["registry"])


@router.get(
    "/v1/agencies",
    summary="The agency registry (public)",
    description=(
        "All 96 listings of Decision 72/QĐ-BNV: appendix 2 (cohort 26, agencies with HR "
        "software) and appendix 3 (cohort 70, without). The agency listed in both appendices "
        "(Viện kiểm sát nhân dân tối cao) appears twice, each listing with a `conflict` object "
        "naming the other. Headers `X-Total-Count` and `X-Conflict-Count` give the counts."
    ),
)
def list_agencies(
    session: DbSession,
    response: Response,
    cohort: Annotated[Cohort | None, Query(description="Only this cohort.")] = None,
    kind: Annotated[str | None, Query(max_length=40, examples=["province"])] = None,
    conflicts_only: Annotated[bool, Query(description="Only listings in conflict.")] = False,
) -> list[AgencyRead]:
    agencies = service.list_agencies(
        session=session,
        cohort=cohort.value if cohort else None,
        kind=kind,
        conflicts_only=conflicts_only,
    )
    response.headers["X-Total-Count"] = str(len(agencies))
    response.headers["X-Conflict-Count"] = str(sum(1 for a in agencies if a.conflict))
    return agencies


@router.get(
    "/v1/agencies/{code}",
    summary="One agency listing",
    responses={404: {"description": "Unknown code", **PROBLEM_CONTENT}},
)
def get_agency(code: str, session: DbSession) -> AgencyRead:
    agency = service.get_agency(session=session, code=code)
    if agency is None:
        raise agency_not_found(code)
    return service.to_read(agency)


@router.get("/v1/milestones", summary="Milestones of appendix 1 of Decision 72")
def list_milestones(session: DbSession) -> list[MilestoneRead]:
    return service.list_milestones(session=session)
