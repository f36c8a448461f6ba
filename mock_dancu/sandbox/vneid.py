"""Sandbox VNeID: a living citizen gets an electronic-identity token (for self-update tests)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from ccvc import vneid
from ccvc.clock import get_clock
from ccvc.problems import Problem
from ccvc.settings import Settings
from mock_dancu.deps import PopulationDep
from mock_dancu.openapi import problem_responses
from mock_dancu.population import InvalidIdentifier

router = APIRouter(prefix="/sandbox", tags=["sandbox"])


class VneidTokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person_id: str = Field(min_length=12, max_length=12, examples=["001075638153"])


class VneidToken(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int
    person_id: str


@router.post(
    "/vneid/token",
    summary="Issue a sandbox VNeID token to a living citizen",
    description=(
        "Stands in for logging in to VNeID (định danh điện tử): the token identifies the "
        "citizen to the gateway's self-update channel (`/v1/self/...`). Sandbox only."
    ),
    responses=problem_responses(404, 422),
)
def issue_token(body: VneidTokenRequest, request: Request, population: PopulationDep) -> VneidToken:
    settings: Settings = request.app.state.settings
    try:
        citizen = population.by_person_id(body.person_id)
    except InvalidIdentifier:
        citizen = None
    if citizen is None:
        raise Problem(404, "citizen-not-found", "No such citizen", title_vi="Không có công dân này")
    clock = get_clock()
    if citizen.is_deceased(clock.today()):
        raise Problem(
            409, "citizen-deceased", "The citizen is deceased", title_vi="Công dân đã mất"
        )
    token = vneid.issue(
        secret=settings.vneid_secret,
        person_id=citizen.person_id,
        now=clock.now(),
        ttl=timedelta(seconds=settings.vneid_token_ttl_seconds),
    )
    return VneidToken(
        access_token=token, expires_in=settings.vneid_token_ttl_seconds, person_id=citizen.person_id
    )
