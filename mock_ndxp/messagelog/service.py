"""Write and read the message log (table ``ndxp_message_log``).

One row per r1 service exchange: time, ``X-Road-Id``, the bus's request id, client, service,
method, service-relative path, status, bus error type, the faults that fired, duration, and
the base64 SHA-512 hashes and byte sizes of the request and response bodies. Never a body,
a query-string value, or a header value: path segments that could carry personal data (digits,
percent-encoded or unusual characters) are masked as ``*`` and only query parameter *names*
are kept (also masked when unusual).

Writing is best effort: if the database is locked for more than a few seconds or otherwise
fails, the exchange still completes and a warning is logged (structlog), without the entry.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl

import structlog
from sqlalchemy import Select, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ccvc.db import get_sessionmaker, is_sqlite
from mock_ndxp.models import MessageLogEntry

log = structlog.get_logger("mock_ndxp.messagelog")

_SAFE_SEGMENT = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,63}")
_LOCK_WAIT_MS = 5000
_DEFAULT_LOCK_WAIT_MS = 30000


def sha512_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _safe(segment: str) -> bool:
    return bool(_SAFE_SEGMENT.fullmatch(segment)) and sum(c.isdigit() for c in segment) <= 3


def loggable_path(raw_path: str, query_string: bytes = b"") -> str:
    """The service-relative path with risky segments masked, plus query parameter names."""
    segments = [s if s == "" or _safe(s) else "*" for s in raw_path.split("/")]
    path = "/".join(segments) or "/"
    if not path.startswith("/"):
        path = "/" + path
    names = []
    for name, _value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        shown = name if _safe(name) else "*"
        if shown not in names:
            names.append(shown)
    if names:
        path += "?" + "&".join(names)
    return path[:300]


@dataclass(slots=True)
class ExchangeRecord:
    """What the log keeps of one exchange; filled in as the exchange goes."""

    at: datetime
    request_id: str
    message_id: str
    method: str
    path: str = "/"
    client: str | None = None
    service: str | None = None
    status: int = 0
    error_type: str | None = None
    fault: str | None = None
    duration_ms: float = 0.0
    request_hash: str = ""
    response_hash: str | None = None
    request_bytes: int = 0
    response_bytes: int = 0

    def to_row(self) -> MessageLogEntry:
        return MessageLogEntry(
            at=self.at,
            message_id=self.message_id[:100],
            request_id=self.request_id,
            client=self.client[:200] if self.client else None,
            service=self.service[:250] if self.service else None,
            method=self.method[:10],
            path=self.path[:300],
            status=self.status,
            error_type=self.error_type,
            fault=self.fault,
            duration_ms=round(self.duration_ms, 3),
            request_hash=self.request_hash,
            response_hash=self.response_hash,
            request_bytes=self.request_bytes,
            response_bytes=self.response_bytes,
        )


def _set_lock_wait(session: Session, milliseconds: int) -> None:
    session.connection().exec_driver_sql(f"PRAGMA busy_timeout={int(milliseconds)}")


def record_exchange(database_url: str, record: ExchangeRecord) -> bool:
    """Insert the entry; on a database error log a warning and return False (never raise)."""
    sqlite = is_sqlite(database_url)
    session = get_sessionmaker(database_url)()
    try:
        if sqlite:
            _set_lock_wait(session, _LOCK_WAIT_MS)
        session.add(record.to_row())
        session.commit()
        return True
    except (SQLAlchemyError, OSError) as exc:
        session.rollback()
        log.warning(
            "message_log_write_failed",
            request_id=record.request_id,
            error_type=type(exc).__name__,
        )
        return False
    finally:
        if sqlite:
            with contextlib.suppress(SQLAlchemyError):
                _set_lock_wait(session, _DEFAULT_LOCK_WAIT_MS)
        session.close()


@dataclass(frozen=True, slots=True)
class LogQuery:
    client: str | None = None
    service: str | None = None
    status: int | None = None
    since: datetime | None = None
    before: int | None = None
    limit: int = 50


def _filtered(query: LogQuery) -> Select[MessageLogEntry]:
    stmt = select(MessageLogEntry)
    if query.client:
        stmt = stmt.where(MessageLogEntry.client == query.client)
    if query.service:
        if "/" in query.service:
            stmt = stmt.where(MessageLogEntry.service == query.service)
        else:
            stmt = stmt.where(MessageLogEntry.service.like(f"%/{query.service}"))
    if query.status is not None:
        stmt = stmt.where(MessageLogEntry.status == query.status)
    if query.since is not None:
        stmt = stmt.where(MessageLogEntry.at >= query.since)
    if query.before is not None:
        stmt = stmt.where(MessageLogEntry.id < query.before)
    return stmt


def read_log(session: Session, query: LogQuery) -> tuple[list[MessageLogEntry], int | None]:
    """Entries newest first, and the cursor (`before`) of the next page, if any."""
    stmt = _filtered(query).order_by(MessageLogEntry.id.desc()).limit(query.limit + 1)
    rows = list(session.scalars(stmt))
    if len(rows) > query.limit:
        rows = rows[: query.limit]
        return rows, rows[-1].id
    return rows, None
