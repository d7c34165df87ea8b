"""The reviewer prefers a stored full text: the abstract review is replaced once the full
text arrives, and the cached full-text review keeps its sources."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from bot.clock import FrozenClock
from bot.config import ReviewConfig
from bot.fulltext.ahead import FetchAhead
from bot.fulltext.service import FullTexts
from bot.model import Basis, Paper
from bot.review import Reviewer
from bot.review.roles import CueRoles
from storage import SqlStore
from tests.fulltext.fixtures import data
from tests.sources.conftest import FakeServer, Reply

ABSTRACT = (
    "Retrieval-augmented language models spend most of their inference budget reading "
    "passages that do not help. We propose SparseRoute, a router that scores each retrieved "
    "passage with a small model. On Natural Questions, SparseRoute keeps 97% of the accuracy "
    "of full reading while reading 4 times fewer tokens. We release the code."
)
PAPER = Paper("2401.01234", "Sparse Routers for Long-Context Retrieval", ABSTRACT, version=2)


async def test_full_text_replaces_the_abstract_review_and_is_cached_with_sources(
    server: FakeServer,
    make_fulltexts: Callable[..., FullTexts],
    sqlite_store: SqlStore,
    http: httpx.AsyncClient,
    clock: FrozenClock,
) -> None:
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    fulltexts = make_fulltexts()
    reviewer = Reviewer(
        ReviewConfig(), sqlite_store, http, clock, None, classifier=CueRoles(), fulltexts=fulltexts
    )
    before = await reviewer.review(PAPER)
    assert before.basis is Basis.ABSTRACT
    assert server.seen == []  # the reviewer itself never fetches
    assert await fulltexts.get(PAPER) is not None  # fetched ahead (daily post, `review`)
    after = await reviewer.review(PAPER)
    assert after.basis is Basis.FULL_TEXT
    assert [s.name for s in after.sections][2] == "Implementation"
    results = next(s for s in after.sections if s.name == "Results")
    assert results.sources[0].anchor == "S5.SS1.p1"
    cached = await sqlite_store.get_review(PAPER.arxiv_id, "extractive")
    assert cached is not None
    assert cached.basis is Basis.FULL_TEXT
    assert cached.sections == after.sections  # sources survive the store
    again = await Reviewer(
        ReviewConfig(), sqlite_store, http, clock, None, classifier=CueRoles(), fulltexts=fulltexts
    ).review(PAPER)
    assert again.sections == after.sections


async def test_fetch_ahead_reviews_a_candidate_from_its_full_text(
    server: FakeServer,
    make_fulltexts: Callable[..., FullTexts],
    sqlite_store: SqlStore,
    http: httpx.AsyncClient,
    clock: FrozenClock,
) -> None:
    server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    server.serve("/html/2402.00001", Reply(status=404))
    server.serve("/pdf/2402.00001", Reply(status=404))
    fulltexts = make_fulltexts()
    reviewer = Reviewer(
        ReviewConfig(), sqlite_store, http, clock, None, classifier=CueRoles(), fulltexts=fulltexts
    )
    ahead = FetchAhead(reviewer, fulltexts)
    review = await ahead.review(PAPER, number=7)
    assert (review.basis, review.number) == (Basis.FULL_TEXT, 7)
    other = Paper("2402.00001", "Small Agents", ABSTRACT.replace("SparseRoute", "TabAgent"))
    assert (await ahead.review(other)).basis is Basis.ABSTRACT  # none: the abstract, no error
