"""Scanning log lines for personal data: a 12-digit personal number, a name (any letter outside
ASCII — log fields are ids, codes, routes and English words), or a calendar date outside the
timestamp (a date of birth)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PERSON_ID = re.compile(r"(?<![0-9A-Za-z-])\d{12}(?![0-9A-Za-z-])")
DATE = re.compile(r"(?<!\d)(19|20)\d\d-[01]\d-[0-3]\d(?!\d)")
ALLOWED_KEYS = {"timestamp"}


def _values(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in ALLOWED_KEYS:
                yield from _values(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v, key)
    elif node is not None:
        yield key, str(node)


def findings(line: str) -> list[str]:
    try:
        parsed = json.loads(line)
    except json.JSONDecodeError:
        parsed = {"line": line}
    hits: list[str] = []
    for key, value in _values(parsed):
        if PERSON_ID.search(value):
            hits.append(f"{key}: a 12-digit number")
        if DATE.search(value):
            hits.append(f"{key}: a date")
        if any(ch.isalpha() and ord(ch) > 127 for ch in value):
            hits.append(f"{key}: non-ASCII letters (a name?)")
    return hits


def scan(path: Path) -> tuple[int, list[str]]:
    """(lines scanned, one description per offending line — never the value itself)."""
    if not path.exists():
        return 0, []
    lines, hits = 0, []
    with path.open(encoding="utf-8", errors="replace") as source:
        for number, line in enumerate(source, start=1):
            line = line.strip()
            if not line:
                continue
            lines += 1
            found = findings(line)
            if found:
                hits.append(f"line {number}: {', '.join(sorted(set(found)))}")
    return lines, hits
