"""the workers' claim index: unfinished batch items in claim order (partial)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 02:32:27.650758
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNFINISHED = "status IN ('queued', 'pending')"


def upgrade() -> None:
    with op.batch_alter_table("batch_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_batch_items_due",
            ["next_attempt_at", "batch_id", "index"],
            unique=False,
            postgresql_where=sa.text(UNFINISHED),
            sqlite_where=sa.text(UNFINISHED),
        )


def downgrade() -> None:
    with op.batch_alter_table("batch_items", schema=None) as batch_op:
        batch_op.drop_index("ix_batch_items_due")
