"""The query language: what each piece means, its errors, and that normalising is stable."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.query import QueryError, format_query, parse_query
from storage import SearchQuery


def test_every_piece_of_the_language() -> None:
    query = parse_query(
        'Diffusion "State Space" cat:cs.lg,stat.ML au:"Yann  LeCun" since:2025-01-01 '
        "before:2025-07-01 -survey -self-attention GPT-4"
    )
    assert query == SearchQuery(
        terms=("diffusion",),
        phrases=("gpt 4", "state space"),
        excluded=("self attention", "survey"),
        categories=("cs.LG", "stat.ML"),
        authors=("Yann LeCun",),
        since=dt.date(2025, 1, 1),
        before=dt.date(2025, 7, 1),
    )
    assert format_query(query) == (
        'cat:cs.LG cat:stat.ML au:"Yann LeCun" since:2025-01-01 before:2025-07-01 '
        '"gpt 4" "state space" diffusion -"self attention" -survey'
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"state space', "unbalanced quote"),
        ('sta"te', "a quote inside a word"),
        ("foo:bar", "unknown filter 'foo:'"),
        ("cat:cs.XX model", "unknown arXiv category 'cs.XX'"),
        ("-survey -review", "only excludes words"),
        ("since:2025-13-01 x", "since: takes a date as YYYY-MM-DD"),
        ("since:2025-05-01 before:2025-01-01 x", "since: must be earlier than before:"),
        ("au: x", "au: needs a value"),
        ("*** ---", "no words to look for"),
        ("x\x07y", "control characters"),
        ("<!channel> x", "mentions"),
        (" ".join(f"w{i}" for i in range(30)), "too many words"),
    ],
)
def test_errors_say_what_is_wrong_and_show_an_example(text: str, problem: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert problem in str(caught.value)
    assert "Example:" in str(caught.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120) | st.lists(st.sampled_from(
    ['"', "-", "cat:", "cs.LG", "au:", "Gu", "since:", "2025-01-01", "x", "Y-z", " ", "é"]
), max_size=10).map("".join))  # fmt: skip
def test_parsing_never_fails_unexpectedly_and_normalising_is_stable(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    assert not query.is_empty
    normal = format_query(query)
    assert parse_query(normal) == query
    assert format_query(parse_query(normal)) == normal
