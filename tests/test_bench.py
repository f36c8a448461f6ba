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
