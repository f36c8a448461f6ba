"""docker-compose.yml against the Compose specification's JSON schema (no Docker engine here).

The schema is the `compose_spec.json` shipped inside the docker-compose 1.29.2 wheel on PyPI,
fetched once with `pip download` into `.cache/` (or named by `CCVC_COMPOSE_SCHEMA`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "compose-schema"


def compose_schema() -> dict[str, Any]:
    preset = os.environ.get("CCVC_COMPOSE_SCHEMA")
    if preset:
        return dict(json.loads(Path(preset).read_text()))
    target = CACHE / "compose_spec.json"
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "-d",
                str(CACHE),
                "docker-compose==1.29.2",
            ],
            check=True,
        )
        wheel = next(CACHE.glob("docker_compose-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            target.write_bytes(archive.read("compose/config/compose_spec.json"))
    return dict(json.loads(target.read_text()))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def test_compose_file_is_valid_against_the_specification(compose: dict[str, Any]) -> None:
    schema = compose_schema()
    # The 2021 schema predates the top-level `name`, added to the specification later.
    document = {k: v for k, v in compose.items() if k != "name"}
    jsonschema.Draft201909Validator(schema).validate(document)


def test_compose_runs_the_documented_topology(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"postgres", "ndxp", "dancu", "gateway"} <= set(services)
    assert services["gateway"]["deploy"]["replicas"] == 2
    for name in ("gateway", "ndxp", "dancu", "migrate"):
        env = services[name]["environment"]
        assert env["CCVC_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert env["CCVC_NDXP_URL"] == "http://ndxp:8000"


def test_invalid_compose_is_rejected() -> None:
    """The check can fail: a service with an unknown key is not valid."""
    schema = compose_schema()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(
            {"services": {"x": {"image": "a", "replicaz": 2}}}
        )
