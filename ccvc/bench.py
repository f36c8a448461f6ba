"""`ccvc bench`: drive a deterministic national data set through the real system over HTTP.

A `ccvc up` server process (gateway, bus, population DB, workers) is started on a free port;
N staff records are built from distinct sandbox citizens, spread over the 96 agencies in
proportion to their size, with a known share of defects; concurrent clients send them in
batches of 1,000 with idempotency keys; the workers verify every identity through the bus.
Reported: records/s acknowledged and fully processed, batch latency percentiles, the p95 of
the dashboard JSON under load, the server's peak RSS, CPU seconds per 1,000 records, database size.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx

BATCH = 1000
DEFECT_SHARE = 0.05  # one record in twenty carries one defect of the kinds below
DEFECTS = ("dob_swapped", "bad_coefficient", "bad_ethnicity", "missing_unit", "placeholder_name")


@dataclass
class BenchResult:
    records: int
    database: str
    clients: int
    workers: int
    seconds_to_build: float  # the data set, before the clock starts
    seconds_to_acknowledge: float
    seconds_to_process: float
    acknowledged_per_second: float
    processed_per_second: float
    batch_latency_p50: float
    batch_latency_p95: float
    batch_latency_p99: float
    dashboard_p50_ms: float
    dashboard_p95_ms: float
    server_peak_rss_mb: float
    server_cpu_seconds_per_1000: float
    database_size_mb: float
    accepted: int
    rejected: int
    defects_injected: int
    lost: int  # acknowledged but neither accepted nor rejected at the end: must be 0
    bus_faults: str = ""
    gateways: int = 1
    worker_processes: int = 0  # `ccvc worker` processes (then no worker threads in gateways)
    separate_national_systems: bool = False  # the workers' bus + population DB in a process
    processes: list[dict[str, Any]] = field(default_factory=list)  # role, peak RSS, CPU/1000
    compare: dict[str, Any] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=dict)


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def agency_weights() -> list[tuple[str, float]]:
    """Agencies with a share of the national staff: provinces by population, central bodies
    by a fixed smaller weight (their staff are counted in thousands, not tens of thousands)."""
    from ccvc.codelists import province_by_code, read_seed_csv

    provinces = province_by_code()
    weights = []
    for row in read_seed_csv("agency_codes.csv"):
        code = row["province_code"]
        weight = provinces[code].population_thousands if code else 250.0
        weights.append((row["code"], float(weight)))
    return weights


def build_records(count: int, *, seed: int = 72) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(agency, record, has_defect) for `count` distinct living working-age citizens."""
    from ccvc.demo import staff_record
    from mock_dancu.population import get_population, iter_citizens

    rng = random.Random(seed)
    agencies, weights = zip(*agency_weights(), strict=True)
    now = datetime.now(UTC)
    population = get_population(seed, 5_000_000)
    citizens = iter_citizens(population, as_of=date.today(), min_age=23)
    for made, citizen in enumerate(citizens, start=1):
        agency = rng.choices(agencies, weights)[0]
        identity = {
            "person_id": citizen.person_id,
            "full_name": citizen.full_name,
            "date_of_birth": citizen.date_of_birth.isoformat(),
            "sex": citizen.sex,
            "ethnicity_code": citizen.ethnicity_code,
            "religion": citizen.religion,
            "hometown_province": citizen.hometown_province,
            "permanent_address": citizen.permanent_address,
        }
        record = staff_record(identity, agency=agency, now=now)
        defect = rng.random() < DEFECT_SHARE
        if defect:
            kind = rng.choice(DEFECTS)
            if kind == "dob_swapped":
                y, m, d = record["date_of_birth"].split("-")
                record["date_of_birth"] = f"{int(y) - 1}-{m}-{d}"
            elif kind == "bad_coefficient":
                record["salary_coefficient"] = "3.05"
            elif kind == "bad_ethnicity":
                record["ethnicity_code"] = "77"
            elif kind == "missing_unit":
                record["unit"] = None
            else:
                record["full_name"] = "N/A"
        yield agency, record, defect
        if made >= count:
            return


@dataclass(frozen=True)
class DataSet:
    """The records as ready-to-send batch bodies, one per line (`agency TAB body`)."""

    path: Path
    defects: int


