"""The 督办 cycle (issue 10): per-chat item numbers, co-owners, review, extensions, merged
repeats, collective owners' members, and two chat settings.

Every row is kept:
- `obligation.number` is filled with the row's id for every existing row, so the numbers a
  group already saw (【#12】), the buttons it was sent (which carry the number) and the reply
  context stored with sent messages (item numbers, which were ids) keep meaning the same
  item; `chat_sequence` starts each chat after its highest existing number. New items then
  count on per chat (#1, #2 … in a new group).
- New nullable columns (`co_owners`, `original_due_at`, `duplicate_of`, `review`,
  `default_limit_days`) start NULL, i.e. "none" / "the default"; `replans` starts at 0.
- New tables (`chat_sequence`, `owner_member`, `extension_request`).
The downgrade drops them again (numbers, co-owners, extensions and members are lost; every
other row stays).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("obligation") as batch:
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("co_owners", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("original_due_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("replans", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_obligation_duplicate_of", "obligation", ["duplicate_of"], ["id"])
    op.execute("UPDATE obligation SET number = id")
    with op.batch_alter_table("obligation") as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_obligation_chat_number", ["chat_id", "number"])
    with op.batch_alter_table("chat_settings") as batch:
        batch.add_column(sa.Column("review", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("default_limit_days", sa.Integer(), nullable=True))
    op.create_table(
        "chat_sequence",
        sa.Column("chat_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
    )
    op.execute("INSERT INTO chat_sequence (chat_id, last_number) "
               "SELECT chat_id, MAX(number) FROM obligation GROUP BY chat_id")
    op.create_table(
        "owner_member",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("collective", sa.String(200), nullable=False),
        sa.Column("member", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.UniqueConstraint("chat_id", "collective", "member", name="uq_owner_member"),
    )
    op.create_table(
        "extension_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("obligation_id", sa.Integer(), sa.ForeignKey("obligation.id"), nullable=False),
        sa.Column("requested_by", sa.BigInteger(), nullable=True),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("requested_due", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_extension_request_obligation_id", "extension_request", ["obligation_id"])


def downgrade() -> None:
    op.drop_index("ix_extension_request_obligation_id", table_name="extension_request")
    op.drop_table("extension_request")
    op.drop_table("owner_member")
    op.drop_table("chat_sequence")
    with op.batch_alter_table("chat_settings") as batch:
        batch.drop_column("default_limit_days")
        batch.drop_column("review")
    with op.batch_alter_table("obligation") as batch:
        batch.drop_constraint("uq_obligation_chat_number", type_="unique")
        batch.drop_constraint("fk_obligation_duplicate_of", type_="foreignkey")
        for name in ("duplicate_of", "replans", "original_due_at", "co_owners", "number"):
            batch.drop_column(name)
