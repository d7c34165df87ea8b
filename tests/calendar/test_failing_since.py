"""A source's run of failures keeps when it began, for `status` to say "failed since"."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.calendar.explain import failing_from_states, failing_reasons
from bot.clock import FrozenClock
from bot.sources.poller import Poller
from storage import Store
from tests.sources import builders as b
from tests.sources.conftest import FakeServer, Reply, source


async def test_failed_since_is_the_first_failure_of_the_run(
    server: FakeServer, make_poller: Callable[..., Poller], clock: FrozenClock, db: Store
) -> None:
    url = server.serve("/feed.xml", Reply(status=503))
    poller = make_poller(source("blog", "feed", url))
    first = clock.now()
    for _ in range(3):
        await poller.poll("blog")
        clock.advance(hours=1)
    failing = failing_from_states(await db.all_poll_states())
    assert [(f.source, f.since) for f in failing] == [("blog", first)]
    assert "503" in failing[0].error
    [reason] = failing_reasons(failing, clock.now(), ZoneInfo("UTC"))
    assert reason.text.startswith(f"blog has failed since {first:%H:%M} (")

    # it recovers: not failing; a later failure starts a new run
    server.serve("/feed.xml", Reply(body=b.blog_feed([b.blog_entry("a", "arXiv:2510.00001")])))
    await poller.poll("blog")
    assert failing_from_states(await db.all_poll_states()) == []
    clock.advance(hours=5)
    server.serve("/feed.xml", Reply(status=500))
    await poller.poll("blog")
    assert [f.since for f in failing_from_states(await db.all_poll_states())] == [clock.now()]
