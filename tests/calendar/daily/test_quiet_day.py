"""A quiet day says why, once; a paper that comes after its day's post goes in the next."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.clock import FrozenClock
from bot.config import Config
from bot.delivery.daily import DailyPoster
from bot.delivery.ratelimit import Limits, Rate, RateLimiter
from bot.delivery.sender import Sender
from bot.review import Reviewer, review_message
from storage.base import ChannelState, PollState, Store
from tests.delivery.conftest import paper
from tests.e2e.fakeplatform import FakePlatform, FakePlatformAdapter

SATURDAY = dt.datetime(2026, 3, 7, 9, 0, tzinfo=dt.UTC)


def config(**channel: object) -> Config:
    return Config.model_validate(
        {
            "sources": [{"name": "arxiv-ml", "kind": "arxiv", "query": "cat:cs.LG"}],
            "channels": [
                {"name": "papers", "adapter": "fake", "target": "C1", "top": 3, **channel}
            ],
            "review": {"producer": "extractive"},
        }
    )


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:  # the reviewer's; no LLM, never used
        yield client


def bot(cfg: Config, store: Store, clock: FrozenClock, http: httpx.AsyncClient,
        adapter: FakePlatformAdapter) -> tuple[DailyPoster, Sender]:  # fmt: skip
    reviewer = Reviewer(cfg.review, store, http, clock, None)
    poster = DailyPoster(cfg, store, reviewer, clock, render=review_message)
    unlimited = RateLimiter(Limits(Rate(0.0), Rate(0.0)))
    return poster, Sender(store, {"fake": adapter}, clock, limiters={"fake": unlimited})


async def test_a_saturday_says_why_once_and_a_late_paper_goes_in_the_next_post(
    sqlite_store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    store = sqlite_store
    clock.set(SATURDAY)
    await store.save_channel_state(
        ChannelState(name="papers", last_post_at=SATURDAY - dt.timedelta(days=1))
    )
    poster, sender = bot(config(), store, clock, http, adapter)
    assert (await poster.post("papers")).status == "empty"
    assert (await poster.post("papers")).status == "already"  # a restart: not twice
    await sender.drain()
    [note] = platform.messages
    assert note.content == (
        "Daily Paper, 07.03.26: no new papers (arXiv does not announce on weekends). Back tomorrow."
    )

    # a paper that arrives after Saturday's post (a source recovering) ...
    clock.advance(hours=1)
    await store.upsert_papers([paper("2603.00042")], clock.now())
    clock.set(SATURDAY + dt.timedelta(days=1))
    assert (await poster.post("papers")).papers == ("2603.00042",)  # ... goes in Sunday's
    clock.set(SATURDAY + dt.timedelta(days=2))
    assert (await poster.post("papers")).status == "empty"  # ... once
    await sender.drain()
    assert sum("2603.00042" in m.content for m in platform.messages) == 1


async def test_a_quiet_weekday_names_the_failing_source_and_skip_stays_silent(
    sqlite_store: Store,
    clock: FrozenClock,
    http: httpx.AsyncClient,
    adapter: FakePlatformAdapter,
    platform: FakePlatform,
) -> None:
    store = sqlite_store
    wednesday = SATURDAY - dt.timedelta(days=3)
    clock.set(wednesday)
    await store.save_channel_state(
        ChannelState(name="papers", last_post_at=wednesday - dt.timedelta(days=1))
    )
    failing = PollState(
        "arxiv-ml", last_error="HTTP 503", last_error_at=wednesday, consecutive_failures=3,
        cursor={"failing_since": "2026-03-03T22:10:00+00:00"},
    )  # fmt: skip
    await store.save_poll_state(failing)
    poster, sender = bot(config(), store, clock, http, adapter)
    await poster.post("papers")
    await sender.drain()
    [note] = platform.messages
    assert "arxiv-ml has failed since Tue 3 Mar 22:10 (HTTP 503)" in note.content

    # quiet_day = "skip": nothing is sent the next day
    clock.advance(days=1)
    await store.save_poll_state(dataclasses.replace(failing, consecutive_failures=0))
    poster, sender = bot(config(quiet_day="skip"), store, clock, http, adapter)
    assert (await poster.post("papers")).status == "skipped"
    await sender.drain()
    assert len(platform.messages) == 1
