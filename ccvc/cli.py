"""The `ccvc` command: run the sandbox, manage its database, issue credentials."""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ccvc import __version__, heap

DEMO_DATABASE_URL = "sqlite:///./ccvc-demo.db"

app = typer.Typer(
    help="CCVC sync sandbox — simulator of Vietnam's national civil-servant database sync.",
    no_args_is_help=True,
    add_completion=False,
)
credentials_app = typer.Typer(help="Issue and revoke gateway credentials.", no_args_is_help=True)
app.add_typer(credentials_app, name="credentials")

UP_OPERATOR_LABEL = "ccvc-up"

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $CCVC_DATABASE_URL or sqlite:///./ccvc.db)."),
]


def _say(message: str) -> None:
    """Progress and help go to stderr, so stdout stays machine-readable."""
    typer.echo(message, err=True)


def _apply(**overrides: object) -> None:
    """Make CLI options win over the environment for everything that reads settings."""
    from ccvc.clock import set_clock
    from ccvc.settings import get_settings

    for key, value in overrides.items():
        if value is not None:
            os.environ[f"CCVC_{key.upper()}"] = str(value)
    get_settings.cache_clear()
    set_clock(None)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _migrate_and_seed() -> None:
    from ccvc.clock import get_clock
    from ccvc.migrate import current_revision, upgrade
    from ccvc.seeding import seed_all
    from ccvc.settings import get_settings

    settings = get_settings()
    started = time.perf_counter()
    upgrade(settings.database_url)
    _say(
        f"  database   migrated to {current_revision(settings.database_url)} "
        f"({time.perf_counter() - started:.1f}s)"
    )
    started = time.perf_counter()
    report = seed_all(settings=settings, clock=get_clock())
    _say(
        f"  seed       {report.agencies} agency listings, {report.bus_members} bus members "
        f"({time.perf_counter() - started:.1f}s)"
    )


