"""The real pipeline to the fake Discord: daily poster -> outbox -> sender -> adapter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx

from adapters.discord import DiscordAdapter
from bot.clock import FrozenClock
from bot.config import ChannelConfig, Config, SourceConfig
from bot.delivery.daily import DailyPoster
from bot.delivery.sender import Sender
from bot.model import Paper
from bot.review import Reviewer, review_message
from storage import SqlStore
from tests.discord import payloads as p
from tests.discord.conftest import START
from tests.discord.fake import FakeDiscord
from tests.discord.limits import check_payload

CHANNEL = str(p.CHANNEL_ID)
ABSTRACT = (
    "We study {topic} at scale. Existing methods fail on long inputs. "
    "We propose a simple recipe that trains faster. Results improve accuracy by 4 points. "
    "The method matters for practitioners who need cheap training."
)


def _paper(number: int, topic: str) -> Paper:
    return Paper(
        arxiv_id=f"2511.0000{number}",
        title=f"**{topic.title()}** for @everyone",
        abstract=ABSTRACT.format(topic=topic) * 3,
        authors=("Ada Lovelace",),
        categories=("cs.LG",),
        primary_category="cs.LG",
        published=START - dt.timedelta(hours=number),
        sources=frozenset({"arxiv-ml"}),
    )


async def test_a_digest_day_posts_one_parent_and_every_review_in_its_thread(
    fake: FakeDiscord,
    make_adapter: Callable[..., DiscordAdapter],
    sqlite_store: SqlStore,
    clock: FrozenClock,
) -> None:
    channel = ChannelConfig(name="lab", adapter="discord", target=CHANNEL, mode="digest", top=3)
    source = SourceConfig(name="arxiv-ml", kind="arxiv", query="cat:cs.LG")
    config = Config(sources=(source,), channels=(channel,))
    await sqlite_store.upsert_papers(
        [_paper(n, t) for n, t in enumerate(["diffusion", "state spaces", "graphs"], 1)],
        START - dt.timedelta(hours=6),
    )
    adapter = make_adapter()
    async with httpx.AsyncClient() as http:
        reviewer = Reviewer(config.review, sqlite_store, http, clock, None)
        poster = DailyPoster(config, sqlite_store, reviewer, clock, render=review_message)
        outcome = await poster.post("lab")
        assert outcome.status == "planned", outcome.describe()
        sender = Sender(
            sqlite_store, {"discord": adapter}, clock, adapter_kinds={"discord": "discord"}
        )
        try:
            await sender.drain()
        finally:
            await adapter.stop()
    (parent,) = fake.messages[CHANNEL]
    (thread,) = fake.threads.values()
    assert thread["id"] == parent["id"]
    reviews = fake.messages[parent["id"]]
    assert len(reviews) >= len(outcome.papers) == 3
    for message in [parent, *reviews]:
        check_payload(message["content"] or None, message["embeds"])
        assert message["allowed_mentions"] == {"parse": []}
    titles = [m["embeds"][0].get("title", "") for m in reviews]
    assert all(t.startswith(r"\*\*") for t in titles), titles
    footers = [e["footer"]["text"] for m in reviews for e in m["embeds"] if "footer" in e]
    assert all("Paper Review No." in f for f in footers), footers
    delivered = await sqlite_store.deliveries(channel_name="lab", day=outcome.day)
    assert {d.status.value for d in delivered} == {"sent"}
    assert {d.message_id for d in delivered} <= {m["id"] for m in [parent, *reviews]}
