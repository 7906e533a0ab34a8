"""Granted roles per chat (督查员), known users (names for mentions, @usernames for /bind), and
speech fragments waiting in the merge window. New tables only: existing rows are untouched.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_role",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("chat_id", "user_id", "role", name="uq_chat_role"),
    )
    op.create_table(
        "known_user",
        sa.Column("user_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("full_name", sa.String(200), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_known_user_username", "known_user", ["username"])
    op.create_table(
        "speech_fragment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_type", sa.String(16), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_speech_fragment_chat_user", "speech_fragment", ["chat_id", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_speech_fragment_chat_user", table_name="speech_fragment")
    op.drop_table("speech_fragment")
    op.drop_index("ix_known_user_username", table_name="known_user")
    op.drop_table("known_user")
    op.drop_table("chat_role")
