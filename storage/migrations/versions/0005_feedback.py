"""Reader feedback: votes per reader, channel and paper; saved papers; mute rules."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column("reader", sa.String(255), primary_key=True),  # platform:workspace:user
        sa.Column("channel", sa.String(255), primary_key=True),  # platform:workspace:channel
        sa.Column("paper_id", sa.String(64), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),  # +1 like, -1 dislike
        sa.Column("voted_at", TS, nullable=False),
    )
    op.create_index("ix_votes_channel", "votes", ["channel", "voted_at"])
    op.create_table(
        "saved",
        sa.Column("reader", sa.String(255), primary_key=True),
        sa.Column("paper_id", sa.String(64), primary_key=True),
        sa.Column("saved_at", TS, nullable=False),
    )
    op.create_table(
        "mutes",
        sa.Column("reader", sa.String(255), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),  # author | cat | word
        sa.Column("value", sa.String(200), primary_key=True),
        sa.Column("created", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mutes")
    op.drop_table("saved")
    op.drop_index("ix_votes_channel", table_name="votes")
    op.drop_table("votes")
