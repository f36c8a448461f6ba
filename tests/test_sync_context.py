"""What a worker round reads about the people it evaluates (`neighbourhood`), from stored
records on both backends: where else each person is active, and what the agency's own record
holds by channel (never the population DB's values, never another agency's record)."""

from __future__ import annotations

from ccvc.db import insert_rows, session_scope
from gateway.staff.models import StaffRecord
from gateway.sync.context import neighbourhood
from tests.conftest import Database
from tests.test_bulk_writes import _record

PERSON, OTHER = "001085012345", "001085012346"


def test_neighbourhood_from_stored_records(database: Database) -> None:
    lineage = {
        "full_name": {"source": "api", "confirmed": True},
        "sex": {"source": "population_db", "confirmed": True},
    }
    rows = [
        _record(PERSON, agency_code="BTP", lineage=lineage, data={"full_name": "A", "sex": "x"}),
        _record(PERSON, agency_code="UBND-001"),
        _record(PERSON, agency_code="UBND-002", employment_status="retired"),
        _record(OTHER, agency_code="UBND-001"),
    ]
    with session_scope(database.url) as session:
        insert_rows(session, StaffRecord, rows)
        session.commit()
        around = neighbourhood(session, [("BTP", PERSON), ("BTP", OTHER), ("BTP", "")])
    assert around.active_elsewhere == {("BTP", PERSON): ["UBND-001"], ("BTP", OTHER): ["UBND-001"]}
    assert around.channel_values == {("BTP", PERSON): {"full_name": ("api", "A")}}
