"""The peer comparison is only meaningful if both sides check the same things: on records
with every kind of defect both implement, the engine (restricted to the compared rules or
not) and pandera flag exactly the same records."""

from __future__ import annotations

import os
from datetime import date

from ccvc.compare import (
    COMPARED,
    EXTRA_DEFECTS,
    comparison_records,
    engine_all_cores,
    engine_flags,
    peer_flags,
    peer_run,
)


def test_engine_and_pandera_flag_the_same_records() -> None:
    records = comparison_records(3000)
    as_of = date(2026, 11, 24)
    engine, _ = engine_flags(records, as_of)
    subset, _ = engine_flags(records, as_of, only=COMPARED)
    peer, _ = peer_flags(records, as_of)
    assert engine == subset == peer
    assert 200 < len(peer) < 1000


def test_each_extra_defect_is_flagged_by_both() -> None:
    base = comparison_records(50)
    flagged, _ = engine_flags(base, date.today())
    clean = next(r for i, r in enumerate(base) if i not in flagged)
    records = [clean, *({**clean, key: value} for key, value in EXTRA_DEFECTS)]
    engine, _ = engine_flags(records, date.today())
    peer, _ = peer_flags(records, date.today())
    assert engine == peer == set(range(1, len(records)))


def test_shared_among_processes_the_engine_flags_the_same_records() -> None:
    """The all-cores run: each process rebuilds the records and evaluates its share; the
    shares together flag what one process flags (and every timed round is accounted for)."""
    as_of = date(2026, 11, 24)
    alone, _ = engine_flags(comparison_records(1500), as_of)
    shared, seconds = engine_all_cores(1500, as_of, processes=3)
    assert shared == alone and seconds > 0


def test_pandera_runs_apart_on_one_thread_and_on_all() -> None:
    as_of = date(2026, 11, 24)
    alone, _ = engine_flags(comparison_records(300), as_of)
    for threads in (1, None):
        flagged, seconds, pool = peer_run(300, as_of, threads=threads)
        assert flagged == alone and seconds > 0 and pool == (threads or os.cpu_count())
