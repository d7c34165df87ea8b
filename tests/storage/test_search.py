"""Full-text search: ranking, hostile text, filters, snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import SearchQuery, SqlStore
from tests.storage.factories import NOW, paper

FILLER = [
    (
        "Graph neural networks for molecules",
        "We predict molecular properties with message passing.",
    ),
    ("Robust speech recognition", "Noise-robust acoustic models for speech."),
    ("Reinforcement learning for robots", "Policies learned in simulation transfer to hardware."),
    ("Protein folding at scale", "Structure prediction with evolutionary features."),
    ("Sparse mixture of experts", "Routing tokens to experts reduces compute."),
    ("Federated optimisation", "Clients train locally and share gradients."),
]


def _day(n: int) -> dt.datetime:
    return dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n)


@pytest.fixture
async def corpus(store: SqlStore) -> SqlStore:
    papers = [
        paper(
            "2401.00001",
            "Efficient self-attention for long documents",
            "We make transformers cheaper on long inputs.",
            authors=("Ada Lovelace", "Alan Turing"),
            categories=("cs.CL",),
            published=_day(1),
        ),
        paper(
            "2401.00002",
            "Convolutional baselines revisited",
            "Compared with self-attention, convolutions remain competitive on images.",
            authors=("Grace Hopper",),
            categories=("cs.CV",),
            published=_day(2),
        ),
        paper(
            "2401.00003",
            "GPT-4 evaluation on C++ code",
            "We evaluate GPT-4 on C++ programming tasks. NOT all tasks are solved.",
            authors=("Alan Turing",),
            categories=("cs.SE", "cs.CL"),
            published=_day(3),
        ),
        paper(
            "2401.00004",
            "Diffusion models for audio",
            "Score-based diffusion generates speech and music.",
            authors=("Edsger Dijkstra",),
            categories=("cs.SD",),
            published=_day(4),
        ),
    ]
    papers += [
        paper(f"2312.{i:05d}", t, a, categories=("cs.LG",), published=_day(-i - 1))
        for i, (t, a) in enumerate(FILLER)
    ]
    await store.upsert_papers(papers, NOW)
    return store


def ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.paper.arxiv_id for h in hits]


async def test_title_match_ranks_above_abstract_only_match(corpus: SqlStore) -> None:
    hits = await corpus.search(SearchQuery.from_text("self-attention"), limit=10)
    assert ids(hits) == ["2401.00001", "2401.00002"]
    assert hits[0].score > hits[1].score


async def test_stemming_finds_other_word_forms(corpus: SqlStore) -> None:
    assert ids(await corpus.search(SearchQuery.from_text("transformer"))) == ["2401.00001"]
    assert ids(await corpus.search(SearchQuery.from_text("evaluating"))) == ["2401.00003"]


@pytest.mark.parametrize(
    "text",
    [
        "self-attention",
        "GPT-4",
        "C++",
        "NOT",
        'unclosed "quote',
        "*",
        '"',
        "AND OR NEAR(",
        "title:x",
        "nul\x00byte",
        "\x1b[31m",
        "x" * 10_000,
        " ".join(["word"] * 2_000),
        "'; DROP TABLE papers; --",
        "%_\\",
    ],
)
async def test_hostile_text_never_raises(corpus: SqlStore, text: str) -> None:
    for query in (
        SearchQuery.from_text(text),
        SearchQuery(phrases=(text,)),
        SearchQuery(terms=("learning",), excluded=(text,)),
        SearchQuery(authors=(text,)),
    ):
        hits = await corpus.search(query, limit=3)
        assert isinstance(hits, list)
    assert await corpus.count_papers() == 10


async def test_hostile_words_still_find_what_they_name(corpus: SqlStore) -> None:
    assert ids(await corpus.search(SearchQuery.from_text("GPT-4"))) == ["2401.00003"]
    assert ids(await corpus.search(SearchQuery.from_text("C++ code"))) == ["2401.00003"]
    assert await corpus.search(SearchQuery.from_text("*")) == []


async def test_all_terms_are_required_and_phrases_are_adjacent(corpus: SqlStore) -> None:
    assert ids(await corpus.search(SearchQuery.from_text("diffusion speech"))) == ["2401.00004"]
    assert await corpus.search(SearchQuery.from_text("diffusion molecules")) == []
    assert ids(await corpus.search(SearchQuery(phrases=("message passing",)))) == ["2312.00000"]
    assert await corpus.search(SearchQuery(phrases=("passing message",))) == []


async def test_excluded_words(corpus: SqlStore) -> None:
    hits = await corpus.search(
        SearchQuery(terms=("self-attention",), excluded=("images",)), limit=10
    )
    assert ids(hits) == ["2401.00001"]
    listing = await corpus.search(SearchQuery(categories=("cs.CL",), excluded=("GPT",)), limit=10)
    assert ids(listing) == ["2401.00001"]


async def test_filters(corpus: SqlStore) -> None:
    everything = SearchQuery(terms=("self-attention",))
    assert ids(
        await corpus.search(SearchQuery(terms=("self-attention",), categories=("cs.CV", "cs.SD")))
    ) == ["2401.00002"]
    assert ids(await corpus.search(SearchQuery(categories=("cs.CL",)), limit=10)) == [
        "2401.00003",
        "2401.00001",
    ]
    assert ids(await corpus.search(SearchQuery(authors=("turing", "LOVELACE")))) == ["2401.00001"]
    assert ids(
        await corpus.search(SearchQuery(terms=("self-attention",), since=dt.date(2024, 1, 3)))
    ) == ["2401.00002"]
    assert ids(
        await corpus.search(SearchQuery(terms=("self-attention",), before=dt.date(2024, 1, 3)))
    ) == ["2401.00001"]
    assert len(await corpus.search(everything, limit=1)) == 1
    assert ids(await corpus.search(everything, limit=1, offset=1)) == ["2401.00002"]


async def test_date_filters_fall_back_to_first_seen(store: SqlStore) -> None:
    await store.upsert_papers([paper("2401.00009", "Undated attention paper")], NOW)
    assert len(await store.search(SearchQuery(terms=("attention",), since=NOW.date()))) == 1
    assert await store.search(SearchQuery(terms=("attention",), before=NOW.date())) == []


async def test_window_ranks_only_the_newest_matches(corpus: SqlStore) -> None:
    hits = await corpus.search(SearchQuery(terms=("self-attention",), window=1), limit=10)
    assert ids(hits) == ["2401.00002"]  # the newer (stored later), though it ranks lower


async def test_snippets_highlight_the_matched_words(corpus: SqlStore) -> None:
    [hit] = await corpus.search(SearchQuery.from_text("convolutions"))
    highlighted = [text for text, marked in hit.snippet if marked]
    assert highlighted
    assert all(t.lower().startswith("convolution") for t in highlighted)
    assert "remain competitive" in "".join(text for text, _ in hit.snippet)


async def test_recency_breaks_ties(store: SqlStore) -> None:
    same = "Identical words about pruning."
    await store.upsert_papers(
        [
            paper("2401.00011", "Pruning", same, published=_day(1)),
            paper("2401.00012", "Pruning", same, published=_day(5)),
            paper("2401.00013", "Other", "Unrelated text.", published=_day(2)),
        ],
        NOW,
    )
    assert ids(await store.search(SearchQuery.from_text("pruning"), limit=5)) == [
        "2401.00012",
        "2401.00011",
    ]


async def test_empty_query_and_empty_store(store: SqlStore) -> None:
    assert await store.search(SearchQuery.from_text("x")) == []
    assert await store.search(SearchQuery()) == []


async def test_window_applies_after_the_filters(store: SqlStore) -> None:
    rows = [
        paper(f"2402.0000{i}", "Pruning" if i == 1 else "Other", "pruning text.", categories=(cat,))
        for i, cat in enumerate(["cs.LG", "cs.LG", "cs.CV", "cs.LG", "cs.CV"], start=1)
    ]
    for row in rows:  # one at a time: arrival order is id order
        await store.upsert_papers([row], NOW)
    query = SearchQuery(terms=("pruning",), categories=("cs.LG",), window=2)
    assert set(ids(await store.search(query, limit=10))) == {"2402.00002", "2402.00004"}
    unbounded = SearchQuery(terms=("pruning",), categories=("cs.LG",))
    assert ids(await store.search(unbounded, limit=1)) == ["2402.00001"]  # the title match
