"""Channels set up from chat: one record per (adapter, target), with its workspace."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "chat_channels",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("adapter", sa.String(64), nullable=False),
        sa.Column("workspace", sa.String(255), nullable=False),
        sa.Column("target", sa.String(255), nullable=False),
        sa.Column("time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("top", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),  # JSON list
        sa.Column("filter", sa.Text),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("suspended", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("updated", TS, nullable=False),
        sa.Column("removed", TS),
        sa.Column("revision", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("adapter", "target", name="uq_chat_channels_target"),
    )
    op.create_index("ix_chat_channels_workspace", "chat_channels", ["adapter", "workspace"])


def downgrade() -> None:
    op.drop_index("ix_chat_channels_workspace", table_name="chat_channels")
    op.drop_table("chat_channels")
