"""Full texts: one row per paper version, the parsed document compressed, or its last failure."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "fulltexts",
        sa.Column("arxiv_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),  # 0: the version is unknown
        sa.Column("status", sa.String(16), nullable=False),  # ok | failed
        sa.Column("data", sa.LargeBinary),  # zlib-compressed JSON (bot.fulltext.codec)
        sa.Column("stored_bytes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reason", sa.String(32)),
        sa.Column("error", sa.Text),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt", TS),
        sa.Column("etag", sa.Text),  # the HTML page's validators, for a conditional retry
        sa.Column("last_modified", sa.Text),
        sa.Column("fetched_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fulltexts")