@app.command()
def up(
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    db: DbOption = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Pin the clock to this day (YYYY-MM-DD).")
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Replay Decision 72's 2023 plan for the 96 agencies through the API "
            f"(fresh database {DEMO_DATABASE_URL} unless --db), so the dashboard has a story.",
        ),
    ] = False,
) -> None:
    """Migrate, seed and serve gateway, bus (/ndxp) and population DB (/dancu) on one port."""
    if demo and as_of is not None:
        _say("error: --demo replays the 2023 plan itself and cannot be combined with --as-of")
        raise typer.Exit(2)
    if demo:
        db = _demo_database(db)
        # the replay waits for each day's batches: poll often, retry outages quickly
        os.environ.setdefault("CCVC_WORKER_POLL_SECONDS", "0.05")
        os.environ.setdefault("CCVC_WORKER_BACKOFF_MAX_SECONDS", "0.2")
    if as_of is not None:
        try:
            date.fromisoformat(as_of)
        except ValueError:
            _say(f"error: --as-of must be a date YYYY-MM-DD, got {as_of!r}")
            raise typer.Exit(2) from None
    _apply(port=port, host=host, database_url=db, as_of=as_of)

    import uvicorn

    from ccvc.app import create_app
    from ccvc.clock import get_clock
    from ccvc.db import session_scope
    from ccvc.logging import configure_logging
    from ccvc.settings import get_settings
    from gateway.auth.models import Role
    from gateway.auth.service import issue_credentials, revoke_clients

    settings = get_settings()
    if demo:
        from ccvc.clock import TravellingClock, set_clock

        set_clock(TravellingClock(timezone=settings.timezone))
    if not _port_free(settings.host, settings.port):
        _say(
            f"error: port {settings.port} on {settings.host} is in use. "
            f"Stop what uses it or pick another: ccvc up --port {settings.port + 1}"
        )
        raise typer.Exit(1)
    _say(f"CCVC sync sandbox {__version__} — starting on {settings.database_url}")
    _migrate_and_seed()
    if demo:
        _require_empty(settings.database_url)
    clock = get_clock()
    with session_scope(settings.database_url) as session:
        revoke_clients(session=session, clock=clock, label=UP_OPERATOR_LABEL)
        operator = issue_credentials(
            session=session, clock=clock, role=Role.OPERATOR, label=UP_OPERATOR_LABEL
        )
    base = settings.base_url()
    dashboard = (
        f"{base}/dashboard#client_id={operator.client_id}&client_secret={operator.client_secret}"
    )

    def on_ready(seconds: float) -> None:
        heap.settle(settings.gc_young_threshold)
        if demo:
            _say(f"Serving in {seconds:.1f}s; replaying the 2023 plan (a minute and a half)…")
            threading.Thread(target=run_demo, name="ccvc-demo", daemon=True).start()
            return
        banner(seconds)

    def run_demo() -> None:
        from ccvc.clock import TravellingClock
        from ccvc.replay import replay

        assert isinstance(clock, TravellingClock)
        try:
            summary = replay(base, settings, clock, _say)
        except Exception as exc:  # the server keeps running; say what went wrong
            _say(f"demo failed: {type(exc).__name__}: {exc}")
            return
        _say(
            f"  demo: done in {summary.seconds:.0f}s — {summary.batches} batches, "
            f"{summary.records} records over {summary.days} days, "
            f"{summary.conformance_passed} vendors' conformance reports green"
        )
        banner(summary.seconds)

    def banner(seconds: float) -> None:
        _say(
            f"""
Ready in {seconds:.1f}s (clock: {clock.today().isoformat()}).

  Dashboard         {dashboard}
  Vendors' sandbox  {base}/sandbox         (scenarios, personas, conformance report)
  Gateway           {base}/docs            (API reference)
  Agency registry   {base}/v1/agencies
  NDXP bus          {base}/ndxp/docs
  Population DB     {base}/dancu/docs
  Test citizens     {base}/dancu/sandbox/citizens?limit=5
  Test personas     {base}/dancu/sandbox/personas

Operator credentials for this run (the previous run's are revoked):
  {json.dumps({"client_id": operator.client_id, "client_secret": operator.client_secret})}

Vendor credentials for an agency (codes from /v1/agencies), in another terminal:
  CCVC_DATABASE_URL={settings.database_url} ccvc credentials issue --agency UBND-031
then: curl -d grant_type=client_credentials -d client_id=… -d client_secret=… {base}/v1/oauth/token
or walk the whole vendor journey: ccvc demo --url {base} --db {settings.database_url}

Press Ctrl+C to stop.
"""
        )

    configure_logging(json=True, level=settings.log_level)
    uvicorn.run(
        create_app(settings, on_ready=on_ready),
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
    )


def _demo_database(db: str | None) -> str:
    """The demo's database: a fresh `ccvc-demo.db` each run, or the one given (must be empty)."""
    if db is not None:
        return db
    for suffix in ("", "-wal", "-shm"):
        Path(f"ccvc-demo.db{suffix}").unlink(missing_ok=True)
    return DEMO_DATABASE_URL


def _require_empty(url: str) -> None:
    from sqlalchemy import func, select

    from ccvc.db import session_scope
    from gateway.batches.models import Batch

    with session_scope(url) as session:
        if session.scalar(select(func.count()).select_from(Batch)):
            _say(
                f"error: --demo replays the plan from the start and needs a database without "
                f"batches; {url} has some. Use a fresh one (or omit --db)."
            )
            raise typer.Exit(1)


@app.command()
def migrate(db: DbOption = None) -> None:
    """Create or upgrade the database schema (Alembic, the only way the schema is made)."""
    _apply(database_url=db)
    from ccvc.migrate import current_revision, upgrade
    from ccvc.settings import get_settings

    url = get_settings().database_url
    upgrade(url)
    _say(f"database {url} at revision {current_revision(url)}")


@app.command()
def seed(db: DbOption = None) -> None:
    """Load the 96 agency listings, milestones and bus members (idempotent; migrates first)."""
    _apply(database_url=db)
    _migrate_and_seed()


