"""Instant DMs across a crash: the process planning them is killed (SIGKILL, a real
subprocess) partway through the users (between two users' writes, or inside one: after
the paper is marked seen for that user, before the DM's intent is committed with it); the
next process finishes the job, and every subscriber gets the paper exactly once."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sys
from collections import Counter

import pytest

from bot.model import DeliveryMode, Owner, Paper
from storage import open_store
from tests.e2e.conftest import Deployment

USERS = [f"u{n}" for n in range(6)]
PAPER = "2611.00042"


async def subscribe_and_store_a_match(deployment: Deployment) -> None:
    store = await open_store(deployment.db_url)
    try:
        now = dt.datetime.now(dt.UTC)
        for user in USERS:
            await store.add_subscription(
                Owner("fake", "W1", user), '"diffusion bridge"', DeliveryMode.INSTANT, now
            )
        paper = Paper(PAPER, "Diffusion bridge samplers", "We build a diffusion bridge sampler.")
        await store.upsert_papers([paper], now + dt.timedelta(seconds=1))
    finally:
        await store.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kill", "left"),
    [
        ("store.enqueue_for_user:3:before", 4),  # two users planned, the third not yet
        # Inside the third user's transaction: the paper marked seen for that user and the
        # DM built, not committed. The next process still serves that user.
        ("store.enqueue_for_user.build:3:after", 4),
        ("store.enqueue_for_user:4:after", 2),  # four DMs written, nothing sent yet
    ],
)
async def test_killed_while_planning_instant_dms_every_user_gets_one(
    deployment: Deployment, kill: str, left: int
) -> None:
    await subscribe_and_store_a_match(deployment)
    module = (sys.executable, "-m", "tests.e2e.crashinstant", str(deployment.config))
    crashed = await deployment.run(*module, "plan", PAPER, "--kill", kill)
    assert crashed.code == -signal.SIGKILL, crashed.stderr
    assert deployment.platform.messages == []  # killed before sending anything

    resumed = await deployment.run(*module, "resume")
    assert resumed.code == 0, resumed.stderr
    assert json.loads(resumed.stdout)["planned"] == left  # the users the crash left
    dms = Counter(m.channel for m in deployment.platform.messages)
    assert dms == {f"dm-{user}": 1 for user in USERS}
    assert all("Diffusion bridge samplers" in m.content for m in deployment.platform.messages)

    again = await deployment.run(*module, "resume")  # a later start: nothing more
    assert again.code == 0, again.stderr
    assert json.loads(again.stdout)["planned"] == 0
    assert len(deployment.platform.messages) == len(USERS)
