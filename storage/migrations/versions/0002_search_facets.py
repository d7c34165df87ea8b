"""Fast search filters on SQLite: categories as full-text tokens, an (id, pub_date) index."""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# One token per category: U+E000, the category's UTF-8 bytes in hex, U+E000. unicode61
# keeps private-use characters inside tokens, and storage.text.clean() removes them from
# user text, so no query word can ever produce one; hex keeps the category exact (`cs.LG`
# is not `cs.lg`, `cond-mat` is not `cond-mat.soft`), like the JSON test it replaces.
# Keep in step with storage.fts_sqlite.category_token().
TOKENS = (
    "(SELECT group_concat(char(57344) || lower(hex(value)) || char(57344), ' ') "
    "FROM json_each({row}.categories))"
)
COLUMNS = "title, abstract, authors_text, category_tokens"


def _values(row: str) -> str:
    return f"{row}.id, {row}.title, {row}.abstract, {row}.authors_text, {TOKENS.format(row=row)}"


SQLITE_UP = [
    "DROP TRIGGER papers_fts_ai",
    "DROP TRIGGER papers_fts_ad",
    "DROP TRIGGER papers_fts_au",
    "DROP TABLE papers_fts",
    # FTS5 reads column values (for snippet() and 'rebuild') from its content table by
    # column name: a view gives it the computed `category_tokens`.
    f"""CREATE VIEW papers_fts_content AS
        SELECT id, title, abstract, authors_text, {TOKENS.format(row="papers")} AS category_tokens
        FROM papers""",
    f"""CREATE VIRTUAL TABLE papers_fts USING fts5(
        {COLUMNS},
        content='papers_fts_content', content_rowid='id', tokenize='porter unicode61')""",
    f"""CREATE TRIGGER papers_fts_ai AFTER INSERT ON papers BEGIN
        INSERT INTO papers_fts(rowid, {COLUMNS}) VALUES ({_values("new")});
    END""",
    f"""CREATE TRIGGER papers_fts_ad AFTER DELETE ON papers BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, {COLUMNS}) VALUES ('delete', {_values("old")});
    END""",
    f"""CREATE TRIGGER papers_fts_au
    AFTER UPDATE OF title, abstract, authors_text, categories ON papers
    WHEN old.title IS NOT new.title OR old.abstract IS NOT new.abstract
        OR old.authors_text IS NOT new.authors_text OR old.categories IS NOT new.categories
    BEGIN
        INSERT INTO papers_fts(papers_fts, rowid, {COLUMNS}) VALUES ('delete', {_values("old")});
        INSERT INTO papers_fts(rowid, {COLUMNS}) VALUES ({_values("new")});
    END""",
    # FTS5's 'rebuild' fails on this view ("SQL logic error": json_each inside); to rebuild
    # the index, run 'delete-all' and then this same INSERT ... SELECT.
    f"INSERT INTO papers_fts(rowid, {COLUMNS}) SELECT id, {COLUMNS} FROM papers_fts_content",
    # Date filters read only (id, pub_date) for each full-text match, not the wide row.
    "CREATE INDEX ix_papers_id_pub_date ON papers (id, pub_date)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL filters rows it already reads: nothing to add there
    for statement in SQLITE_UP:
        op.execute(statement)
