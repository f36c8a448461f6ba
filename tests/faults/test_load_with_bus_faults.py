"""Load held: the 96 agencies' records sent by concurrent clients while the bus fails 5 % of
its calls (503 with Retry-After) — `ccvc bench`'s driver, a real server process, loopback HTTP.
Nothing is lost, the rules still reject exactly the defective records; latency is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.faults.support import FIGURES

RECORDS = 3000


def test_load_with_five_percent_bus_faults(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ccvc",
            "bench",
            "--records",
            str(RECORDS),
            "--clients",
            "8",
            "--bus-faults",
            "unavailable@0.05",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["bus_faults"] == "unavailable@0.05"
    assert figures["lost"] == 0
    assert figures["accepted"] + figures["rejected"] == RECORDS
    # a fault delays a record, it never changes its verdict nor lets it through unchecked
    assert figures["rejected"] == figures["defects_injected"]
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a") as sink:
        line = {
            "test": "load, 96 agencies, 8 clients, bus unavailable@0.05",
            "backend": figures["database"],
            "records": RECORDS,
            "lost": figures["lost"],
            "processed_per_second": figures["processed_per_second"],
            "batch_latency_p95": figures["batch_latency_p95"],
        }
        sink.write(json.dumps(line) + "\n")
