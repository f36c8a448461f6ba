"""The HR-software channel: submit batches of staff records, follow them, read the results."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from ccvc import json_codec
from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.problems import Problem, not_found, validation_problem
from gateway.audit.service import record_event
from gateway.auth.dependencies import CurrentPrincipal, writable_agency
from gateway.batches import service
from gateway.batches.models import (
    MAX_BATCH_RECORDS,
    Batch,
    BatchCreate,
    BatchRead,
    Channel,
    ItemStatus,
    ResultPage,
)
from gateway.conformance.observe import digest, observe_detail
from gateway.sandbox.scenarios import ScenarioHeader, fire_once, parse_scenario

router = APIRouter(tags=["batches"])


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with its `$defs` references inlined (the body is parsed by
    hand, so FastAPI does not add the model to the OpenAPI components)."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Idempotency-Key missing or invalid; malformed JSON", **PROBLEM},
    401: {"description": "No or bad access token", **PROBLEM},
    404: {"description": "Unknown agency, or not yours", **PROBLEM},
    409: {"description": "The same Idempotency-Key is still in flight", **PROBLEM},
    413: {"description": f"More than {MAX_BATCH_RECORDS} records, or body too large", **PROBLEM},
    422: {
        "description": "Schema errors (naming the field), or key reused with another body",
        **PROBLEM,
    },
}


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise Problem(
            400, "body-required", "A JSON body is required", title_vi="Thiếu nội dung JSON"
        )
    try:
        body = json_codec.loads(raw)
    except RecursionError:
        raise too_deep() from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        position = f" at position {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        raise Problem(
            400,
            "malformed-json",
            "The body is not valid JSON",
            title_vi="Nội dung không phải JSON hợp lệ",
            detail=f'Malformed JSON{position}; send UTF-8 JSON `{{"records": [...]}}`.',
        ) from None
    if nesting_depth(body) > MAX_JSON_DEPTH:
        raise too_deep()
    return body


MAX_JSON_DEPTH = 32  # a staff record is two levels deep inside the batch; nothing needs 32


def too_deep() -> Problem:
    return Problem(
        400,
        "json-too-deep",
        "The JSON body is nested too deeply",
        title_vi="Nội dung JSON lồng nhau quá sâu",
        detail=f"At most {MAX_JSON_DEPTH} levels of arrays and objects.",
    )


def nesting_depth(value: Any) -> int:
    """Depth of arrays/objects, computed without recursion (the body is untrusted)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def parse_batch(body: Any) -> BatchCreate:
    if isinstance(body, dict) and isinstance(body.get("records"), list):
        count = len(body["records"])
        if count > MAX_BATCH_RECORDS:
            raise Problem(
                413,
                "batch-too-large",
                f"At most {MAX_BATCH_RECORDS} records per batch",
                title_vi=f"Tối đa {MAX_BATCH_RECORDS} hồ sơ mỗi lô",
                detail=f"The batch has {count} records; split it into batches of "
                f"{MAX_BATCH_RECORDS} or fewer.",
                field="records",
                limit=MAX_BATCH_RECORDS,
            )
        if count == 0:
            raise Problem(
                422,
                "batch-empty",
                "A batch needs at least one record",
                title_vi="Lô phải có ít nhất một hồ sơ",
                field="records",
            )
    try:
        return BatchCreate.model_validate(body)
    except ValidationError as exc:
        errors: list[dict[str, Any]] = [
            {**e, "loc": ("body", *e["loc"])}
            for e in exc.errors(include_input=False, include_context=False)
        ]
        raise validation_problem(errors) from None


@router.post(
    "/v1/agencies/{code}/batches",
    status_code=202,
    summary="Submit a batch of staff records (HR-software channel)",
    description=(
        "Up to 1,000 records. `Idempotency-Key` is required: the same key with the same body "
        "replays the first answer (header `Idempotent-Replayed: true`); with another body it is "
        "a 422; while the first request is still being stored, a 409. The batch is durable "
        "before the `202`; workers then verify identities through the NDXP bus and apply the "
        "rules. Follow `Location`."
    ),
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_schema(BatchCreate)}},
        }
    },
)
async def submit_batch(
    code: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    sandbox_scenario: ScenarioHeader = None,
) -> JSONResponse:
    agency = writable_agency(session=session, principal=principal, code=code)
    scenario = parse_scenario(sandbox_scenario)
    key = service.validate_idempotency_key(idempotency_key)
    if scenario is not None:
        fire_once(
            session=session,
            clock=clock,
            scenario=scenario,
            agency_code=agency.code,
            key=digest(settings.evidence_secret, key) or "",
        )
    body = await _json_body(request)
    batch_in = parse_batch(body)
    records = [r.model_dump() for r in batch_in.records]
    batch, replay = service.submit_batch(
        session=session,
        clock=clock,
        agency=agency,
        client_id=principal.client_id,
        channel=Channel.API,
        records=records,
        idempotency_key=key,
        body_hash=service.request_hash(body),
        scenario=scenario.id if scenario else None,
        in_flight=timedelta(seconds=settings.idempotency_in_flight_seconds),
    )
    read = service.to_read(batch)
    observe_detail(request.state, batch_id=batch.id)
    headers = {"Location": read.links["self"]}
    if replay:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(read.model_dump(mode="json"), status_code=202, headers=headers)


def owned_batch(session: DbSession, principal: CurrentPrincipal, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id) if len(batch_id) <= 36 else None
    if batch is None or not (principal.is_operator or principal.agency_code == batch.agency_code):
        raise not_found()  # another agency's batch is indistinguishable from none
    return batch


@router.get(
    "/v1/batches/{batch_id}",
    summary="Status and counts of a batch",
    responses={401: ERRORS[401], 404: ERRORS[404]},
)
def get_batch(batch_id: str, principal: CurrentPrincipal, session: DbSession) -> BatchRead:
    return service.to_read(owned_batch(session, principal, batch_id))


@router.get(
    "/v1/batches/{batch_id}/results",
    summary="Per-record results of a batch, paged",
    description=(
        "Each item: `index` (position in the batch), `person_id`, `status` (accepted, "
        "rejected, pending), `dimensions` (dung, du, sach, song: pass, fail, pending) and every "
        "`finding` (rule, dimension, severity, field, message)."
    ),
    responses={401: ERRORS[401], 404: ERRORS[404]},
)
def get_results(
    batch_id: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    status: Annotated[ItemStatus | None, Query(description="Only items in this status.")] = None,
) -> ResultPage:
    batch = owned_batch(session, principal, batch_id)
    observe_detail(request.state, batch_id=batch.id)
    page = service.results_page(
        session=session, batch=batch, offset=offset, limit=limit, status=status
    )
    record_event(
        session=session,
        clock=clock,
        principal=principal,
        agency_code=batch.agency_code,
        action="results.read",
        person_ids=[i.person_id for i in page.items if i.person_id],
        batch_id=batch.id,
    )
    return page
