"""`ccvc bench` end to end on a small set: every record accounted for, and the rules reject
exactly the records the generator made defective (figures are reported, never asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_bench_accounts_for_every_record(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ccvc", "bench", "--records", "600", "--clients", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["records"] == 600
    assert figures["accepted"] + figures["rejected"] == 600
    assert figures["rejected"] == figures["defects_injected"] > 0
    assert "processed" in result.stderr  # progress is shown while it runs
    for key in (
        "processed_per_second",
        "batch_latency_p95",
        "server_peak_rss_mb",
        "server_cpu_seconds_per_1000",
        "database_size_mb",
        "dashboard_p50_ms",
        "dashboard_p95_ms",
    ):
        assert figures[key] > 0, key


def test_bench_compare_on_postgresql(postgres_admin_url: str, tmp_path: Path) -> None:
    """`--compare`: the engine and pandera flag the same records before they are timed, and
    PostgreSQL's COPY of the stored rows is measured beside the end-to-end rate."""
    import uuid

    from ccvc.db import normalise_url
    from tests.support.postgres import create_database, drop_database

    name = f"ccvc_bench_{uuid.uuid4().hex[:10]}"
    url = normalise_url(create_database(postgres_admin_url, name))
    try:
        result = subprocess.run(
            [
                *(sys.executable, "-m", "ccvc", "bench", "--records", "600"),
                *("--clients", "2", "--db", url, "--compare", "--json"),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,
        )
    finally:
        drop_database(postgres_admin_url, name)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    compare = figures["compare"]
    assert compare["rules_agree"] is True and compare["rules_records"] == 600
    assert compare["rules_flagged"] > 0  # the bench's defects and the comparison's own
    for key in ("rules_engine_rows_per_second", "rules_peer_rows_per_second"):
        assert compare[key] > 0, key
    assert compare["copy_rows_per_second"] > 0
    assert compare["end_to_end_to_copy_ratio"] > 0
    assert "compare: the rule engine and pandera" in result.stderr
