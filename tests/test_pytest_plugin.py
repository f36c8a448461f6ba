"""The vendors' pytest plugin works as a vendor uses it: the example suite in docs/examples runs
in a separate pytest process, with the plugin loaded from the installed entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_example_vendor_suite_passes(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(ROOT / "docs" / "examples"),
            "-q",
            "-p",
            "no:cacheprovider",
            "--ccvc-agency",
            "UBND-048",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "5 passed" in result.stdout
