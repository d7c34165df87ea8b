"""Topic matching and the search index tokenise text identically: one tokenizer.

Before issue 13 the store's query tokenizer (Python's Unicode tables) and topic matching's
(learnt from SQLite) disagreed on the code points listed in data/unicode61_disagreements.txt.
These tests put every one of them through the real SQLite store and compare what its FTS5
index (`porter unicode61`) holds with what topic matching computes for the same text.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from bot.matching import TopicIndex
from bot.model import DeliveryMode, Owner, Paper, Subscription
from bot.textindex import Analyzer
from bot.topics import PaperDoc
from storage import SearchQuery, SqlStore
from storage.text import query_parts
from storage.unicode61 import Unicode61

DATA = Path(__file__).parent / "data" / "unicode61_disagreements.txt"
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
PER_PAPER = 5_000  # words in one abstract


def disagreements() -> list[str]:
    chars: list[str] = []
    for line in DATA.read_text(encoding="ascii").splitlines():
        if line and not line.startswith("#"):
            first, last = (int(part, 16) for part in line.split("-"))
            chars.extend(chr(c) for c in range(first, last + 1))
    return chars


COLUMNS = ("title", "abstract", "authors_text")  # PaperDoc.columns, in this order


def index_terms(database: Path) -> dict[tuple[int, str], list[str]]:
    """(row id, column) -> the terms FTS5 indexed there, in order, read from the store's
    own `papers_fts` table."""
    found: dict[tuple[int, str], list[str]] = {}
    with closing(sqlite3.connect(database)) as db:
        db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, papers_fts, instance)")
        rows = db.execute("SELECT doc, col, term FROM temp.v ORDER BY doc, col, offset")
        for doc, column, term in rows:
            found.setdefault((doc, column), []).append(term)
    return found


async def test_the_search_index_holds_what_topic_matching_computes_for_every_code_point(
    sqlite_store: SqlStore, sqlite_url: str
) -> None:
    chars = disagreements()
    assert len(chars) == 833_565  # the file is whole
    # eight characters a word: what each is (separator, diacritic, letter) shows either way
    words = ["q" + "".join(chars[start : start + 8]) + "z" for start in range(0, len(chars), 8)]
    papers = [
        Paper(
            arxiv_id=f"2406.{n:05d}",
            title=" ".join(words[start : start + 20]),
            abstract=" ".join(words[start : start + PER_PAPER]),
            authors=("".join(chars[start * 8 : start * 8 + 40]), "Ma\u0301ria Ða\u0300o"),
        )
        for n, start in enumerate(range(0, len(words), PER_PAPER), 1)
    ]
    await sqlite_store.upsert_papers(papers, NOW)

    stored = index_terms(Path(sqlite_url.removeprefix("sqlite:///")))
    analyzer = Analyzer()
    for row_id, paper in enumerate(papers, 1):
        doc = PaperDoc.of(paper, analyzer)
        for column, expected in zip(COLUMNS, doc.columns, strict=True):
            assert stored.get((row_id, column), []) == expected, (paper.arxiv_id, column)


async def test_a_topic_matches_exactly_what_search_finds_on_those_characters(
    sqlite_store: SqlStore,
) -> None:
    tokenizer = Unicode61()
    # the assigned characters among them that a user can type (printable), 1 in 8
    chars = [c for c in disagreements() if c.isprintable()][::8]
    assert len(chars) > 300
    paper = Paper(
        arxiv_id="2406.00001",
        title="Tokens",
        abstract=" ".join(f"q{c}z" for c in chars[::2]),  # every other one is in the paper
    )
    await sqlite_store.upsert_papers([paper], NOW)
    owner = Owner("console", "w", "ada")
    subscriptions = [
        Subscription(i, owner, f"q{c}z", DeliveryMode.INSTANT, NOW) for i, c in enumerate(chars)
    ]
    matched = TopicIndex(subscriptions).match([paper]).get(paper.arxiv_id, set())
    for number, char in enumerate(chars):
        query = SearchQuery(terms=(f"q{char}z",))
        found = [hit.paper.arxiv_id for hit in await sqlite_store.search(query, limit=1)]
        assert (number in matched) == (found == [paper.arxiv_id]), hex(ord(char))
        pieces = query_parts(query, tokenizer).terms
        assert [list(p.tokens) for p in pieces] == [tokenizer.tokens(f"q{char}z")]
    assert 0 < len(matched) < len(chars)
