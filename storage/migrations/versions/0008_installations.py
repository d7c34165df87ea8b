"""Installations in many workspaces (an encrypted secret each) and OAuth install states."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "installations",
        sa.Column("platform", sa.String(64), primary_key=True),
        sa.Column("workspace", sa.String(255), primary_key=True),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("updated", TS, nullable=False),
    )
    op.create_table(
        "oauth_states",
        sa.Column("state", sa.String(255), primary_key=True),
        sa.Column("expires", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("oauth_states")
    op.drop_table("installations")
