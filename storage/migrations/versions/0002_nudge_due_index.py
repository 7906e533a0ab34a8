"""Index the unsettled part of the outbox by planned time, so a sweep is an index range scan
whatever the number of open obligations.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UNSETTLED = sa.text("sent_at IS NULL AND dropped_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_nudge_due", "nudge", ["planned_at"], sqlite_where=UNSETTLED, postgresql_where=UNSETTLED)


def downgrade() -> None:
    op.drop_index("ix_nudge_due", table_name="nudge")
