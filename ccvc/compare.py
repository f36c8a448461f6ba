"""`ccvc bench --compare`: the rule engine beside a peer doing the same checks, and the
database's own write limit.

The peer is pandera validating an eager polars DataFrame (a LazyFrame would skip the data
checks) with the same formats, code lists, required fields, junk values and date logic as the
rules in `COMPARED`. Before anything is timed, both must flag exactly the same records; then
each is timed on the same records, on one core (one engine process, polars on one thread) and
on the whole machine (the records shared among engine processes, polars' whole pool). pandera's
time includes building and cleaning its DataFrame from the records, as the engine reads and
cleans the same records. The limit is PostgreSQL's `COPY` of rows the benchmark stored into a
table shaped like `staff_records`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from gateway.rules.codelists import (
    EMPLOYMENT_STATUSES,
    ETHNIC_CODES,
    PROVINCE_CODES,
    RANKS,
    SALARY_GRADES,
    SEXES,
    STAFF_TYPES,
)
from gateway.rules.models import IdentityCheck, RecordContext
from gateway.rules.prepare import PLACEHOLDERS, required_fields

SCOPE_FIELDS = sorted(required_fields("26"))
COMPARED: frozenset[str] = frozenset(
    {
        "DUNG-ID-FORMAT",
        "DUNG-ID-PROVINCE",
        "DUNG-DOB-FORMAT",
        "DUNG-DOB-FUTURE",
        "DUNG-RECRUITMENT-DATE-FORMAT",
        "DUNG-RECRUITMENT-DATE-FUTURE",
        "DUNG-RECRUITMENT-AGE",
        "DUNG-AGE-MINIMUM",
        "DUNG-SEX-VALUE",
        "DUNG-ETHNICITY-CODE",
        "DUNG-HOMETOWN-CODE",
        "DUNG-STAFF-TYPE",
        "DUNG-EMPLOYMENT-STATUS",
        "DUNG-RANK-CODE",
        "DUNG-SALARY-GRADE-CODE",
        "DUNG-SALARY-STEP-FORMAT",
        *(f"DU-REQ-{f.upper().replace('_', '-')}" for f in SCOPE_FIELDS),
    }
)
EXTRA_DEFECTS = (
    ("person_id", "12345"),
    ("person_id", "999085000123"),
    ("date_of_birth", "12/05/1985"),
    ("date_of_birth", "2031-02-03"),
    ("recruitment_date", "2030-09-01"),
    ("sex", "Nam"),
    ("ethnicity_code", "99"),
    ("hometown_province", "100"),
    ("staff_type", "bien_che"),
    ("employment_status", "working"),
    ("rank_code", "99.999"),
    ("salary_grade", "Z9"),
    ("salary_step", "ba"),
    ("permanent_address", "không rõ"),
    ("rank_code", None),
    ("unit", "   "),
)


@dataclass
class Comparison:
    records: int
    flagged: int
    agree: bool  # both flag exactly the same records (checked before any timing)
    engine_rows_per_second: float  # one process, the compared rules, with per-record findings
    engine_full_catalogue_rows_per_second: float  # one process, every rule of the catalogue
    engine_processes: int
    engine_all_cores_rows_per_second: float  # the records shared among `engine_processes`
    peer_one_thread_rows_per_second: float  # pandera, polars limited to one thread
    peer_rows_per_second: float  # pandera, polars on `peer_threads` threads
    peer_threads: int
    ratio_one_core: float  # engine (one process) ÷ peer (one thread)
    ratio_all_cores: float  # engine (all processes) ÷ peer (all threads)


def comparison_records(count: int, *, seed: int = 72) -> list[dict[str, Any]]:
    """The benchmark's records (`ccvc.bench.build_records`), and on one in ten a further
    defect of a kind both sides check (a young recruit among them)."""
    from ccvc.bench import build_records

    rng = random.Random(seed + 1)
    out = []
    for _agency, record, _defect in build_records(count, seed=seed):
        if rng.random() < 0.1:
            if rng.random() < 0.1:
                born = date.fromisoformat(record["date_of_birth"])
                record["recruitment_date"] = date(born.year + 16, 9, 1).isoformat()
            else:
                key, value = rng.choice(EXTRA_DEFECTS)
                record[key] = value
        out.append(record)
    return out


def _context(as_of: date) -> RecordContext:
    return RecordContext(
        as_of=as_of,
        agency_code="UBND-001",
        cohort="26",
        phase=None,
        channel="api",
        received_at=datetime.now(UTC),
        identity=IdentityCheck(
            "match", {"full_name": "match", "date_of_birth": "match", "sex": "match"}
        ),
    )


def _timed_evaluations(
    records: Sequence[dict[str, Any]], as_of: date, only: frozenset[str] | None
) -> tuple[set[int], float, float]:
    """(positions with a finding of a compared rule, start, end): the evaluations timed."""
    from gateway.rules.engine import evaluate

    ctx = _context(as_of)
    started = time.perf_counter()
    evaluations = [evaluate(r, ctx, only=only) for r in records]
    finished = time.perf_counter()
    flagged = {i for i, e in enumerate(evaluations) if any(f.rule in COMPARED for f in e.findings)}
    return flagged, started, finished


def engine_flags(
    records: Sequence[dict[str, Any]], as_of: date, *, only: frozenset[str] | None = None
) -> tuple[set[int], float]:
    """(records with a finding of a compared rule, seconds for evaluating them: with every
    rule of the catalogue, or `only` those given)."""
    flagged, started, finished = _timed_evaluations(records, as_of, only)
    return flagged, finished - started


def peer_schema(as_of: date) -> Any:
    """The pandera schema of the compared rules (polars backend)."""
    import pandera.polars as pa
    import polars as pl

    def is_date(column: str) -> pl.Expr:
        return pl.col(column).str.to_date("%Y-%m-%d", strict=False)

    def column_check(fn: Any, name: str) -> Any:
        return pa.Check(lambda data: data.lazyframe.select(fn(pl.col(data.key))), name=name)

    def frame_check(expr: pl.Expr, name: str) -> Any:
        return pa.Check(lambda data: data.lazyframe.select(expr), name=name)

    def real_date(c: pl.Expr) -> pl.Expr:
        return (
            c.str.contains(r"^\d{4}-\d{2}-\d{2}$")
            & c.str.to_date("%Y-%m-%d", strict=False).is_not_null()
            & (c >= "1900-01-01")
        )

    def not_after_as_of(c: pl.Expr) -> pl.Expr:
        day = c.str.to_date("%Y-%m-%d", strict=False)
        return day.is_null() | (day <= as_of)

    def in_list(values: Any) -> Any:
        return lambda c: c.is_in(sorted(values))

    dob, recruited = is_date("date_of_birth"), is_date("recruitment_date")
    adult = (
        pl.when((dob.dt.month() == 2) & (dob.dt.day() == 29))
        .then(pl.date(dob.dt.year() + 18, 3, 1))
        .otherwise(pl.date(dob.dt.year() + 18, dob.dt.month(), dob.dt.day()))
    )
    as_of_lit = pl.lit(as_of)
    age = (
        as_of_lit.dt.year()
        - dob.dt.year()
        - (
            (as_of_lit.dt.month() < dob.dt.month())
            | ((as_of_lit.dt.month() == dob.dt.month()) & (as_of_lit.dt.day() < dob.dt.day()))
        ).cast(pl.Int32)
    )
    provinces = sorted(PROVINCE_CODES)
    checks: dict[str, list[Any]] = {
        "person_id": [
            column_check(lambda c: c.str.contains(r"^\d{12}$"), "DUNG-ID-FORMAT"),
            column_check(
                lambda c: ~c.str.contains(r"^\d{12}$") | c.str.slice(0, 3).is_in(provinces),
                "DUNG-ID-PROVINCE",
            ),
        ],
        "date_of_birth": [
            column_check(real_date, "DUNG-DOB-FORMAT"),
            column_check(not_after_as_of, "DUNG-DOB-FUTURE"),
        ],
        "recruitment_date": [
            column_check(real_date, "DUNG-RECRUITMENT-DATE-FORMAT"),
            column_check(not_after_as_of, "DUNG-RECRUITMENT-DATE-FUTURE"),
        ],
        "sex": [column_check(in_list(SEXES), "DUNG-SEX-VALUE")],
        "ethnicity_code": [column_check(in_list(ETHNIC_CODES), "DUNG-ETHNICITY-CODE")],
        "hometown_province": [column_check(in_list(PROVINCE_CODES), "DUNG-HOMETOWN-CODE")],
        "staff_type": [column_check(in_list(STAFF_TYPES), "DUNG-STAFF-TYPE")],
        "employment_status": [column_check(in_list(EMPLOYMENT_STATUSES), "DUNG-EMPLOYMENT-STATUS")],
        "rank_code": [column_check(in_list(RANKS), "DUNG-RANK-CODE")],
        "salary_grade": [column_check(in_list(SALARY_GRADES), "DUNG-SALARY-GRADE-CODE")],
        "salary_step": [
            column_check(
                lambda c: c.str.contains(r"^\d{1,2}$") & (c.cast(pl.Int32, strict=False) >= 1),
                "DUNG-SALARY-STEP-FORMAT",
            )
        ],
    }
    # required fields (junk values were made null, as missing): the person may be known by
    # the old CMND number instead; pay fields only when the staff type needs them
    pay = ("rank_code", "salary_grade", "salary_step", "salary_coefficient")
    frame_checks = [
        frame_check(
            (recruited.is_null() | dob.is_null() | (recruited >= adult)), "DUNG-RECRUITMENT-AGE"
        ),
        frame_check(
            (pl.col("employment_status") != "active")
            | pl.col("employment_status").is_null()
            | dob.is_null()
            | (dob > as_of_lit)
            | (age >= 18),
            "DUNG-AGE-MINIMUM",
        ),
    ]
    for field in SCOPE_FIELDS:
        present = pl.col(field).is_not_null()
        if field == "person_id":
            present = present | pl.col("old_id_number").is_not_null()
        if field in pay:
            present = present | (pl.col("staff_type") == "can_bo")
        frame_checks.append(frame_check(present, f"DU-REQ-{field.upper().replace('_', '-')}"))
    columns = {
        name: pa.Column(pl.Utf8, nullable=True, checks=checks.get(name, []), required=False)
        for name in {*checks, *SCOPE_FIELDS, "old_id_number"}
    }
    return pa.DataFrameSchema(columns, checks=frame_checks)


def peer_frame(records: Sequence[dict[str, Any]]) -> Any:
    """The records as a polars DataFrame of text, cleaned as the peer must: whitespace
    trimmed and collapsed, blank and junk values (placeholders, one character repeated)
    null. Identifiers lose their spaces."""
    import polars as pl

    names = sorted({*SCOPE_FIELDS, "old_id_number", "sex", "recruitment_date"})
    frame = pl.DataFrame(
        {n: [None if r.get(n) is None else str(r.get(n)) for r in records] for n in names},
        schema={n: pl.Utf8 for n in names},
    )
    identifiers = ("person_id", "old_id_number")
    junk = sorted(PLACEHOLDERS)

    def clean(name: str) -> pl.Expr:
        c = pl.col(name)
        identifier = name in identifiers
        c = c.str.replace_all(" ", "") if identifier else c.str.replace_all(r"\s+", " ")
        c = c.str.strip_chars()
        first, length = c.str.slice(0, 1), c.str.len_chars()
        repeated = (length >= 2) & (c.str.strip_chars(first) == "")
        digit = first.str.contains(r"^\d$")
        repeated_junk = repeated & (~digit | (first == "0") | (length >= 6))
        placeholder = c.str.to_lowercase().is_in(junk)
        if identifier:  # an all-digit identifier is junk only when repeated
            placeholder = placeholder & ~c.str.contains(r"^\d+$")
        junk_value = (c == "") | placeholder | repeated_junk
        return pl.when(junk_value).then(None).otherwise(c).alias(name)

    return frame.with_columns(clean(n) for n in names)


def peer_flags(records: Sequence[dict[str, Any]], as_of: date) -> tuple[set[int], float]:
    """(records pandera finds failing, seconds for cleaning and validating them)."""
    import pandera.polars as pa

    schema = peer_schema(as_of)
    started = time.perf_counter()
    frame = peer_frame(records)
    try:
        schema.validate(frame, lazy=True)
        flagged: set[int] = set()
    except pa.errors.SchemaErrors as errors:
        flagged = {int(i) for i in errors.failure_cases["index"].drop_nulls().to_list()}
    return flagged, time.perf_counter() - started


ROUNDS = 3  # each side is timed this many times; the best counts


def _engine_share(
    count: int,
    seed: int,
    as_of: date,
    only: frozenset[str] | None,
    part: int,
    parts: int,
    start: Any,
    out: Any,
) -> None:
    """One engine process: the same records built again (they are deterministic), every
    `parts`-th evaluated, timed from a common start."""
    records = comparison_records(count, seed=seed)[part::parts]
    engine_flags(records[:2000], as_of, only=only)  # the memos, as in a running worker
    for round_ in range(ROUNDS):
        start.wait()
        flagged, started, finished = _timed_evaluations(records, as_of, only)
        out.put((round_, sorted(i * parts + part for i in flagged), started, finished))


def engine_all_cores(
    count: int,
    as_of: date,
    *,
    seed: int = 72,
    processes: int = 2,
    only: frozenset[str] | None = COMPARED,
) -> tuple[set[int], float]:
    """(flagged records, seconds): the rules (the compared ones, or `only=None` the whole
    catalogue) in `processes` fresh processes, each evaluating its share of the records — as
    the sandbox's worker processes do. The time is from the first process starting to the last
    finishing (best of `ROUNDS`). Fresh processes, so no timing depends on what else the
    calling process holds (after a long benchmark, its garbage collector has much to walk)."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    start, out = spawn.Barrier(processes), spawn.Queue()
    shares = [
        spawn.Process(
            target=_engine_share,
            args=(count, seed, as_of, only, part, processes, start, out),
        )
        for part in range(processes)
    ]
    for share in shares:
        share.start()
    try:
        # each process's messages arrive in order, but not interleaved by round
        rounds: dict[int, list[tuple[list[int], float, float]]] = {}
        for _ in range(ROUNDS * processes):
            round_, found, started, finished = out.get(timeout=600)
            rounds.setdefault(round_, []).append((found, started, finished))
        flagged = {i for found, _, _ in rounds[0] for i in found}
        best = min(max(p[2] for p in parts) - min(p[1] for p in parts) for parts in rounds.values())
    finally:
        for share in shares:
            share.join(timeout=60)
            if share.is_alive():
                share.kill()
    return flagged, best


