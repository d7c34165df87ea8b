"""Initial schema: papers with full-text search, reviews, poll state, channels, subscriptions, seen, outbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=False)  # naive UTC, see storage.types.UTCDateTime

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE papers_fts USING fts5(
        title, abstract, authors_text,
        content='papers', content_rowid='id', tokenize='porter unicode61')""",
    """CREATE TRIGGER papers_fts_ai AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, title, abstract, authors_text)
        VALUES (new.id, new.title, new.abstract, new.authors_text);
    END""",
    """CREATE TRIGGER papers_fts_ad AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors_text)
        VALUES ('delete', old.id, old.title, old.abstract, old.authors_text);
    END""",
    """CREATE TRIGGER papers_fts_au AFTER UPDATE OF title, abstract, authors_text ON papers
    WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
        OR old.authors_text IS NOT new.authors_text
    BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors_text)
        VALUES ('delete', old.id, old.title, old.abstract, old.authors_text);
        INSERT INTO papers_fts(rowid, title, abstract, authors_text)
        VALUES (new.id, new.title, new.abstract, new.authors_text);
    END""",
]

POSTGRES_FTS = [
    """ALTER TABLE papers ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, authors_text), 'B')
        || setweight(to_tsvector('english'::regconfig, abstract), 'C')) STORED""",
    "CREATE INDEX ix_papers_tsv ON papers USING gin (tsv)",
]


def upgrade() -> None:
    op.create_table(
        "papers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("arxiv_id", sa.String(64), nullable=False, unique=True),
        sa.Column("version", sa.Integer),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("abstract", sa.Text, nullable=False),
        sa.Column("authors", sa.Text, nullable=False),
        sa.Column("authors_text", sa.Text, nullable=False),
        sa.Column("categories", sa.Text, nullable=False),
        sa.Column("primary_category", sa.String(32)),
        sa.Column("published", TS),
        sa.Column("updated", TS),
        sa.Column("comment", sa.Text),
        sa.Column("journal_ref", sa.Text),
        sa.Column("doi", sa.Text),
        sa.Column("links", sa.Text, nullable=False),
        sa.Column("upvotes", sa.Integer),
        sa.Column("num_comments", sa.Integer),
        sa.Column("ai_summary", sa.Text),
        sa.Column("ai_keywords", sa.Text, nullable=False),
        sa.Column("github_repo", sa.Text),
        sa.Column("announce_type", sa.String(32)),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("article", sa.Text),
        sa.Column("first_seen", TS, nullable=False),
        sa.Column("pub_date", TS, nullable=False),
    )
    op.create_index("ix_papers_first_seen", "papers", ["first_seen"])
    op.create_index("ix_papers_pub_date", "papers", ["pub_date"])

    op.create_table(
        "reviews",
        sa.Column("paper_id", sa.String(64), primary_key=True),
        sa.Column("producer", sa.String(16), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_index("ix_reviews_producer_created", "reviews", ["producer", "created"])

    op.create_table(
        "poll_state",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("last_success", TS),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", TS),
        sa.Column("consecutive_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_poll", TS),
        sa.Column("alerted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("cursor", sa.Text, nullable=False, server_default="{}"),
    )

    op.create_table(
        "channels",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("time", sa.String(5)),
        sa.Column("timezone", sa.String(64)),
        sa.Column("sources", sa.Text),
        sa.Column("categories", sa.Text),
        sa.Column("top", sa.Integer),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("review_counter", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_post_day", sa.Date),
        sa.Column("last_post_at", TS),
    )

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("workspace", sa.String(128), nullable=False),
        sa.Column("user_id", sa.String(128), nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("created", TS, nullable=False),
        sa.Column("digest_time", sa.String(8), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("matches", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint(
            "platform", "workspace", "user_id", "query", name="uq_subscriptions_owner_query"
        ),
    )

    op.create_table(
        "seen",
        sa.Column("platform", sa.String(32), primary_key=True),
        sa.Column("workspace", sa.String(128), primary_key=True),
        sa.Column("user_id", sa.String(128), primary_key=True),
        sa.Column("paper_id", sa.String(64), primary_key=True),
        sa.Column("seen_at", TS, nullable=False),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(512), nullable=False, unique=True),
        sa.Column("adapter", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", TS, nullable=False),
        sa.Column("user_id", sa.String(128)),
        sa.Column("workspace", sa.String(128)),
        sa.Column("paper_id", sa.String(64)),
        sa.Column("day", sa.Date),
        sa.Column("channel_name", sa.String(64)),
        sa.Column("parent_key", sa.String(512)),
        sa.Column("message_id", sa.Text),
        sa.Column("error", sa.Text),
        sa.Column("not_before", TS),
        sa.Column("sent_at", TS),
        sa.Column("worker", sa.String(128)),
        sa.Column("lease_until", TS),
    )
    op.create_index("ix_outbox_status_due", "outbox", ["status", "not_before"])
    op.create_index("ix_outbox_target_paper", "outbox", ["adapter", "channel", "paper_id"])
    op.create_index("ix_outbox_channel_day", "outbox", ["channel_name", "day"])

    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS:
        op.execute(statement)