@app.command()
def worker(
    db: DbOption = None,
    threads: Annotated[int, typer.Option(help="Worker threads in this process.")] = 1,
    ndxp_url: Annotated[
        str | None, typer.Option("--ndxp-url", help="Base URL of the NDXP bus.")
    ] = None,
) -> None:
    """Run queue workers in their own process (alongside gateways that run with workers=0)."""
    _apply(database_url=db, ndxp_url=ndxp_url)
    import signal
    import threading

    from ccvc.logging import configure_logging
    from ccvc.settings import get_settings
    from gateway.sync.runner import running_workers

    settings = get_settings()
    configure_logging(json=True, level=settings.log_level)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    bus = settings.resolved_ndxp_url()
    _say(f"worker: {threads} thread(s) on {settings.database_url}, bus {bus}")
    with running_workers(settings, threads):
        heap.settle(settings.gc_young_threshold)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass


@app.command()
def demo(
    url: Annotated[
        str | None, typer.Option(help="A running sandbox (default: start one in-process).")
    ] = None,
    agency: Annotated[str, typer.Option(help="Agency code to act as.")] = "UBND-031",
    db: DbOption = None,
    webhook_inbox: Annotated[
        bool,
        typer.Option(
            "--webhook-inbox",
            help="Verify webhooks through the built-in inbox instead of a receiver on this "
            "machine (for a sandbox that cannot reach this machine).",
        ),
    ] = False,
) -> None:
    """Walk a vendor's whole journey against the sandbox — every behaviour of the
    conformance report, a signed webhook included — with progress and a summary."""
    import tempfile
    from contextlib import ExitStack
    from pathlib import Path

    from ccvc.demo import run_journey

    with ExitStack() as stack:
        if url is None:
            from ccvc.app import create_app
            from ccvc.serving import free_port, serve
            from ccvc.settings import Settings

            directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="ccvc-demo-"))
            port = free_port()
            _apply(database_url=db or f"sqlite:///{Path(directory) / 'demo.db'}", port=port)
            _say("Starting a sandbox for the demo …")
            _migrate_and_seed()
            from ccvc.settings import get_settings

            settings: Settings = get_settings()
            from ccvc.logging import configure_logging

            configure_logging(json=True, level=settings.log_level)
            url = stack.enter_context(serve(create_app(settings), port=port, ready_path="/readyz"))
        else:
            _apply(database_url=db)
        from ccvc.clock import get_clock
        from ccvc.db import session_scope
        from ccvc.problems import Problem
        from ccvc.settings import get_settings
        from gateway.auth.models import Role
        from gateway.auth.service import issue_credentials

        try:
            with session_scope(get_settings().database_url) as session:
                issued = issue_credentials(
                    session=session, clock=get_clock(), role=Role.AGENCY, agency_code=agency
                )
        except Problem as problem:
            _say(f"error: {problem.detail or problem.title}")
            raise typer.Exit(1) from None
        _say(f"Vendor journey of {agency} against {url}")
        journey = run_journey(
            url,
            agency=agency,
            client_id=issued.client_id,
            client_secret=issued.client_secret,
            say=_say,
            webhook_inbox=webhook_inbox,
        )
        passed = sum(1 for _, ok, _ in journey.steps if ok)
        _say(f"\nSummary: {passed}/{len(journey.steps)} steps as expected.")
        if not journey.ok:
            raise typer.Exit(1)


