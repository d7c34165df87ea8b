"""Exactly once across crashes: a daily post killed (SIGKILL, a real subprocess) at each
step, then restarted, gives every channel each selected paper exactly once."""

from __future__ import annotations

import datetime as dt
import signal

import pytest

from storage import open_store
from storage.base import DeliveryStatus
from tests.e2e.conftest import Deployment

DAY = dt.date(2026, 3, 2)
CHANNELS = {"lab": "LAB", "digest": "DIGEST"}

KILL_POINTS = [
    "store.next_review_number:2:after",  # numbering, before any intent is written
    "store.enqueue:1:after",  # the first channel's intents written, its state not saved
    "store.claim:1:after",  # claimed (SENDING), nothing sent
    "adapter.send:2:after",  # sent, its message id not recorded: the dangerous window
    "adapter.send:6:after",  # later in the post, in the digest thread
    "store.mark_sent:3:after",  # recorded, the rest not sent
]


async def check_exactly_once(deployment: Deployment, console_output: str) -> None:
    store = await open_store(deployment.db_url)
    try:
        for name, target in CHANNELS.items():
            rows = await store.deliveries(channel_name=name, day=DAY)
            assert rows, f"{name}: nothing was planned"
            assert all(r.status is DeliveryStatus.SENT for r in rows), [
                (r.key, r.status) for r in rows
            ]
            nonces = [str(m.nonce) for m in deployment.platform.in_channel(target)]
            assert sorted(nonces) == sorted({r.key for r in rows})  # each once, none missing
            if name == "digest":
                parent = next(m for m in deployment.platform.in_channel(target) if m.thread is None)
                assert all(
                    m.thread == parent.id
                    for m in deployment.platform.in_channel(target)
                    if m is not parent
                )
        rows = await store.deliveries(channel_name="terminal", day=DAY)
        assert len(rows) == 3
        assert all(r.status is DeliveryStatus.SENT for r in rows)
        assert console_output.count("── to #general ──") == 3
        for row in rows:
            assert row.paper_id is not None
            paper = await store.get_paper(row.paper_id)
            assert paper is not None
            headers = [
                line
                for line in console_output.splitlines()
                if line.startswith("Daily Paper") and line.endswith(paper.title)
            ]
            assert len(headers) == 1, paper.title
    finally:
        await store.close()


@pytest.mark.slow
@pytest.mark.parametrize("kill", KILL_POINTS)
async def test_killed_at_each_step_every_channel_gets_each_paper_once(
    deployment: Deployment, kill: str
) -> None:
    crashed = await deployment.crashpost(DAY, "--kill", kill)
    assert crashed.code == -signal.SIGKILL, crashed.stderr
    # Restart after the send leases ran out (the sender re-checks SENDING rows first).
    again = await deployment.crashpost(DAY, "--clock-offset", "180")
    assert again.code == 0, again.stderr
    await check_exactly_once(deployment, crashed.stdout + again.stdout)
    if kill == "adapter.send:2:after":
        # And a third run posts nothing more, and says so.
        before = len(deployment.platform.messages)
        third = await deployment.crashpost(DAY, "--clock-offset", "360")
        assert third.code == 0, third.stderr
        assert "already posted" in third.stdout
        assert len(deployment.platform.messages) == before
        assert "── to #general ──" not in third.stdout
