"""Per-agency onboarding: the checklist with its evidence, declared headcount, and operators'
manual confirmations (audited, append-only)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy import select

from ccvc.clock import Clock
from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.problems import Problem, not_found
from gateway.agencies.service import get_agency
from gateway.auth.dependencies import (
    CurrentPrincipal,
    OperatorPrincipal,
    require_agency_access,
    writable_agency,
)
from gateway.onboarding.models import (
    AgencyOnboardingRead,
    ConfirmationIn,
    ConfirmationRead,
    HeadcountDeclaration,
    HeadcountIn,
    HeadcountRead,
    ManualConfirmation,
)
from gateway.onboarding.plan import DECISION_DATE
from gateway.onboarding.service import check_confirmable, confirmation_read, onboarding

router = APIRouter(tags=["onboarding"])

EARLIEST_AS_OF = date(2020, 1, 1)

AsOfQuery = Annotated[
    date | None,
    Query(
        description="Evaluate the plan on this day (Vietnam time); default today. "
        "Replays the 2023 plan: e.g. `2023-06-30`.",
        examples=["2023-06-30"],
    ),
]


def resolve_as_of(as_of: date | None, clock: Clock) -> date:
    today = clock.today()
    if as_of is None:
        return today
    if as_of < EARLIEST_AS_OF or as_of > date(today.year + 10, 12, 31):
        raise Problem(
            422,
            "as-of-out-of-range",
            "as_of is outside the range the plan can be evaluated on",
            title_vi="Ngày đánh giá nằm ngoài khoảng cho phép",
            detail=f"Choose a day from {EARLIEST_AS_OF} (the plan starts on {DECISION_DATE}) "
            f"to {today.year + 10}-12-31.",
        )
    return as_of


@router.get(
    "/v1/onboarding/agencies/{code}",
    summary="An agency's onboarding checklist, with evidence and status at `as_of`",
    description=(
        "Operators see every agency; an agency sees its own. Each step carries the evidence "
        "the gateway observed (credentials, tokens, batches, daily figures), the milestone of "
        "appendix 1 it serves, the agency's own date (appendix 2), and its status: "
        "`done_on_time`, `done_late`, `on_track`, `at_risk`, `overdue`, `not_started`."
    ),
    responses={401: PROBLEM, 404: PROBLEM, 422: PROBLEM},
)
def agency_onboarding(
    code: str,
    principal: CurrentPrincipal,
    session: DbSession,
    settings: SettingsDep,
    clock: ClockDep,
    as_of: AsOfQuery = None,
) -> AgencyOnboardingRead:
    require_agency_access(principal, code)
    if get_agency(session=session, code=code) is None:
        raise not_found()
    day = resolve_as_of(as_of, clock)
    return onboarding(session, settings=settings, as_of=day, tz=clock.tz, codes=[code])[0]


def _headcount_read(row: HeadcountDeclaration) -> HeadcountRead:
    return HeadcountRead(
        agency_code=row.agency_code,
        headcount=row.headcount,
        note=row.note,
        declared_at=row.declared_at,
        client_id=row.client_id,
    )


@router.put(
    "/v1/agencies/{code}/headcount",
    summary="Declare the agency's headcount (biên chế) that must reach the national database",
    description=(
        "Agency credentials only. Each declaration is kept (the latest one on a day counts from "
        "that day), so the step 'declared headcount synced and verified' can be replayed."
    ),
    responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM},
)
def declare_headcount(
    code: str, body: HeadcountIn, principal: CurrentPrincipal, session: DbSession, clock: ClockDep
) -> HeadcountRead:
    agency = writable_agency(session=session, principal=principal, code=code)
    row = HeadcountDeclaration(
        agency_code=agency.code,
        headcount=body.headcount,
        note=body.note,
        client_id=principal.client_id,
        declared_at=clock.now(),
    )
    session.add(row)
    session.commit()
    return _headcount_read(row)


@router.get(
    "/v1/agencies/{code}/headcount",
    summary="The agency's headcount declarations, newest first",
    responses={401: PROBLEM, 404: PROBLEM},
)
def headcount_history(
    code: str, principal: CurrentPrincipal, session: DbSession
) -> list[HeadcountRead]:
    require_agency_access(principal, code)
    if get_agency(session=session, code=code) is None:
        raise not_found()
    rows = session.scalars(
        select(HeadcountDeclaration)
        .where(HeadcountDeclaration.agency_code == code)
        .order_by(HeadcountDeclaration.declared_at.desc(), HeadcountDeclaration.id.desc())
    )
    return [_headcount_read(r) for r in rows]


@router.post(
    "/v1/onboarding/agencies/{code}/confirmations",
    status_code=status.HTTP_201_CREATED,
    summary="Record an operator's manual confirmation of a step (audited, never overwrites)",
    description=(
        "For what the gateway cannot observe (an official letter, a site visit). The "
        "confirmation is kept with the operator's client id and time; a step that has observed "
        "evidence keeps it, a step without counts as done with `basis: manual`. "
        "`registered` and `sync_live` are only ever derived (422)."
    ),
    responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM},
)
def confirm_step(
    code: str,
    body: ConfirmationIn,
    operator: OperatorPrincipal,
    session: DbSession,
    clock: ClockDep,
) -> ConfirmationRead:
    if get_agency(session=session, code=code) is None:
        raise not_found()
    check_confirmable(body.step)
    row = ManualConfirmation(
        agency_code=code,
        step=body.step.value,
        note=body.note,
        client_id=operator.client_id,
        confirmed_at=clock.now(),
    )
    session.add(row)
    session.commit()
    return confirmation_read(row)


@router.get(
    "/v1/onboarding/agencies/{code}/confirmations",
    summary="The audit trail of manual confirmations for an agency (operators)",
    responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM},
)
def list_confirmations(
    code: str, _operator: OperatorPrincipal, session: DbSession
) -> list[ConfirmationRead]:
    if get_agency(session=session, code=code) is None:
        raise not_found()
    rows = session.scalars(
        select(ManualConfirmation)
        .where(ManualConfirmation.agency_code == code)
        .order_by(ManualConfirmation.confirmed_at, ManualConfirmation.id)
    )
    return [confirmation_read(r) for r in rows]
