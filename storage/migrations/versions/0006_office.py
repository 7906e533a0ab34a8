"""The supervision office's view (issue 11): per-chat grade windows, the escalation ladder and
the weekly 通报 in chat settings; who started the bot in a private chat; the 通报 sent per chat
and period.

Every row is kept: the new chat-settings columns start NULL ("the deployment's default"), and
the two new tables start empty. The downgrade drops them again (every other row stays).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SETTINGS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("warning_days", sa.Integer()),
    ("stagnation_days", sa.Integer()),
    ("ladder_days", sa.JSON()),
    ("bulletin", sa.Boolean()),
    ("bulletin_weekday", sa.Integer()),
    ("bulletin_time", sa.String(5)),
)


def upgrade() -> None:
    with op.batch_alter_table("chat_settings") as batch:
        for name, kind in SETTINGS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "private_start",
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "bulletin",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("planned_at", UTCDateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("chat_id", "period", name="uq_bulletin_chat_period"),
    )


def downgrade() -> None:
    op.drop_table("bulletin")
    op.drop_table("private_start")
    with op.batch_alter_table("chat_settings") as batch:
        for name, _kind in reversed(SETTINGS):
            batch.drop_column(name)
