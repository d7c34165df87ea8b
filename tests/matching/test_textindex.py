"""The Python tokenizer/stemmer agrees with SQLite FTS5's `porter unicode61`."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.textindex import Analyzer, porter_stem

ARCHIVE = Path(__file__).resolve().parents[3] / "shared" / "house-style" / "daily-paper-reviews.txt"
SAMPLE_TEXT = """
Generalization of relational reasoning: agreed, caresses, ponies, ties, hopping, filing,
conditional, rational, electricity, formality, grokking, analogies, methodology, incredibly,
possibly, Fréchet naïve ε ϵ ÉCOLE straße self-attention GPT-4 C++ x86_64 3.5B COVID-19
happy sky feed bled sing controlling rolling hissing fizzed failing generously hopefulness
"""
SAMPLE = re.findall(r"\S+", SAMPLE_TEXT)


def fts5_terms(texts: list[str]) -> list[list[str]]:
    """What FTS5 itself stores for each text, in order."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", list(enumerate(texts, 1)))
    got: dict[int, list[str]] = {}
    for doc, term in db.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
        got.setdefault(doc, []).append(term)
    db.close()
    return [got.get(i, []) for i in range(1, len(texts) + 1)]


def test_stems_agree_with_fts5_on_sample_words() -> None:
    analyzer = Analyzer()
    expected = fts5_terms(SAMPLE)
    assert [analyzer.terms(word) for word in SAMPLE] == expected


@pytest.mark.skipif(not ARCHIVE.exists(), reason="house-style archive not present")
def test_stems_agree_with_fts5_on_a_real_vocabulary() -> None:
    words = sorted(set(re.findall(r"\S+", ARCHIVE.read_text(encoding="utf-8"))))
    analyzer = Analyzer()
    expected = fts5_terms(words)
    mismatches = [
        (word, want, analyzer.terms(word))
        for word, want in zip(words, expected, strict=True)
        if analyzer.terms(word) != want
    ]
    assert len(words) > 1000
    assert mismatches == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(max_codepoint=0x2FFF), max_size=30), max_size=8))
def test_random_text_tokenizes_like_fts5(texts: list[str]) -> None:
    texts = [t.replace("\x00", " ") for t in texts]
    analyzer = Analyzer()
    assert [analyzer.terms(t) for t in texts] == fts5_terms(texts)


def test_known_porter_departures_from_the_1980_paper() -> None:
    # FTS5's porter maps -bli to -ble and -logi to -log, and undoubles any consonant but l/s/z
    assert porter_stem("incredibly") == "incred"
    assert porter_stem("methodology") == "methodolog"
    assert porter_stem("grokking") == "grok"
    assert porter_stem("is") == "is"  # shorter than 3 bytes: unchanged


def test_tokens_split_on_punctuation_and_fold_case() -> None:
    assert Analyzer().tokens("Self-Attention in GPT-4, Fréchet!") == [
        "self",
        "attention",
        "in",
        "gpt",
        "4",
        "frechet",
    ]
