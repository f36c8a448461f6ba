"""The schema is made by Alembic only, identically on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from ccvc.db import get_engine
from ccvc.migrate import alembic_config, current_revision, head_revision, upgrade
from ccvc.models import Base
from tests.conftest import Database

EXPECTED_TABLES = {
    "agencies",
    "milestones",
    "api_clients",
    "access_tokens",
    "ndxp_members",
    "ndxp_access_rights",
    "ndxp_tokens",
    "ndxp_message_log",
    "batches",
    "batch_items",
    "idempotency_keys",
    "staff_records",
    "staff_record_changes",
    "agency_quality",
    "agency_quality_daily",
    "self_updates",
}


def test_upgrade_creates_every_table(empty_database: Database) -> None:
    upgrade(empty_database.url)
    tables = set(inspect(get_engine(empty_database.url)).get_table_names())
    assert tables >= EXPECTED_TABLES
    assert current_revision(empty_database.url) == head_revision(empty_database.url)


def test_models_and_migrations_agree(empty_database: Database) -> None:
    upgrade(empty_database.url)
    with get_engine(empty_database.url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models differ from migrations: {diff}"


def test_downgrade_and_upgrade_again(empty_database: Database) -> None:
    upgrade(empty_database.url)
    config = alembic_config(empty_database.url)
    with get_engine(empty_database.url).begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert not EXPECTED_TABLES & set(inspect(get_engine(empty_database.url)).get_table_names())
    upgrade(empty_database.url)
    upgrade(empty_database.url)  # idempotent
    assert set(inspect(get_engine(empty_database.url)).get_table_names()) >= EXPECTED_TABLES
