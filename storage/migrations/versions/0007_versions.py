"""Papers change: each paper's versions, who follows a paper or a topic's revisions, the
version of each review."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "paper_versions",
        sa.Column("arxiv_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("abstract", sa.Text, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("announced", TS),
        sa.Column("seen", TS, nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
    )
    op.create_table(
        "follows",
        sa.Column("arxiv_id", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(64), primary_key=True),
        sa.Column("workspace", sa.String(255), primary_key=True),
        sa.Column("user", sa.String(255), primary_key=True),
        sa.Column("created", TS, nullable=False),
    )
    op.create_index("ix_follows_owner", "follows", ["platform", "workspace", "user"])
    op.create_table(
        "topic_revisions",
        sa.Column("subscription_id", sa.Integer, primary_key=True),
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "review_versions",
        sa.Column("paper_id", sa.String(64), primary_key=True),
        sa.Column("producer", sa.String(16), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("review_versions")
    op.drop_table("topic_revisions")
    op.drop_index("ix_follows_owner", table_name="follows")
    op.drop_table("follows")
    op.drop_table("paper_versions")