def write_data_set(path: Path, count: int, *, seed: int = 72) -> DataSet:
    """Build the records and write them as batches of one agency each, before the clock starts.

    Building and encoding 2.5 million records costs ~50 s of one core; done while the load
    runs, it would compete with the servers on this same machine, where real agencies build
    their records on machines of their own."""
    pending: dict[str, list[dict[str, Any]]] = {}
    defects = 0

    def write(out: Any, agency: str, chunk: list[dict[str, Any]]) -> None:
        body = json.dumps({"records": chunk}, ensure_ascii=False, separators=(",", ":"))
        out.write(f"{agency}\t{body}\n".encode())

    with path.open("wb") as out:
        for agency, record, defect in build_records(count, seed=seed):
            defects += defect
            chunk = pending.setdefault(agency, [])
            chunk.append(record)
            if len(chunk) == BATCH:
                write(out, agency, pending.pop(agency))
        for agency, chunk in pending.items():
            write(out, agency, chunk)
    return DataSet(path, defects)


def read_data_set(data: DataSet) -> Iterator[tuple[str, bytes]]:
    """(agency, body) of each batch, read as sent: the client holds a few batches at a time."""
    with data.path.open("rb") as lines:
        for line in lines:
            agency, _, body = line.rstrip(b"\n").partition(b"\t")
            yield agency.decode(), body


