"""Ask the paper: answers cached per (paper version, question), the questions ledger, and
the outbox's message ids indexed (the paper of a post's thread)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("arxiv_id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),  # 0: the version is unknown
        sa.Column("question_key", sa.String(64), primary_key=True),  # sha256, normalised
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("producer", sa.String(16), nullable=False),  # passages | llm
        sa.Column("data", sa.Text, nullable=False),  # JSON (bot.ask.codec)
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("asked_at", TS, nullable=False),
        sa.Column("arxiv_id", sa.String(64), nullable=False),
        sa.Column("reader", sa.String(255), nullable=False),  # platform:workspace:user
        sa.Column("channel", sa.String(255), nullable=False),  # platform:workspace:channel
        sa.Column("producer", sa.String(16), nullable=False),
        sa.Column("llm_call", sa.Boolean, nullable=False),
    )
    op.create_index("ix_questions_reader", "questions", ["reader", "asked_at"])
    op.create_index("ix_questions_channel", "questions", ["channel", "asked_at"])
    op.create_index("ix_questions_asked_at", "questions", ["asked_at"])
    # a question in a post's thread finds its paper by the post's message id
    op.create_index("ix_outbox_message_id", "outbox", ["message_id"])


def downgrade() -> None:
    op.drop_index("ix_outbox_message_id", table_name="outbox")
    op.drop_table("questions")
    op.drop_table("answers")