def _peer_run(count: int, seed: int, as_of: date, out: Any) -> None:
    import polars as pl

    records = comparison_records(count, seed=seed)
    peer_flags(records[:2000], as_of)
    runs = [peer_flags(records, as_of) for _ in range(ROUNDS)]  # the flags of the timed runs
    out.put((sorted(runs[0][0]), min(seconds for _, seconds in runs), pl.thread_pool_size()))


def peer_run(
    count: int, as_of: date, *, seed: int = 72, threads: int | None = None
) -> tuple[set[int], float, int]:
    """(flagged records, best seconds, threads) of pandera in a fresh process, polars on `threads`
    threads (None: its default, one per core). Its pool is sized when polars is imported,
    hence a process of its own."""
    import multiprocessing
    import os

    spawn = multiprocessing.get_context("spawn")
    out = spawn.Queue()
    saved = os.environ.pop("POLARS_MAX_THREADS", None)
    if threads is not None:
        os.environ["POLARS_MAX_THREADS"] = str(threads)
    try:
        process = spawn.Process(target=_peer_run, args=(count, seed, as_of, out))
        process.start()
    finally:
        os.environ.pop("POLARS_MAX_THREADS", None)
        if saved is not None:
            os.environ["POLARS_MAX_THREADS"] = saved
    try:
        flagged, seconds, pool = out.get(timeout=600)
    finally:
        process.join(timeout=60)
    return set(flagged), seconds, pool


