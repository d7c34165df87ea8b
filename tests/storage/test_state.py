"""Channel state (with the running review number) and the review cache."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.model import Link, Review, ReviewSection
from storage import ChannelState, SqlStore
from tests.storage.factories import NOW


async def test_channel_state_round_trip(store: SqlStore) -> None:
    assert await store.get_channel_state("lab") is None
    state = ChannelState(
        name="lab",
        time="08:30",
        timezone="Asia/Seoul",
        sources=("arxiv",),
        categories=("cs.LG", "cs.CL"),
        top=3,
        paused=True,
        last_post_day=NOW.date(),
        last_post_at=NOW,
    )
    await store.save_channel_state(state)
    assert await store.get_channel_state("lab") == state
    await store.save_channel_state(ChannelState(name="lab"))
    assert await store.get_channel_state("lab") == ChannelState(name="lab")


async def test_review_numbers_are_atomic_and_survive_a_stale_save(store: SqlStore) -> None:
    numbers = await asyncio.gather(*(store.next_review_number("lab") for _ in range(10)))
    assert sorted(numbers) == list(range(1, 11))
    stale = ChannelState(name="lab", top=7, review_counter=4)
    await store.save_channel_state(stale)
    saved = await store.get_channel_state("lab")
    assert saved is not None
    assert (saved.top, saved.review_counter) == (7, 10)
    assert await store.next_review_number("lab") == 11
    assert await store.next_review_number("other") == 1


def _review(producer: str = "extractive", hook: str = "A hook.") -> Review:
    return Review(
        paper_id="2403.00001",
        title="A paper",
        date=dt.date(2024, 3, 1),
        hook=hook,
        sections=(ReviewSection("Key Problem", "Slow."), ReviewSection("Results", "Faster.")),
        link="https://arxiv.org/abs/2403.00001",
        producer=producer,  # type: ignore[arg-type]
        emoji="📄",
        number=12,
        links=(Link("pdf", "https://arxiv.org/pdf/2403.00001"),),
        categories=("cs.LG",),
        upvotes=9,
    )


async def test_review_cache_per_paper_and_producer(store: SqlStore) -> None:
    assert await store.get_review("2403.00001", "extractive") is None
    await store.save_review(_review(), NOW)
    await store.save_review(_review("llm", "An LLM hook."), NOW + dt.timedelta(hours=1))
    assert await store.get_review("2403.00001", "extractive") == _review()
    assert await store.get_review("2403.00001", "llm") == _review("llm", "An LLM hook.")
    await store.save_review(_review(hook="Rewritten."), NOW)
    cached = await store.get_review("2403.00001", "extractive")
    assert cached is not None
    assert cached.hook == "Rewritten."
    assert await store.count_reviews_since("llm", NOW) == 1
    assert await store.count_reviews_since("llm", NOW + dt.timedelta(hours=2)) == 0