def _proc_stat(pid: int) -> tuple[float, float]:
    """(CPU seconds, peak RSS MiB) of a process, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    return cpu, peak


POLL_WINDOW = 50  # unfinished batches looked at each second, at most
POLL_RUNNING = 3  # … stopping at the third found still running


def _token(http: httpx.Client, issued: Any) -> str:
    form = {
        "grant_type": "client_credentials",
        "client_id": issued.client_id,
        "client_secret": issued.client_secret,
    }
    return str(http.post("/v1/oauth/token", data=form).json()["access_token"])


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError("the sandbox did not start")
        time.sleep(0.2)


def _database_size(url: str) -> float:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        files = [path, path.with_name(path.name + "-wal")]
        return sum(p.stat().st_size for p in files if p.exists()) / 2**20
    from sqlalchemy import text

    from ccvc.db import get_engine

    with get_engine(url).connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
    return float(size or 0) / 2**20


def run_bench(
    *,
    records: int,
    db: str | None,
    clients: int,
    workers: int,
    say: Callable[[str], None],
    bus_faults: str = "",
    compare: bool = False,
    gateways: int = 1,
    worker_processes: int = 0,
    separate_national_systems: bool = False,
) -> BenchResult:
    from ccvc.clock import get_clock
    from ccvc.db import session_scope
    from ccvc.migrate import upgrade
    from ccvc.seeding import seed_all
    from ccvc.serving import free_port
    from ccvc.settings import Settings
    from gateway.auth.models import Role
    from gateway.auth.service import issue_credentials

    directory = tempfile.mkdtemp(prefix="ccvc-bench-")
    url = db or f"sqlite:///{directory}/bench.db"
    settings = Settings(database_url=url)
    upgrade(url)
    seed_all(settings=settings, clock=get_clock())
    env = {
        **os.environ,
        "CCVC_WORKERS": str(workers),
        "CCVC_LOG_LEVEL": "WARNING",
        "CCVC_NDXP_RATE_LIMIT_PER_SECOND": "100000",
        "CCVC_NDXP_RATE_LIMIT_BURST": "100000",
        "CCVC_RATE_LIMIT_PER_SECOND": "0",  # the clients poll hard: no gateway limit here
        # the load test: the bus injects these on every call (e.g. unavailable@0.05)
        "CCVC_NDXP_FAULTS": bus_faults,
        "CCVC_WORKER_BACKOFF_MAX_SECONDS": "2",
    }
    # gateways (each a whole `ccvc up`: gateway, bus, population DB) started one after the
    # other (each migrates and seeds on start); workers in-process, or processes of their own
    processes: list[tuple[str, subprocess.Popen[bytes]]] = []
    bases: list[str] = []
    try:
        for _ in range(gateways):
            port = free_port()
            gateway_env = {**env, "CCVC_WORKERS": "0" if worker_processes else str(workers)}
            server = subprocess.Popen(
                [sys.executable, "-m", "ccvc", "up", "--port", str(port), "--db", url],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=gateway_env,
            )
            processes.append(("gateway", server))
            bases.append(f"http://127.0.0.1:{port}")
            _wait_ready(bases[-1], server)
        buses = bases
        if separate_national_systems:  # a `ccvc up` the agencies never call: bus + population DB
            port = free_port()
            national = subprocess.Popen(
                [sys.executable, "-m", "ccvc", "up", "--port", str(port), "--db", url],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**env, "CCVC_WORKERS": "0"},
            )
            processes.append(("bus+population DB", national))
            buses = [f"http://127.0.0.1:{port}"]
            _wait_ready(buses[0], national)
        for n in range(worker_processes):
            bus = f"{buses[n % len(buses)]}/ndxp"
            worker = subprocess.Popen(
                [sys.executable, "-m", "ccvc", "worker", "--db", url, "--ndxp-url", bus],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            processes.append(("worker", worker))
    except BaseException:
        for _, process in processes:
            process.kill()
        raise
    base = bases[0]
    try:
        codes = [code for code, _ in agency_weights()]
        with session_scope(url) as session:
            creds = {
                code: issue_credentials(
                    session=session, clock=get_clock(), role=Role.AGENCY, agency_code=code
                )
                for code in codes
            }
            operator = issue_credentials(session=session, clock=get_clock(), role=Role.OPERATOR)
        with httpx.Client(base_url=base, timeout=120) as http:
            tokens = {code: _token(http, issued) for code, issued in creds.items()}
            operator_token = _token(http, operator)
        say(f"bench: building {records:,} records (before the clock starts) …")
        built = time.perf_counter()
        data = write_data_set(Path(directory) / "records.tsv", records)
        seconds_to_build = time.perf_counter() - built
        defects = data.defects
        cpu_before = {p.pid: _proc_stat(p.pid)[0] for _, p in processes}
        submitted: dict[str, tuple[str, float]] = {}
        lock = threading.Lock()
        started = time.perf_counter()
        say(f"bench: sending {records:,} records in batches of {BATCH} with {clients} clients …")

        jobs: queue.Queue[tuple[int, tuple[str, bytes]] | None] = queue.Queue(maxsize=clients * 2)

        def send() -> None:
            with contextlib.ExitStack() as stack:
                clients_by_base = {
                    b: stack.enter_context(httpx.Client(base_url=b, timeout=120)) for b in bases
                }
                while (job := jobs.get()) is not None:
                    n, (code, body) = job
                    response = clients_by_base[bases[n % gateways]].post(
                        f"/v1/agencies/{code}/batches",
                        content=body,
                        headers={
                            "Authorization": f"Bearer {tokens[code]}",
                            "Content-Type": "application/json",
                            "Idempotency-Key": str(uuid.uuid4()),
                        },
                    )
                    response.raise_for_status()
                    with lock:
                        submitted[response.json()["batch_id"]] = (code, time.perf_counter())

        senders = [threading.Thread(target=send) for _ in range(clients)]
        for sender in senders:
            sender.start()
        for numbered in enumerate(read_data_set(data)):
            jobs.put(numbered)
            if numbered[0] % 100 == 99:
                say(f"bench: {len(submitted) * BATCH:,}/{records:,} acknowledged …")
        for _ in senders:
            jobs.put(None)
        for sender in senders:
            sender.join()
        acknowledged = time.perf_counter() - started
        say(f"bench: {records:,} records acknowledged in {acknowledged:.1f}s; processing …")

        reads: list[float] = []
        sampling = threading.Event()

        def sample_dashboard() -> None:
            """An operator's dashboard open meanwhile, read five times a second."""
            headers = {"Authorization": f"Bearer {operator_token}"}
            with httpx.Client(base_url=base, timeout=120) as http:
                http.get("/v1/dashboard", headers=headers)  # the first, cold, answer
                while not sampling.wait(0.2):
                    t = time.perf_counter()
                    http.get("/v1/dashboard", headers=headers)
                    reads.append((time.perf_counter() - t) * 1000)

        sampler = threading.Thread(target=sample_dashboard)
        sampler.start()
        latencies: list[float] = []
        done: dict[str, dict[str, Any]] = {}
        processed = 0
        try:
            with httpx.Client(base_url=base, timeout=120) as http:
                while len(done) < len(submitted):
                    # batches finish about in the order sent: look at the oldest unfinished,
                    # up to the third still running (each look costs the servers CPU)
                    oldest = [b for b in submitted if b not in done][:POLL_WINDOW]
                    running = 0
                    for batch_id in oldest:
                        code, sent_at = submitted[batch_id]
                        state = http.get(
                            f"/v1/batches/{batch_id}",
                            headers={"Authorization": f"Bearer {tokens[code]}"},
                        ).json()
                        if state["status"] == "completed":
                            done[batch_id] = state["counts"]
                            latencies.append(time.perf_counter() - sent_at)
                        else:
                            running += 1
                            if running == POLL_RUNNING:
                                break
                    processed = sum(c["total"] for c in done.values())
                    say(
                        f"bench: {processed:,}/{records:,} processed "
                        f"({processed / (time.perf_counter() - started):,.0f}/s)"
                    )
                    time.sleep(1.0)
        finally:
            sampling.set()
            sampler.join()
        total = time.perf_counter() - started
        stats: list[dict[str, Any]] = []
        for role, process in processes:
            cpu, peak = _proc_stat(process.pid)
            spent = (cpu - cpu_before[process.pid]) / records * 1000
            stats.append(
                {
                    "role": role,
                    "peak_rss_mb": round(peak, 1),
                    "cpu_seconds_per_1000": round(spent, 3),
                }
            )
    finally:
        (Path(directory) / "records.tsv").unlink(missing_ok=True)  # gigabytes at 2.5 M
        for _, process in processes:
            process.terminate()
        for _, process in processes:
            process.wait(timeout=30)
    processed_per_second = records / total
    comparison = _compare(url, records, processed_per_second, say) if compare else {}
    return BenchResult(
        records=records,
        database="postgresql" if "postgres" in url else "sqlite",
        clients=clients,
        workers=workers,
        seconds_to_build=round(seconds_to_build, 2),
        seconds_to_acknowledge=round(acknowledged, 2),
        seconds_to_process=round(total, 2),
        acknowledged_per_second=round(records / acknowledged, 1),
        processed_per_second=round(processed_per_second, 1),
        batch_latency_p50=round(statistics.median(latencies), 2),
        batch_latency_p95=round(_percentile(latencies, 0.95), 2),
        batch_latency_p99=round(_percentile(latencies, 0.99), 2),
        dashboard_p50_ms=round(statistics.median(reads), 1) if reads else 0.0,
        dashboard_p95_ms=round(_percentile(reads, 0.95), 1),
        server_peak_rss_mb=max(p["peak_rss_mb"] for p in stats),
        server_cpu_seconds_per_1000=round(sum(p["cpu_seconds_per_1000"] for p in stats), 3),
        database_size_mb=round(_database_size(url), 1),
        accepted=sum(c["accepted"] for c in done.values()),
        rejected=sum(c["rejected"] for c in done.values()),
        defects_injected=defects,
        lost=records - sum(c["accepted"] + c["rejected"] for c in done.values()),
        bus_faults=bus_faults,
        gateways=gateways,
        worker_processes=worker_processes,
        separate_national_systems=separate_national_systems,
        processes=stats,
        compare=comparison,
        machine={"cpus": os.cpu_count(), "python": sys.version.split()[0]},
    )


