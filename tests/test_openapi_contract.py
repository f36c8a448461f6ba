"""The published contract (issue: vendors build against the OpenAPI alone): every operation
of the gateway has examples recorded from real traffic, every error it documents is problem
details with a Vietnamese title and an example, and every example is valid against its own
schema. The recording itself is rerun against a live sandbox, so the shipped examples
(`gateway/openapi/examples.json`) can always be regenerated and never describe an API that
no longer answers that way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ccvc.settings import Settings
from gateway.main import create_app
from gateway.openapi import recorded_examples
from tests.conftest import Sandbox
from tests.support.record_examples import record

VIETNAMESE = re.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I
)
# no JSON answer to exemplify: a binary file, and probes/metrics without text
WITHOUT_VIETNAMESE = {"GET /healthz", "GET /readyz", "GET /metrics", "GET /v1/templates/staff.xlsx"}
WITHOUT_EXAMPLE = {"GET /v1/templates/staff.xlsx"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app(Settings(workers=0)).openapi()


def operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", op)
        for path, ops in sorted(spec["paths"].items())
        for method, op in sorted(ops.items())
    ]


def validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": spec["components"]})


def test_every_error_is_a_documented_problem_with_a_vietnamese_example(
    spec: dict[str, Any],
) -> None:
    missing = []
    for name, op in operations(spec):
        for status, response in op["responses"].items():
            if status[0] not in "45":
                continue
            content = response.get("content", {}).get("application/problem+json")
            example = (content or {}).get("example") or {}
            if not content or not example.get("title_vi") or not response.get("description"):
                missing.append(f"{name} {status}")
            elif example.get("status") != int(status):
                missing.append(f"{name} {status}: example has status {example.get('status')}")
    assert missing == []


def test_authenticated_operations_document_401_429_and_the_scheme(spec: dict[str, Any]) -> None:
    for name, op in operations(spec):
        if op.get("security"):
            assert {"401", "429"} <= set(op["responses"]), name
    secured = {name for name, op in operations(spec) if op.get("security")}
    assert "POST /v1/agencies/{code}/batches" in secured and "GET /v1/agencies" not in secured
    assert spec["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"]


def test_every_operation_has_examples_and_vietnamese(spec: dict[str, Any]) -> None:
    without, not_vietnamese = [], []
    for name, op in operations(spec):
        examples = [
            media["example"]
            for response in op["responses"].values()
            for media in response.get("content", {}).values()
            if "example" in media
        ]
        success = [s for s in op["responses"] if s.startswith("2")]
        contents = [op["responses"][s].get("content", {}) for s in success]
        exemplified = any("example" in m for c in contents for m in c.values()) or not any(
            contents
        )  # a 204, or an empty 200: nothing to exemplify
        if not exemplified and name not in WITHOUT_EXAMPLE:
            without.append(name)
        if not VIETNAMESE.search(str(examples)) and name not in WITHOUT_VIETNAMESE:
            not_vietnamese.append(name)
    assert without == [] and not_vietnamese == [], (without, not_vietnamese)


def test_every_example_is_valid_against_its_schema(spec: dict[str, Any]) -> None:
    checked, invalid = 0, []
    for name, op in operations(spec):
        bodies = [(s, r.get("content", {})) for s, r in op["responses"].items()]
        bodies.append(("request", op.get("requestBody", {}).get("content", {})))
        for where, content in bodies:
            for media_type, media in content.items():
                if "example" not in media or "schema" not in media or "json" not in media_type:
                    continue
                checked += 1
                errors = list(validator(spec, media["schema"]).iter_errors(media["example"]))
                if errors:
                    invalid.append(f"{name} {where}: {errors[0].message[:200]}")
    assert checked > 100 and invalid == [], invalid


def test_the_recording_still_produces_every_shipped_example(
    sandbox: Sandbox, spec: dict[str, Any]
) -> None:
    fresh = record(sandbox.base_url, sandbox.settings, list(spec["paths"]))
    shipped = recorded_examples()
    assert shipped, (
        "gateway/openapi/examples.json is missing: python -m tests.support.record_examples"
    )
    wanted = {(op, status) for op, example in shipped.items() for status in example["responses"]}
    got = {(op, status) for op, example in fresh.items() for status in example["responses"]}
    assert wanted <= got, sorted(wanted - got)
    assert set(shipped) <= set(spec_names(spec)), set(shipped) - set(spec_names(spec))


def spec_names(spec: dict[str, Any]) -> list[str]:
    return [name for name, _ in operations(spec)]


def mock_specs() -> list[tuple[str, dict[str, Any]]]:
    from mock_dancu.main import create_app as create_dancu
    from mock_ndxp.main import create_app as create_ndxp

    settings = Settings(workers=0)
    return [
        ("bus", create_ndxp(settings).openapi()),
        ("population DB", create_dancu(settings).openapi()),
    ]


@pytest.mark.parametrize(("name", "mock"), mock_specs(), ids=["bus", "population-db"])
def test_the_bus_and_the_population_db_document_their_errors(
    name: str, mock: dict[str, Any]
) -> None:
    """Every error either service answers is documented with its body and a Vietnamese
    example, and the examples are valid against their schemas; the bus answers invalid input
    with 400, so it does not document FastAPI's 422."""
    missing, invalid = [], []
    for op_name, op in operations(mock):
        for status, response in op["responses"].items():
            if status[0] not in "45":
                continue
            if name == "bus" and status == "422":
                missing.append(f"{op_name} documents 422; the bus answers 400")
            media = next(iter(response.get("content", {}).values()), {})
            probe = op_name.endswith("/healthz")  # {"status", "database"}: no words to translate
            if "example" not in media or not (probe or VIETNAMESE.search(str(media["example"]))):
                missing.append(f"{op_name} {status}")
            elif "schema" in media:
                errors = list(validator(mock, media["schema"]).iter_errors(media["example"]))
                invalid.extend(f"{op_name} {status}: {e.message[:120]}" for e in errors[:1])
    assert missing == [] and invalid == [], (missing, invalid)
