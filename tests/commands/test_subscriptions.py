"""subscribe / unsubscribe / subscriptions against a real SQLite store."""

from __future__ import annotations

import datetime as dt

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.model import CommandInvocation, DeliveryMode, Owner, Subscription
from bot.query import parse_query
from storage import SqlStore
from tests.commands.conftest import Invoke, text_of

OWNER = Owner("console", "local", "u1")


async def test_subscribe_normalises_stores_and_shows_examples(
    invoke: Invoke, filled_store: SqlStore
) -> None:
    reply = await invoke("subscribe", 'Diffusion  cat:cs.lg "State Space" -Survey')
    text = text_of(reply)
    assert 'cat:cs.LG "state space" diffusion -survey' in text
    assert "daily digest at 09:00 UTC" in text
    held = await filled_store.list_subscriptions(OWNER)
    assert [s.query for s in held] == ['cat:cs.LG "state space" diffusion -survey']
    assert held[0].mode is DeliveryMode.DAILY
    example = text_of(await invoke("subscribe", "diffusion mode:instant"))
    assert "as soon as they arrive" in example
    assert "Recent papers it would have matched" in example
    assert "Diffusion Models for Video Generation" in example


async def test_subscribe_takes_time_and_the_users_time_zone(
    dispatcher: Dispatcher, filled_store: SqlStore
) -> None:
    invocation = CommandInvocation(
        "console", "local", "general", "u1", False, "subscribe", "robots time:07:15",
        user_timezone="Asia/Tokyo",
    )  # fmt: skip
    text = text_of(await dispatcher(invocation))
    assert "07:15 Asia/Tokyo" in text
    [sub] = await filled_store.list_subscriptions(OWNER)
    assert sub.digest_time == dt.time(7, 15)
    assert sub.timezone == "Asia/Tokyo"


async def test_the_same_topic_twice_is_refused_even_when_spelled_differently(
    invoke: Invoke, filled_store: SqlStore
) -> None:
    await invoke("subscribe", "diffusion video")
    text = text_of(await invoke("subscribe", "VIDEO   Diffusion"))
    assert "already follow" in text
    assert len(await filled_store.list_subscriptions(OWNER)) == 1


async def test_limits_on_topic_length_and_count(
    invoke: Invoke, filled_store: SqlStore, clock: FrozenClock
) -> None:
    too_long = text_of(await invoke("subscribe", "word " * 41))
    assert "at most 200 characters" in too_long
    for i in range(25):
        clock.advance(seconds=4)  # stay under the 20 commands a minute
        assert "Subscribed" in text_of(await invoke("subscribe", f"topic{i}"))
    refused = text_of(await invoke("subscribe", "one more"))
    assert "25 topics, the most allowed" in refused
    assert len(await filled_store.list_subscriptions(OWNER)) == 25


async def test_only_valid_topics_are_stored(invoke: Invoke, filled_store: SqlStore) -> None:
    for bad in ("-survey", "cat:cs.NOPE x", '"unclosed', "@everyone news", "", "mode:weekly x"):
        text = text_of(await invoke("subscribe", bad))
        assert "Example:" in text, (bad, text)
    assert await filled_store.list_subscriptions(OWNER) == []


async def test_a_mention_cannot_be_a_topic(invoke: Invoke, filled_store: SqlStore) -> None:
    for mention in ("@everyone", "diffusion <@U123>", "@here news"):
        text = text_of(await invoke("subscribe", mention))
        assert "mentions (of everyone, a channel or a person) cannot be a topic" in text
        assert "searched" not in text
        assert "Example: `/paper subscribe cat:cs.LG" in text
    searched = text_of(await invoke("search", "@everyone"))
    assert "cannot be searched" in searched  # a search still says search
    assert await filled_store.list_subscriptions(OWNER) == []


async def test_list_and_unsubscribe_by_id_or_topic(invoke: Invoke, filled_store: SqlStore) -> None:
    await invoke("subscribe", "diffusion")
    await invoke("subscribe", "robots mode:instant")
    listing = text_of(await invoke("subscriptions"))
    held = await filled_store.list_subscriptions(OWNER)
    for sub in held:
        assert f"{sub.id}. {sub.query}" in listing
    assert "instant" in listing
    assert "0 matches so far" in listing
    first = held[0]
    assert "Unsubscribed" in text_of(await invoke("unsubscribe", str(first.id)))
    assert "Unsubscribed" in text_of(await invoke("unsubscribe", "Robots"))
    assert await filled_store.list_subscriptions(OWNER) == []
    missing = text_of(await invoke("unsubscribe", "999"))
    assert "no subscription" in missing
    assert "Example:" in missing


async def test_users_cannot_remove_each_others_topics(
    invoke: Invoke, filled_store: SqlStore
) -> None:
    await invoke("subscribe", "diffusion", user="alice")
    [sub] = await filled_store.list_subscriptions(Owner("console", "local", "alice"))
    assert "no subscription" in text_of(await invoke("unsubscribe", str(sub.id), user="bob"))
    assert await filled_store.list_subscriptions(Owner("console", "local", "alice")) == [sub]


async def test_on_subscribed_is_called_with_the_new_subscription(
    deps: CommandDeps, clock: FrozenClock
) -> None:
    seen: list[Subscription] = []

    async def on_subscribed(subscription: Subscription) -> None:
        seen.append(subscription)

    dispatcher = Dispatcher(
        CommandDeps(deps.store, clock, deps.config, on_subscribed=on_subscribed)
    )
    await dispatcher(CommandInvocation("console", "local", "c", "u1", False, "subscribe", "gnn"))
    assert [s.query for s in seen] == ["gnn"]
    assert parse_query(seen[0].query).terms == ("gnn",)
