"""The tables, as SQLAlchemy Core metadata (the migrations in storage/migrations create them).

Dialect-specific objects are not here: the SQLite FTS5 table `papers_fts` (with triggers)
and the PostgreSQL generated column `papers.tsv` (with its GIN index) live in the
migrations and in `storage.fts_sqlite` / `storage.fts_postgres`.
Lists (authors, categories, sources, links) are JSON text, so a membership test is a
LIKE on `"value"` in both dialects.
Server defaults are those the migrations create (tests/storage/test_schema_drift.py
compares this metadata with a migrated database on both dialects).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from storage.types import JSONText, UTCDateTime

metadata = MetaData()

papers = Table(
    "papers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("arxiv_id", String(64), nullable=False, unique=True),
    Column("version", Integer),
    Column("title", Text, nullable=False),
    Column("abstract", Text, nullable=False),
    Column("authors", JSONText, nullable=False),
    Column("authors_text", Text, nullable=False),  # "A. One, B. Two": searched, indexed
    Column("categories", JSONText, nullable=False),
    Column("primary_category", String(32)),
    Column("published", UTCDateTime),
    Column("updated", UTCDateTime),
    Column("comment", Text),
    Column("journal_ref", Text),
    Column("doi", Text),
    Column("links", JSONText, nullable=False),
    Column("upvotes", Integer),
    Column("num_comments", Integer),
    Column("ai_summary", Text),
    Column("ai_keywords", JSONText, nullable=False),
    Column("github_repo", Text),
    Column("announce_type", String(32)),
    Column("sources", JSONText, nullable=False),
    Column("article", JSONText),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("pub_date", UTCDateTime, nullable=False),  # published, else first_seen
    Index("ix_papers_first_seen", "first_seen"),
    Index("ix_papers_pub_date", "pub_date"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("paper_id", String(64), primary_key=True),
    Column("producer", String(16), primary_key=True),
    Column("data", JSONText, nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Index("ix_reviews_producer_created", "producer", "created"),
)

poll_state = Table(
    "poll_state",
    metadata,
    Column("source", String(64), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_success", UTCDateTime),
    Column("last_error", Text),
    Column("last_error_at", UTCDateTime),
    Column("consecutive_failures", Integer, nullable=False, default=0, server_default="0"),
    Column("next_poll", UTCDateTime),
    Column("alerted", Boolean, nullable=False, default=False, server_default=false()),
    Column("cursor", JSONText, nullable=False, server_default="{}"),
)

channels = Table(
    "channels",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("time", String(5)),
    Column("timezone", String(64)),
    Column("sources", JSONText),
    Column("categories", JSONText),
    Column("top", Integer),
    Column("paused", Boolean, nullable=False, default=False, server_default=false()),
    Column("review_counter", Integer, nullable=False, default=0, server_default="0"),
    Column("last_post_day", Date),
    Column("last_post_at", UTCDateTime),
)

# Channels set up from chat (storage/channels.py; migration 0006). `channels` above holds
# the run-time state of every channel (TOML or chat); this holds what chat set up.
chat_channels = Table(
    "chat_channels",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("adapter", String(64), nullable=False),
    Column("workspace", String(255), nullable=False),
    Column("target", String(255), nullable=False),
    Column("time", String(5), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("top", Integer, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("sources", JSONText, nullable=False),
    Column("filter", Text),
    Column("paused", Boolean, nullable=False, default=False, server_default=false()),
    Column("suspended", Boolean, nullable=False, default=False, server_default=false()),
    Column("created_by", String(255), nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    Column("removed", UTCDateTime),
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
    UniqueConstraint("adapter", "target", name="uq_chat_channels_target"),
    Index("ix_chat_channels_workspace", "adapter", "workspace"),
)

# Installations of the bot in many workspaces (storage/installations.py; migration 0008):
# the secret is encrypted by the adapter before it gets here.
installations = Table(
    "installations",
    metadata,
    Column("platform", String(64), primary_key=True),
    Column("workspace", String(255), primary_key=True),
    Column("secret", Text, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
)

# Servers and workspaces the bot was removed from (suspended) or is back in: their users'
# DMs wait while suspended (storage/channels.py; migration 0009).
workspaces = Table(
    "workspaces",
    metadata,
    Column("adapter", String(64), primary_key=True),
    Column("workspace", String(255), primary_key=True),
    Column("suspended", Boolean, nullable=False, default=False, server_default=false()),
    Column("changed", UTCDateTime, nullable=False),
)

oauth_states = Table(
    "oauth_states",
    metadata,
    Column("state", String(255), primary_key=True),
    Column("expires", UTCDateTime, nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(32), nullable=False),
    Column("workspace", String(128), nullable=False),
    Column("user_id", String(128), nullable=False),
    Column("query", Text, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Column("digest_time", String(8), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("matches", Integer, nullable=False, default=0, server_default="0"),
    UniqueConstraint(
        "platform", "workspace", "user_id", "query", name="uq_subscriptions_owner_query"
    ),
)

seen = Table(
    "seen",
    metadata,
    Column("platform", String(32), primary_key=True),
    Column("workspace", String(128), primary_key=True),
    Column("user_id", String(128), primary_key=True),
    Column("paper_id", String(64), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(512), nullable=False, unique=True),
    Column("adapter", String(64), nullable=False),
    Column("channel", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", JSONText, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("created", UTCDateTime, nullable=False),
    Column("user_id", String(128)),
    Column("workspace", String(128)),
    Column("paper_id", String(64)),
    Column("day", Date),
    Column("channel_name", String(64)),
    Column("parent_key", String(512)),
    Column("message_id", Text),
    Column("error", Text),
    Column("not_before", UTCDateTime),
    Column("sent_at", UTCDateTime),
    Column("worker", String(128)),
    Column("lease_until", UTCDateTime),
    Index("ix_outbox_status_due", "status", "not_before"),
    Index("ix_outbox_target_paper", "adapter", "channel", "paper_id"),
    Index("ix_outbox_channel_day", "channel_name", "day"),
)
