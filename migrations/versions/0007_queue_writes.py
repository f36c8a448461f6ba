"""fewer writes per queued record: the unused work index goes, and on PostgreSQL the batch
items leave room in each page so a worker's claim is a HOT update

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 04:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE_FILLFACTOR = 50
"""A claim rewrites the item with its lease and no indexed column: with room left in the page
PostgreSQL keeps the new version there and adds no index entries (a heap-only tuple)."""


def upgrade() -> None:
    # ix_batch_items_work (status, next_attempt_at) served the claim until 0006's partial
    # index; every other read of batch_items goes by batch id (the primary key's prefix)
    with op.batch_alter_table("batch_items", schema=None) as batch_op:
        batch_op.drop_index("ix_batch_items_work")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE batch_items SET (fillfactor = {QUEUE_FILLFACTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE batch_items RESET (fillfactor)")
    with op.batch_alter_table("batch_items", schema=None) as batch_op:
        batch_op.create_index("ix_batch_items_work", ["status", "next_attempt_at"], unique=False)