def compare_rules(
    count: int, as_of: date, *, seed: int = 72, processes: int | None = None
) -> Comparison:
    """Both flag the same records first (`agree`: every run below flags the same); then each
    is timed, best of `ROUNDS`, in fresh processes: on one core (one engine process against
    polars on one thread) and on the whole machine (`processes` engine processes against
    polars' whole pool)."""
    import os

    processes = processes or os.cpu_count() or 1
    engine_flagged, same = engine_all_cores(count, as_of, seed=seed, processes=1)
    _, full = engine_all_cores(count, as_of, seed=seed, processes=1, only=None)
    shared_flagged, shared = engine_all_cores(count, as_of, seed=seed, processes=processes)
    peer_alone_flagged, peer_alone, _ = peer_run(count, as_of, seed=seed, threads=1)
    peer_flagged, peer, peer_threads = peer_run(count, as_of, seed=seed)
    return Comparison(
        records=count,
        flagged=len(engine_flagged),
        agree=engine_flagged == shared_flagged == peer_alone_flagged == peer_flagged,
        engine_rows_per_second=round(count / same, 1),
        engine_full_catalogue_rows_per_second=round(count / full, 1),
        engine_processes=processes,
        engine_all_cores_rows_per_second=round(count / shared, 1),
        peer_one_thread_rows_per_second=round(count / peer_alone, 1),
        peer_rows_per_second=round(count / peer, 1),
        peer_threads=peer_threads,
        ratio_one_core=round(peer_alone / same, 2),
        ratio_all_cores=round(peer / shared, 2),
    )


def copy_rows_per_second(database_url: str, sample: int = 200_000) -> float:
    """PostgreSQL's own limit: `COPY … FROM STDIN` of up to `sample` rows the benchmark
    stored in `staff_records`, into a temporary table of the same shape (indexes included)."""
    import psycopg

    plain = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn:
        with conn.cursor() as cur:
            data = bytearray()
            with cur.copy(
                f"COPY (SELECT * FROM staff_records LIMIT {int(sample)}) TO STDOUT"
            ) as out:
                for chunk in out:
                    data += chunk
            rows = data.count(b"\n")
            cur.execute("CREATE TEMP TABLE copy_probe (LIKE staff_records INCLUDING ALL)")
            started = time.perf_counter()
            with cur.copy("COPY copy_probe FROM STDIN") as into:
                for start in range(0, len(data), 1 << 20):
                    into.write(bytes(data[start : start + (1 << 20)]))
            seconds = time.perf_counter() - started
        conn.rollback()
    return rows / seconds if seconds > 0 else 0.0
