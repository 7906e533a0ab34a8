"""Initial schema: speeches, obligations, their history, owner bindings, progress reports,
the nudge outbox and per-chat settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speech",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("forwarded_by", sa.BigInteger(), nullable=True),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("reference_date", sa.Date(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("confirmed_by", sa.BigInteger(), nullable=True),
        sa.UniqueConstraint("chat_id", "sha256", name="uq_speech_chat_sha256"),
    )
    op.create_table(
        "obligation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("speech_id", sa.Integer(), sa.ForeignKey("speech.id"), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("expression", sa.String(200), nullable=False),
        sa.Column("timebox", sa.JSON(), nullable=False),
        sa.Column("trigger_id", sa.Integer(), sa.ForeignKey("obligation.id"), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("due_at", UTCDateTime(), nullable=True),
        sa.Column("calendar_confirmed", sa.Boolean(), nullable=False),
        sa.Column("planned_through", UTCDateTime(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("confirmed_by", sa.BigInteger(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=True),
        sa.Column("done_by", sa.BigInteger(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.BigInteger(), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("cancelled_by", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_obligation_speech_id", "obligation", ["speech_id"])
    op.create_index("ix_obligation_chat_status_due", "obligation", ["chat_id", "status", "due_at"])
    op.create_index("ix_obligation_chat_owner", "obligation", ["chat_id", "owner"])
    op.create_index("ix_obligation_trigger", "obligation", ["trigger_id"])
    op.create_table(
        "obligation_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("obligation_id", sa.Integer(), sa.ForeignKey("obligation.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.BigInteger(), nullable=True),
        sa.Column("change", sa.String(32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
    )
    op.create_index("ix_obligation_change_obligation_id", "obligation_change", ["obligation_id"])
    op.create_table(
        "owner_binding",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("target_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
    )
    op.create_index("ix_owner_binding_chat_owner", "owner_binding", ["chat_id", "owner"])
    op.create_table(
        "progress_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("obligation_id", sa.Integer(), sa.ForeignKey("obligation.id"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_progress_report_obligation_id", "progress_report", ["obligation_id"])
    op.create_table(
        "nudge",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("obligation_id", sa.Integer(), sa.ForeignKey("obligation.id"), nullable=False),
        sa.Column("slot", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(32), nullable=False),
        sa.Column("planned_at", UTCDateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        sa.Column("claimed_at", UTCDateTime(), nullable=True),
        sa.Column("lease_until", UTCDateTime(), nullable=True),
        sa.Column("sent_at", UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("covered_by", sa.Integer(), nullable=True),
        sa.Column("dropped_at", UTCDateTime(), nullable=True),
        sa.Column("drop_reason", sa.String(32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.UniqueConstraint("obligation_id", "slot", name="uq_nudge_obligation_slot"),
    )
    op.create_table(
        "chat_settings",
        sa.Column("chat_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("quiet_start", sa.String(5), nullable=False),
        sa.Column("quiet_end", sa.String(5), nullable=False),
        sa.Column("nudge_time", sa.String(5), nullable=False),
        sa.Column("closure_time", sa.String(5), nullable=False),
        sa.Column("days_before", sa.JSON(), nullable=False),
        sa.Column("auto_confirm", sa.Boolean(), nullable=False),
        sa.Column("admin_user_ids", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    for table in ("chat_settings", "nudge", "progress_report", "owner_binding", "obligation_change",
                  "obligation", "speech"):
        op.drop_table(table)