@app.command()
def bench(
    records: Annotated[int, typer.Option(help="Staff records to send.")] = 20000,
    db: DbOption = None,
    clients: Annotated[int, typer.Option(help="Concurrent clients.")] = 4,
    workers: Annotated[int, typer.Option(help="Worker threads in the server.")] = 1,
    bus_faults: Annotated[
        str,
        typer.Option(
            "--bus-faults",
            help="Faults the bus injects meanwhile (a load test), e.g. unavailable@0.05.",
        ),
    ] = "",
    gateways: Annotated[
        int, typer.Option(min=1, help="`ccvc up` processes; the clients spread over them.")
    ] = 1,
    worker_processes: Annotated[
        int,
        typer.Option(
            "--worker-processes",
            min=0,
            help="`ccvc worker` processes (then the gateways run no worker threads).",
        ),
    ] = 0,
    separate_national_systems: Annotated[
        bool,
        typer.Option(
            "--separate-national-systems",
            help="With --worker-processes: the bus and the population DB the workers call run "
            "in a process of their own, not in the gateways the agencies call.",
        ),
    ] = False,
    compare: Annotated[
        bool,
        typer.Option(
            "--compare",
            help="Also time the rule engine against pandera on the same records (after checking "
            "both flag the same ones) and, on PostgreSQL, our rate against COPY.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Drive a national data set through the real system over HTTP and report the figures."""
    from ccvc.bench import as_json as to_json
    from ccvc.bench import render, run_bench

    if records < 1:
        _say("error: --records must be at least 1")
        raise typer.Exit(2)
    if separate_national_systems and not worker_processes:
        _say("error: --separate-national-systems needs --worker-processes")
        raise typer.Exit(2)
    if bus_faults:
        from mock_ndxp.faults.spec import parse_faults

        try:
            parse_faults(bus_faults)
        except ValueError as exc:  # FaultSyntaxError names the valid faults
            _say(f"error: --bus-faults: {exc}")
            raise typer.Exit(2) from None
    result = run_bench(
        records=records,
        db=db,
        clients=clients,
        workers=workers,
        say=_say,
        bus_faults=bus_faults,
        compare=compare,
        gateways=gateways,
        worker_processes=worker_processes,
        separate_national_systems=separate_national_systems,
    )
    typer.echo(to_json(result) if as_json else render(result))


@credentials_app.command("issue")
def credentials_issue(
    agency: Annotated[str | None, typer.Option(help="Agency code, e.g. UBND-031.")] = None,
    operator: Annotated[bool, typer.Option("--operator", help="Operator credentials.")] = False,
    label: Annotated[str | None, typer.Option(help="A note kept with the credentials.")] = None,
    db: DbOption = None,
) -> None:
    """Print new client credentials as JSON: {"client_id", "client_secret", …}."""
    if (agency is None) == (not operator):
        _say("error: give exactly one of --agency CODE or --operator")
        raise typer.Exit(2)
    _apply(database_url=db)
    from ccvc.clock import get_clock
    from ccvc.db import session_scope
    from ccvc.migrate import current_revision, head_revision
    from ccvc.problems import Problem
    from ccvc.settings import get_settings
    from gateway.auth.models import Role
    from gateway.auth.service import issue_credentials

    url = get_settings().database_url
    if current_revision(url) != head_revision(url):
        _say(
            f"error: database {url} is not migrated and seeded; "
            "run `ccvc seed` (or `ccvc up`) first"
        )
        raise typer.Exit(1)
    try:
        with session_scope(url) as session:
            issued = issue_credentials(
                session=session,
                clock=get_clock(),
                role=Role.OPERATOR if operator else Role.AGENCY,
                agency_code=agency,
                label=label,
            )
    except Problem as problem:
        _say(f"error: {problem.detail or problem.title}")
        raise typer.Exit(1) from None
    typer.echo(json.dumps(issued.model_dump(mode="json"), ensure_ascii=False))


@credentials_app.command("revoke")
def credentials_revoke(
    client_id: Annotated[str, typer.Argument(help="The client id to revoke.")],
    db: DbOption = None,
) -> None:
    """Revoke a client: its tokens stop working at once."""
    _apply(database_url=db)
    from ccvc.clock import get_clock
    from ccvc.db import session_scope
    from ccvc.settings import get_settings
    from gateway.auth.models import ApiClient

    with session_scope(get_settings().database_url) as session:
        client = session.get(ApiClient, client_id)
        if client is None:
            _say(f"error: no client {client_id!r}")
            raise typer.Exit(1)
        client.revoked_at = client.revoked_at or get_clock().now()
    _say(f"revoked {client_id}")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