COMPARE_SAMPLE = 200_000  # records the rule comparison runs on (at most)


def _compare(
    url: str, records: int, processed_per_second: float, say: Callable[[str], None]
) -> dict[str, Any]:
    """The rule engine against pandera on the same records, and our end-to-end rate against
    PostgreSQL's COPY of the rows we stored (`ccvc.compare`)."""
    from ccvc.compare import compare_rules, copy_rows_per_second

    sample = min(records, COMPARE_SAMPLE)
    say(f"compare: the rule engine and pandera on the same {sample:,} records …")
    comparison = compare_rules(sample, date.today())
    if not comparison.agree:
        raise RuntimeError("the engine and the peer flag different records: not comparable")
    figures: dict[str, Any] = {f"rules_{k}": v for k, v in asdict(comparison).items()}
    if "postgres" in url:
        say("compare: PostgreSQL COPY of the stored rows …")
        copy_rate = copy_rows_per_second(url)
        figures["copy_rows_per_second"] = round(copy_rate, 1)
        figures["end_to_end_to_copy_ratio"] = round(processed_per_second / copy_rate, 4)
    return figures


def render(result: BenchResult) -> str:
    hidden = ("machine", "compare", "processes")
    flat = {k: v for k, v in asdict(result).items() if k not in hidden}
    per_process = [
        (
            f"{p['role']}_{n}",
            f"peak RSS {p['peak_rss_mb']} MB, {p['cpu_seconds_per_1000']} CPU s/1000",
        )
        for n, p in enumerate(result.processes, start=1)
    ]
    rows = [*flat.items(), *per_process, *result.compare.items()]
    width = max(len(k) for k, _ in rows)
    lines = [f"{k.ljust(width)}  {v}" for k, v in rows]
    return "\n".join(lines)


def as_json(result: BenchResult) -> str:
    return json.dumps(asdict(result), indent=1)
