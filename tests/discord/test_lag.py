"""Deferring by the event loop's lag, not a fixed timer (issue 23, item 5)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable

from adapters.discord import DiscordAdapter
from adapters.discord.lag import LoopLag
from tests.discord import payloads as p
from tests.discord.conftest import RecordingHandler
from tests.discord.fake import FakeDiscord

_ids = itertools.count(7000)


async def test_a_tick_that_runs_late_is_measured_as_lag() -> None:
    readings = itertools.count(0, 0.3)  # each reading of the clock is 0.3 s after the last
    lag = LoopLag(tick=0.001, monotonic=lambda: float(next(readings)))
    lag.start()
    try:
        await asyncio.wait_for(lag.measured.wait(), 5)
    finally:
        await lag.stop()
    assert 0.29 <= lag.peak <= 0.3


def test_lag_rises_at_once_and_falls_slowly() -> None:
    lag = LoopLag()
    lag.record(1.0)
    assert lag.lag == 1.0
    lag.record(0.0)
    assert 0.5 < lag.lag < 1.0
    for _ in range(60):
        lag.record(0.0)
    assert lag.lag < 0.01
    assert lag.peak == 1.0


async def test_when_the_loop_lags_an_interaction_is_deferred_at_once(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(defer_after=2.5)
    await adapter.start(handler)
    try:
        adapter._lag.record(5.0)  # a burst has the loop 5 s behind
        number = next(_ids)
        await fake.dispatch("INTERACTION_CREATE", p.interaction(number, f"t-{number}", "help"))
        first = await fake.next_callback()
        assert first.body["type"] == 5, "deferred first, without waiting 2.5 s"
        edit = await fake.next_edit()
        assert "ran help" in str(edit)
    finally:
        await adapter.stop()


async def test_when_the_loop_keeps_up_a_quick_answer_is_not_deferred(
    fake: FakeDiscord, make_adapter: Callable[..., DiscordAdapter], handler: RecordingHandler
) -> None:
    adapter = make_adapter(defer_after=2.5)
    await adapter.start(handler)
    try:
        number = next(_ids)
        await fake.dispatch("INTERACTION_CREATE", p.interaction(number, f"t-{number}", "help"))
        first = await fake.next_callback()
        assert first.body["type"] == 4, "answered directly"
    finally:
        await adapter.stop()
