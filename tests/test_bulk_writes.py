"""The bulk writes of a worker round and of a batch (`ccvc.db.insert_rows`, `update_rows`):
on PostgreSQL inserts go through COPY, so what is read back must be what the ORM would have
stored, and a conflict must surface as SQLAlchemy's IntegrityError (the worker rolls the
round back on it), on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from ccvc import json_codec
from ccvc.db import insert_rows, session_scope, update_rows
from gateway.staff.models import StaffRecord, StaffRecordChange
from tests.conftest import Database

AT = datetime(2026, 11, 24, 3, 4, 5, 678000, tzinfo=UTC)


def _record(person_id: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "agency_code": "BTP",
        "person_id": person_id,
        "data": {"full_name": "Nguyễn Thị Ánh", "note": 'tab\there, \\ and "quotes"\n'},
        "lineage": {"full_name": {"source": "api", "at": AT.isoformat(), "confirmed": True}},
        "employment_status": "active",
        "verdict": "accepted",
        "dimensions": {"dung": "pass"},
        "findings": [],
        "version": 1,
        "source_updated_at": None,
        "updated_at": AT,
        "identity": None,
        "created_at": AT,
    }
    row.update(changes)
    return row


def test_inserted_rows_read_back_as_written(database: Database) -> None:
    with session_scope(database.url) as session:
        insert_rows(session, StaffRecord, [_record("001085012345"), _record("001085012346")])
        insert_rows(
            session,
            StaffRecordChange,
            [
                {
                    "agency_code": "BTP",
                    "person_id": "001085012345",
                    "version": 1,
                    "at": AT,
                    "channel": "api",
                    "actor": "client",
                    "batch_id": None,
                    "changes": {"full_name": [None, "Nguyễn Thị Ánh"]},
                }
            ],
        )
        session.commit()
    with session_scope(database.url) as session:
        stored = session.get(StaffRecord, ("BTP", "001085012345"))
        assert stored is not None
        assert stored.data == _record("x")["data"]
        assert stored.lineage["full_name"]["confirmed"] is True
        assert stored.findings == [] and stored.version == 1
        assert stored.identity is None and stored.source_updated_at is None
        assert stored.updated_at == AT and stored.created_at == AT
        change = session.scalars(select(StaffRecordChange)).one()
        assert change.id is not None and change.changes == {"full_name": [None, "Nguyễn Thị Ánh"]}


def test_updates_touch_only_the_rows_named(database: Database) -> None:
    with session_scope(database.url) as session:
        insert_rows(session, StaffRecord, [_record("001085012345"), _record("001085012346")])
        update_rows(
            session,
            StaffRecord,
            [{"agency_code": "BTP", "person_id": "001085012346", "version": 2, "findings": [1]}],
        )
        session.commit()
        versions = dict(session.execute(select(StaffRecord.person_id, StaffRecord.version)).all())
        assert versions == {"001085012345": 1, "001085012346": 2}


def test_updates_only_if_a_condition_holds_and_count_what_they_changed(
    database: Database,
) -> None:
    """What a worker's results rely on: rows whose guard fails (a lease taken by another
    worker) are left alone, and the count tells the round so."""
    with session_scope(database.url) as session:
        insert_rows(
            session,
            StaffRecord,
            [
                _record(f"00108501234{n}", verdict="rejected" if n == 2 else "accepted")
                for n in range(4)
            ],
        )
        changed = [
            {"agency_code": "BTP", "person_id": f"00108501234{n}", "version": 5, "updated_at": AT}
            for n in range(4)
        ]
        assert update_rows(session, StaffRecord, changed, only_if={"verdict": "accepted"}) == 3
        assert update_rows(session, StaffRecord, changed[:2]) == 2
        with pytest.raises(ValueError, match="None"):
            update_rows(session, StaffRecord, changed, only_if={"employment_status": None})
        session.commit()
        versions = dict(session.execute(select(StaffRecord.person_id, StaffRecord.version)).all())
        assert versions == {
            "001085012340": 5,
            "001085012341": 5,
            "001085012342": 1,
            "001085012343": 5,
        }


def test_a_conflicting_insert_is_an_integrity_error(database: Database) -> None:
    with session_scope(database.url) as session:
        insert_rows(session, StaffRecord, [_record("001085012345")])
        session.commit()
        with pytest.raises(IntegrityError):
            insert_rows(session, StaffRecord, [_record("001085012345")])
            session.flush()
        session.rollback()
        assert session.scalars(select(StaffRecord)).one().person_id == "001085012345"


def test_a_naive_timestamp_is_refused_as_by_the_orm(database: Database) -> None:
    with session_scope(database.url) as session:
        naive = _record("001085012345", updated_at=AT.replace(tzinfo=None))
        with pytest.raises((ValueError, StatementError)):
            insert_rows(session, StaffRecord, [naive])
            session.flush()
        session.rollback()


def test_records_of_people_by_index_before_the_table_has_statistics(database: Database) -> None:
    """A table filled faster than it is analysed: the lookup of 500 people takes the index
    on PostgreSQL (left to itself the planner scanned the whole table), and the setting ends
    with the lookup."""
    from sqlalchemy import text

    from gateway.staff.service import records_of_people

    ids = [f"0010850{n:05d}" for n in range(3000)]
    scans = text(
        "SELECT seq_scan, idx_scan FROM pg_stat_xact_user_tables WHERE relname = 'staff_records'"
    )
    postgres = database.backend == "postgres"
    with session_scope(database.url) as session:
        insert_rows(session, StaffRecord, [_record(i) for i in ids])
        before = session.execute(scans).one() if postgres else (0, 0)
        found = list(records_of_people(session, ids[:1000:2], StaffRecord.version))
        assert sorted(row[1] for row in found) == ids[:1000:2]
        if postgres:  # the counts of this backend, not yet flushed: compare before and after
            after = session.execute(scans).one()
            assert after[0] == before[0] and after[1] > before[1]
            assert session.scalar(text("SHOW enable_seqscan")) == "on"
            # the same lookup left to the planner: it scans the table
            session.scalars(
                select(StaffRecord.version).where(StaffRecord.person_id.in_(ids[:1000:2]))
            ).all()
            assert session.execute(scans).one()[0] == after[0] + 1
        session.rollback()


def test_lineage_is_stored_packed_and_read_spelt_out(database: Database) -> None:
    """Fields sharing a lineage entry store it once; every way of reading spells it out again,
    and a record stored before packing reads as it was."""
    from sqlalchemy import text

    channel = {"source": "api", "at": AT.isoformat(), "confirmed": True, "batch_id": "b1"}
    registry = {"source": "population_db", "at": AT.isoformat(), "confirmed": True}
    lineage = {"full_name": channel, "sex": dict(channel), "religion": registry, "unit": channel}
    spelt_out = json_codec.dumps({"full_name": registry})
    with session_scope(database.url) as session:
        insert_rows(session, StaffRecord, [_record("001085012345", lineage=lineage)])
        session.add(StaffRecord(**_record("001085012346", lineage=lineage)))
        session.flush()
        as_json = "CAST(:old AS JSON)" if database.backend == "postgres" else ":old"
        session.execute(
            text(
                f"UPDATE staff_records SET lineage = {as_json} WHERE person_id = '001085012346'"
            ).bindparams(old=spelt_out)
        )
        session.commit()
        raw = session.scalar(
            text("SELECT lineage FROM staff_records WHERE person_id = '001085012345'")
        )
        packed = json_codec.loads(raw) if isinstance(raw, str) else raw
        assert packed == {
            "$entries": [channel, registry],
            "$fields": {"full_name": 0, "sex": 0, "religion": 1, "unit": 0},
        }
        session.expire_all()
        read = dict(session.execute(select(StaffRecord.person_id, StaffRecord.lineage)).all())
        assert read == {"001085012345": lineage, "001085012346": {"full_name": registry}}


@given(
    st.dictionaries(
        st.text(min_size=1).filter(lambda name: not name.startswith("$")),
        st.sampled_from(
            [
                {"source": "api", "at": AT.isoformat(), "confirmed": True, "batch_id": "b1"},
                {"source": "api", "at": AT.isoformat(), "confirmed": True, "batch_id": "b1"},
                {"source": "population_db", "at": AT.isoformat(), "confirmed": True},
                {"source": "self_update", "at": AT.isoformat(), "confirmed": False},
            ]
        ),
        max_size=30,
    )
)
def test_packed_lineage_reads_back_as_written(lineage: dict[str, dict[str, object]]) -> None:
    from gateway.staff.models import pack_lineage, unpack_lineage

    packed = pack_lineage(lineage)
    assert unpack_lineage(packed) == lineage
    assert len(packed["$entries"]) == len({json_codec.dumps(e) for e in lineage.values()})
