"""Database plumbing shared by the three services: one declarative base, engines, sessions.

SQLite is the embedded default (WAL, foreign keys on, a busy timeout so concurrent writers
wait instead of failing); PostgreSQL is the scale-out target. The schema is made only by
Alembic (`ccvc migrate`), never by `create_all`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, ClassVar, cast

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Engine,
    MetaData,
    Table,
    TypeDecorator,
    bindparam,
    create_engine,
    event,
    insert,
    text,
)
from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from ccvc import json_codec

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def normalise_url(url: str) -> str:
    """Accept the common `postgresql://` and `postgres://` spellings and use psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    return normalise_url(url).startswith("sqlite")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            json_serializer=json_codec.dumps,
            json_deserializer=json_codec.loads,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        json_serializer=json_codec.dumps,
        json_deserializer=json_codec.loads,
    )


@lru_cache(maxsize=8)
def get_sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def table_of(model: type[Base]) -> Table:
    """The model's table, for plain Core statements (an INSERT or UPDATE of the ORM class runs
    through the ORM's bulk machinery: as much again in Python per row)."""
    return cast(Table, model.__table__)


# --- bulk writes: a worker round, a batch -------------------------------------------------
# On PostgreSQL inserts stream through COPY (1,000 history rows: 10.6 ms against 16.3 ms for
# an executemany) and updates are one executemany on the driver's cursor; elsewhere both are
# one Core executemany. The values are the Python values the ORM would bind; on PostgreSQL
# they are converted here as SQLAlchemy would (`_bound`).


def _is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _bound(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    """The value as PostgreSQL receives it outside SQLAlchemy: JSON as text, our column types'
    own conversion (UTC timestamps, refusing naive ones), else as is."""
    kind = column.type
    if isinstance(kind, JSON):
        return lambda value: None if value is None else json_codec.dumps(value)
    if isinstance(kind, TypeDecorator):
        convert = kind.process_bind_param
        if isinstance(kind.impl_instance, JSON):  # our conversion, then JSON text
            return lambda value: (
                None if (packed := convert(value, dialect)) is None else json_codec.dumps(packed)
            )
        return lambda value: convert(value, dialect)
    return lambda value: value


@contextmanager
def _driver_cursor(session: Session, statement: str) -> Iterator[Any]:
    """A psycopg cursor on the session's own connection (its transaction). Its errors reach
    the caller as SQLAlchemy's (IntegrityError, OperationalError, …), as from any statement."""
    import psycopg

    connection = session.connection().connection.driver_connection
    try:
        with connection.cursor() as cursor:  # type: ignore[union-attr]
            yield cursor
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc


@contextmanager
def lookups_by_index(session: Session) -> Iterator[None]:
    """Reads of a list of keys, told on PostgreSQL to use the index (within the transaction).

    Before a table has statistics — a fresh database, a table filling faster than autovacuum
    analyses it — the planner estimates that 500 keys match most of the table and scans all
    of it: 25 ms instead of 0.9 ms at 100,000 staff records, growing with the table."""
    if not _is_postgresql(session):
        yield
        return
    session.execute(text("SET LOCAL enable_seqscan = off"))
    yield  # on an error the transaction rolls back, and the setting with it
    session.execute(text("RESET enable_seqscan"))


def insert_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """INSERT rows (each with the same keys; missing columns take their scalar default)."""
    if not rows:
        return
    table = table_of(model)
    if not _is_postgresql(session):
        session.execute(insert(table), rows)
        return
    names = list(rows[0])
    defaults = {
        column.name: column.default.arg  # type: ignore[attr-defined]
        for column in table.c
        if column.name not in rows[0] and column.default is not None and column.default.is_scalar
    }
    columns = [table.c[name] for name in (*names, *defaults)]
    dialect = session.get_bind().dialect
    bound = [_bound(column, dialect) for column in columns]
    fixed = list(defaults.values())
    quote = dialect.identifier_preparer.quote
    target = f"{quote(table.name)} ({', '.join(quote(c.name) for c in columns)})"
    sql = f"COPY {target} FROM STDIN"
    with _driver_cursor(session, sql) as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([b(row[n]) for b, n in zip(bound, names, strict=False)] + fixed)


def update_rows(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    *,
    only_if: dict[str, Any] | None = None,
) -> int:
    """UPDATE rows by primary key, each holding the key and the columns to set (the same
    columns in every row); `only_if` adds conditions (column = value, never None) every row
    must meet. Returns how many rows were updated.

    One executemany, pipelined by psycopg; on PostgreSQL straight on the driver's cursor with
    our values' conversion (SQLAlchemy's per-row parameter processing cost as much as the
    database). (An UPDATE … FROM unnest(arrays) was tried on PostgreSQL: 3× slower for 1,000
    rows, the planner joining by a scan.)"""
    if not rows:
        return 0
    table = table_of(model)
    keys = [column.name for column in table.primary_key.columns]
    guards = dict(only_if or {})
    if any(value is None for value in guards.values()):
        raise ValueError("only_if compares with =: a None would match nothing")
    if not _is_postgresql(session):
        statement = table.update().where(
            *(table.c[name] == bindparam(f"key_{name}") for name in keys),
            *(table.c[name] == value for name, value in guards.items()),
        )
        renamed = {name: f"key_{name}" for name in keys}
        renamed_rows = [{renamed.get(k, k): v for k, v in row.items()} for row in rows]
        return int(cast(CursorResult[Any], session.execute(statement, renamed_rows)).rowcount)
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    assigned = [name for name in rows[0] if name not in keys]
    matched = [*keys, *guards]
    sql = (
        f"UPDATE {quote(table.name)} SET {', '.join(f'{quote(n)} = %s' for n in assigned)} "
        f"WHERE {' AND '.join(f'{quote(n)} = %s' for n in matched)}"
    )
    names = [*assigned, *keys]
    bound = [_bound(table.c[name], dialect) for name in names]
    fixed = [_bound(table.c[name], dialect)(value) for name, value in guards.items()]
    params = [[b(row[n]) for b, n in zip(bound, names, strict=True)] + fixed for row in rows]
    with _driver_cursor(session, sql) as cursor:
        cursor.executemany(sql, params)
        return int(cursor.rowcount)
