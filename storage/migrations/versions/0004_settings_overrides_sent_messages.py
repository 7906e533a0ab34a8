"""A chat's settings row holds only overrides (nullable columns); messages the bot sent are
stored with the items they are about (the reply context).

Every row is kept. A stored value becomes NULL ("follow the deployment's default") only where
that provably changes nothing a person chose:
- `timezone` equal to the old default 'Asia/Shanghai': no command ever let a chat choose its
  time zone, so the value was the deployment's default when the row was written;
- `admin_user_ids` equal to '[]': an empty list and "none configured" are the same thing.
Every other value (quiet hours, nudge and closure times, offsets, auto-confirm) may have been
set with /settings, which the row cannot tell apart from a copied default, so it stays an
override. The downgrade writes the old defaults back into NULL columns.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OLD_DEFAULTS = {"timezone": "'Asia/Shanghai'", "quiet_start": "'21:00'", "quiet_end": "'08:00'",
                "nudge_time": "'09:00'", "closure_time": "'16:00'", "days_before": "'[3, 1]'",
                "auto_confirm": "false", "admin_user_ids": "'[]'"}
COLUMNS = {"timezone": sa.String(64), "quiet_start": sa.String(5), "quiet_end": sa.String(5),
           "nudge_time": sa.String(5), "closure_time": sa.String(5), "days_before": sa.JSON(),
           "auto_confirm": sa.Boolean(), "admin_user_ids": sa.JSON()}


def upgrade() -> None:
    with op.batch_alter_table("chat_settings") as batch:
        for name, type_ in COLUMNS.items():
            batch.alter_column(name, existing_type=type_, nullable=True)
    op.execute("UPDATE chat_settings SET timezone = NULL WHERE timezone = 'Asia/Shanghai'")
    empty = "admin_user_ids::text = '[]'" if op.get_bind().dialect.name == "postgresql" else "admin_user_ids = '[]'"
    op.execute(f"UPDATE chat_settings SET admin_user_ids = NULL WHERE {empty}")
    op.create_table(
        "sent_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("obligation_ids", sa.JSON(), nullable=False),
        sa.Column("speech_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("chat_id", "message_id", name="uq_sent_message_chat_message"),
    )


def downgrade() -> None:
    op.drop_table("sent_message")
    for name, value in OLD_DEFAULTS.items():
        op.execute(f"UPDATE chat_settings SET {name} = {value} WHERE {name} IS NULL")
    with op.batch_alter_table("chat_settings") as batch:
        for name, type_ in COLUMNS.items():
            batch.alter_column(name, existing_type=type_, nullable=False)
