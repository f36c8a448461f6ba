"""The garbage collector, tuned for a long-running server process.

A worker round allocates some 10^5 short-lived objects (records, findings, rows). With the
default threshold (a young collection every 700 allocations) the cyclic collector ran ~65
times a round, and its older generations walked the whole heap — the catalogue, the code
lists, the population's tables, every imported module: 40 % of a worker's CPU time under
`ccvc bench` (5 of 12.7 CPU seconds at 100,000 records, measured with `gc.callbacks`).
Frozen start-up heap and a young collection every 10,000 allocations: 1 second, and the bench
processes 3,870 records/s instead of 3,080. (At 50,000 the bus process, whose request bodies
sit in reference cycles until collected, peaked at 245 MB instead of 185 MB.)
"""

from __future__ import annotations

import gc


def settle(young_threshold: int) -> None:
    """Call once start-up is done: what exists now lives as long as the process, so the
    collector stops looking at it (`gc.freeze`), and young collections come every
    `young_threshold` allocations. Reference cycles are still collected, only later;
    0 keeps Python's defaults (setting `gc_young_threshold`)."""
    if young_threshold <= 0:
        return
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(young_threshold, older, oldest)
