"""Servers and workspaces the bot was removed from: their users' DMs wait meanwhile."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("adapter", sa.String(64), primary_key=True),
        sa.Column("workspace", sa.String(255), primary_key=True),
        sa.Column("suspended", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("changed", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("workspaces")
