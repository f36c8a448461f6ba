"""The `ccvc` command as a newcomer uses it: a real process, a real port, real HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import Database
from tests.support.servers import free_port

CCVC = [sys.executable, "-m", "ccvc"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CCVC, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@contextmanager
def ccvc_up(
    db_url: str, tmp_path: Path, *extra: str
) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    port = free_port()
    log = tmp_path / "up.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [*CCVC, "up", "--port", str(port), "--db", db_url, *extra],
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=tmp_path,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a hang guard, not a performance assertion
        while True:
            if process.poll() is not None:
                raise AssertionError(f"ccvc up exited early:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"ccvc up not ready:\n{log.read_text()}")
            time.sleep(0.2)
        yield base, process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_up_serves_all_three_services_seeded(empty_database: Database, tmp_path: Path) -> None:
    with ccvc_up(empty_database.url, tmp_path) as (base, _process, log):
        assert len(httpx.get(f"{base}/v1/agencies").json()) == 96
        assert httpx.get(f"{base}/ndxp/healthz").status_code == 200
        assert httpx.get(f"{base}/dancu/healthz").status_code == 200
        citizens = httpx.get(f"{base}/dancu/sandbox/citizens", params={"limit": 3}).json()
        assert len(citizens["citizens"]) == 3
        for _ in range(50):
            if "Ready in" in log.read_text():
                break
            time.sleep(0.1)
        banner = log.read_text()
        assert re.search(r"Ready in \d+\.\ds", banner), banner
        assert f"{base}/docs" in banner and "ccvc credentials issue --agency" in banner
        operator = json.loads(re.search(r'\{"client_id": .*?\}', banner).group(0))  # type: ignore[union-attr]
        token = httpx.post(
            f"{base}/v1/oauth/token",
            data={"grant_type": "client_credentials", **operator},
        )
        assert token.status_code == 200, token.text

        # credentials issued from another process while the server runs
        issued = run(
            "credentials",
            "issue",
            "--agency",
            "UBND-031",
            env={"CCVC_DATABASE_URL": empty_database.url},
        )
        assert issued.returncode == 0, issued.stderr
        creds = json.loads(issued.stdout)
        assert set(creds) >= {"client_id", "client_secret"}
        token = httpx.post(
            f"{base}/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": creds["client_id"],
                "client_secret": creds["client_secret"],
            },
        )
        assert token.status_code == 200
        me = httpx.get(
            f"{base}/v1/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"}
        )
        assert me.json()["agency_code"] == "UBND-031"


def test_up_twice_rotates_operator_and_keeps_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'again.db'}"
    with ccvc_up(url, tmp_path) as (base, _p, log):
        first = json.loads(re.search(r'\{"client_id": .*?\}', _wait_banner(log)).group(0))  # type: ignore[union-attr]
    with ccvc_up(url, tmp_path) as (base, _p, log):
        _wait_banner(log)
        old = httpx.post(
            f"{base}/v1/oauth/token", data={"grant_type": "client_credentials", **first}
        )
        assert old.status_code == 401, "the previous run's operator credential is revoked"
        assert len(httpx.get(f"{base}/v1/agencies").json()) == 96


def _wait_banner(log: Path) -> str:
    for _ in range(100):
        text = log.read_text()
        if "Ready in" in text:
            return text
        time.sleep(0.1)
    raise AssertionError(log.read_text())


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = run("up", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 1
    assert "in use" in result.stderr and "--port" in result.stderr


def test_credentials_issue_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    neither = run("credentials", "issue", "--db", url)
    assert neither.returncode == 2 and "exactly one" in neither.stderr
    unmigrated = run("credentials", "issue", "--operator", "--db", url)
    assert unmigrated.returncode == 1 and "ccvc seed" in unmigrated.stderr
    assert run("seed", "--db", url).returncode == 0
    unknown = run("credentials", "issue", "--agency", "NOPE", "--db", url)
    assert unknown.returncode == 1 and "NOPE" in unknown.stderr
    operator = run("credentials", "issue", "--operator", "--db", url)
    assert operator.returncode == 0
    assert json.loads(operator.stdout)["role"] == "operator"
    revoke = run("credentials", "revoke", json.loads(operator.stdout)["client_id"], "--db", url)
    assert revoke.returncode == 0


def test_bad_as_of_is_rejected(tmp_path: Path) -> None:
    result = run("up", "--as-of", "2023-13-01", "--db", f"sqlite:///{tmp_path / 'y.db'}")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize("command", ["migrate", "seed"])
def test_migrate_and_seed_commands(command: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    result = run(command, "--db", url)
    assert result.returncode == 0, result.stderr
    assert "migrated to" in result.stderr or "at revision" in result.stderr


def test_demo_walks_the_vendor_journey(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CCVC, "demo"], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Summary: 8/8 steps as expected." in result.stderr
    assert "✓ 503 → retry with the same Idempotency-Key" in result.stderr
    assert "DUNG-ID-DOB" in result.stderr
    assert "answered 204, 400 (genuine, forged)" in result.stderr
    assert "✓ conformance report: 7 passed, 0 failed, 0 not tried" in result.stderr


def test_demo_verifies_webhooks_through_the_inbox(tmp_path: Path) -> None:
    result = subprocess.run(
        [*CCVC, "demo", "--webhook-inbox", "--agency", "UBND-004"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "inbox: both messages verified and reported" in result.stderr
    assert "Summary: 8/8 steps as expected." in result.stderr
