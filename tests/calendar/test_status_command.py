"""`/paper status` in a channel says why its posts are quiet, in the reader's time zone."""

from __future__ import annotations

import datetime as dt

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from bot.model import CommandInvocation
from storage import Store
from storage.base import ChannelState, PollState

CONFIG = Config.model_validate(
    {
        "sources": [{"name": "arxiv-ml", "kind": "arxiv", "query": "cat:cs.LG"}],
        "channels": [
            {"name": "ml-daily", "target": "general", "time": "09:00", "timezone": "Europe/Berlin"}
        ],
    }
)


async def ask(store: Store, at: dt.datetime, zone: str | None = None) -> str:
    deps = CommandDeps(store, FrozenClock(at), CONFIG)
    invocation = CommandInvocation(
        "console", "local", "general", "u", False, "status", user_timezone=zone
    )
    return (await Dispatcher(deps)(invocation)).message.fallback


async def test_status_on_a_saturday_with_a_failing_source(db: Store) -> None:
    saturday = dt.datetime(2026, 12, 12, 9, 30, tzinfo=dt.UTC)
    await db.save_channel_state(
        ChannelState(name="ml-daily", last_post_at=saturday - dt.timedelta(minutes=30))
    )
    await db.save_poll_state(
        PollState(
            "arxiv-ml",
            last_error="HTTP 503",
            last_error_at=saturday,
            consecutive_failures=2,
            cursor={"failing_since": "2026-12-12T05:10:00+00:00"},
        )
    )
    text = await ask(db, saturday, zone="Europe/Berlin")
    assert "failing since Sat 12 Dec 06:10 CET" in text
    assert "next announcement Mon 14 Dec 02:00 CET" in text  # Sunday 20:00 Eastern
    assert "The last post had 0 new paper(s): arXiv does not announce on weekends" in text
    assert "arxiv-ml has failed since 06:10 (HTTP 503)" in text
