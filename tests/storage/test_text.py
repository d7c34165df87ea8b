"""`storage.unicode61.Unicode61.tokens` agrees with what SQLite's unicode61 tokenizer indexes."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from storage import SearchQuery
from storage.text import query_parts
from storage.unicode61 import Unicode61

SAMPLES = [
    "Self-Attention is All You Need",
    "GPT-4 beats C++ and C# on naïve_bayes, résumé, Ångström, Straße",
    "x² ﬁne-tuning (3D) 1.5B-parameter LLaMA-2-7B e.g. i.e. U.S.A.",
    "日本語のテキスト, Ελληνικά, русский текст, עברית, العربية",
    "emoji 🚀 rockets, tabs\tand\nnewlines, O'Neil's don't",
    "Nguyễn Đức, e\u0301cole, ΣΑΣ ς, Øresund Łódź Ærø, ＡＢＣ１２, 𝔘𝔫𝔦, ǅemal",
    "हिन्दी मُحَمَّد x\u0301 a\u200bb ½ Ⅻ ı İ",
]


def _unicode61(text: str) -> list[str]:
    with closing(sqlite3.connect(":memory:")) as db:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        db.execute("INSERT INTO t(x) VALUES (?)", (text,))
        return [row[0] for row in db.execute("SELECT term FROM v ORDER BY offset")]


@pytest.mark.parametrize("text", SAMPLES)
def test_tokens_match_unicode61(text: str) -> None:
    assert Unicode61().tokens(text) == _unicode61(text)


def test_query_pieces_keep_only_tokens_and_respect_the_caps() -> None:
    tokenizer = Unicode61()
    query = SearchQuery(terms=("*", '"', "GPT-4", "gpt 4", *map(str, range(50))))
    parts = query_parts(query, tokenizer)
    assert parts.terms[0].tokens == ("gpt", "4")
    assert len(parts.terms) == 32  # "*" and '"' dropped, the duplicate "gpt 4" merged
    nul = query_parts(SearchQuery(terms=("nul\x00byte",)), tokenizer)
    assert nul.terms[0].text == "nul byte"


def test_a_lone_surrogate_separates_tokens_instead_of_raising() -> None:
    assert Unicode61().tokens("self\ud800attention \udfff") == ["self", "attention"]
