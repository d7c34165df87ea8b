"""Three real `paperboy run` processes on one PostgreSQL, a fake chat platform, SIGKILL.

One daily post to 50 channels (two papers each) and one direct message to each of 500
instant subscribers go out while the process holding the scheduler lock is killed with
SIGKILL. Every message must arrive exactly once, another process must take over the
scheduler (and poll again), and no log line may hold a secret.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy.engine import make_url

from bot.model import DeliveryMode, Owner, Paper
from storage import open_store
from storage.base import DeliveryStatus, Store
from tests.ops.fake_platform import FakePlatform
from tests.ops.runner import BotProcess, start_bot, wait_for

CHANNELS = 50
USERS = 500
TOP = 2
ADAPTER = "fake"
KIND = "tests.ops.fake_platform:FakePlatformAdapter"
TOKEN = "xoxb-111122223333-444455556666-AbCdEfGhIjKlMnOpQrStUvWx"
PASSWORD = "hunter2-not-in-logs"

pytestmark = pytest.mark.slow


def feed_xml(ids: list[str]) -> str:
    items = "".join(
        f"<item><title>Diffusion models for graphs, part {n}</title>"
        f"<link>https://arxiv.org/abs/{paper_id}</link><guid>{paper_id}</guid>"
        f"<description>We study diffusion models on graphs (arXiv:{paper_id}).</description>"
        "<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>"
        for n, paper_id in enumerate(ids)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Reviews</title>'
        f"<link>https://blog.example</link><description>d</description>{items}</channel></rss>"
    )


@pytest.fixture
async def platform() -> AsyncIterator[tuple[FakePlatform, str]]:
    # 50 sends a second at most: the run lasts long enough to kill a process in the middle
    # Each send takes 2 s (sends run concurrently): the fan-out lasts long enough to kill a
    # process in its middle. The lease (6 s) is longer than a send, as it must be.
    fake = FakePlatform(feed_xml=feed_xml(["2603.00101", "2603.00102", "2603.00103"]), delay=2.0)
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield fake, f"http://127.0.0.1:{port}"
    await runner.cleanup()


def config_toml(api: str, channels: int = CHANNELS) -> str:
    due = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)).strftime("%H:%M")
    lines = [
        "[[sources]]",
        'name = "blog"',
        'kind = "feed"',
        f'url = "{api}/feed.xml"',
        'interval = "2s"',
        "retries = 0",
        "",
        "[[sources]]",  # not polled: where the feed looks up the papers its posts cite
        'name = "arxiv"',
        'kind = "arxiv"',
        f'url = "{api}/api/query"',
        'query = "cat:cs.LG"',
        "enabled = false",
        "",
        "[scheduler]",
        'grace = "6h"',
        "",
        f"[adapters.{ADAPTER}]",
        f'kind = "{KIND}"',
        f'api_url = "{api}"',
        "",
    ]
    for n in range(channels):
        lines += [
            "[[channels]]",
            f'name = "c{n}"',
            f'adapter = "{ADAPTER}"',
            f'target = "C{n}"',
            f'time = "{due}"',
            'timezone = "UTC"',
            f"top = {TOP}",
            "",
        ]
    return "\n".join(lines)


async def seed(url: str, users: int = USERS) -> list[str]:
    """Two well-upvoted papers (the daily post's picks) and `users` instant subscribers."""
    store = await open_store(url)
    now = dt.datetime.now(dt.UTC)
    try:
        picks = [
            Paper("2603.00001", "Sparse attention at scale", "Abstract one.", upvotes=100),
            Paper("2603.00002", "Long-context retrieval", "Abstract two.", upvotes=90),
        ]
        await store.upsert_papers(picks, now)
        for n in range(users):
            await store.add_subscription(
                Owner(ADAPTER, "W1", f"U{n}"), "diffusion", DeliveryMode.INSTANT, now
            )
    finally:
        await store.close()
    return [p.arxiv_id for p in picks]


async def settled(store: Store) -> bool:
    busy = await store.deliveries(status=DeliveryStatus.SENDING, limit=1)
    return not busy and await store.outbox_depth() == 0


async def leader(bots: list[BotProcess]) -> BotProcess | None:
    for bot in bots:
        if bot.process.returncode is None and await bot.role() == "leader":
            return bot
    return None


async def test_three_processes_kill_the_scheduler_holder_every_message_once(
    tmp_path: Path, pg_url: str, platform: tuple[FakePlatform, str]
) -> None:
    fake, api = platform
    url = make_url(pg_url).set(password=PASSWORD).render_as_string(hide_password=False)
    picks = await seed(pg_url)
    config = tmp_path / "paperboy.toml"
    config.write_text(config_toml(api), encoding="utf-8")
    env = {
        "PAPERBOY_CONFIG": str(config),
        "PAPERBOY_STORAGE__URL": url,
        "PAPERBOY_DELIVERY__LEASE": "6s",
        "SLACK_BOT_TOKEN": TOKEN,
    }
    bots = [
        await start_bot(f"bot{n}", tmp_path, env, "--log-format", "json", "-v", "run")
        for n in range(3)
    ]
    monitor = await open_store(pg_url, migrate=False)
    try:
        holder: BotProcess = await wait_for(lambda: leader(bots), 30, "a scheduler leader")
        # Kill once the post and the DMs are all planned (in the outbox) and being sent:
        # this test is about the sends taken over. A kill while the DM intents are still
        # being written loses none either (each user's seen papers and DM are committed
        # together; the next scheduler holder plans the users left): that is tested in
        # tests/e2e/test_crash_instant.py.
        await wait_for(lambda: _planned(monitor, CHANNELS * TOP + USERS), 30, "the plan")
        assert len(fake.messages) < CHANNELS * TOP + USERS, "the run ended before the kill"
        in_flight = await monitor.deliveries(status=DeliveryStatus.SENDING, limit=10_000)
        killed_at = time.monotonic()
        holder.kill()
        await holder.process.wait()
        survivors = [bot for bot in bots if bot is not holder]

        successor: BotProcess = await wait_for(lambda: leader(survivors), 30, "a new leader")
        assert time.monotonic() - killed_at < 30
        try:
            await wait_for(_at_least(fake, CHANNELS * TOP + USERS), 40, "every message to arrive")
        except AssertionError as exc:
            raise AssertionError(f"{exc}; {await _progress(fake, monitor)}") from None
        await wait_for(lambda: settled(monitor), 20, "the outbox to drain")
        # the schedule goes on: the new leader polls the source again
        await wait_for(_fetched_after(fake, killed_at), 15, "a poll by the new scheduler holder")

        counts = fake.counts()
        duplicates = {key: n for key, n in counts.items() if n > 1}
        assert duplicates == {}
        targets = Counter(m.target for m in fake.messages)
        for n in range(CHANNELS):
            assert targets[f"{ADAPTER}:C{n}"] == TOP
            keys = {m.key for m in fake.messages if m.target == f"{ADAPTER}:C{n}"}
            assert keys == {f"post:{ADAPTER}:C{n}:{paper}" for paper in picks}
        for n in range(USERS):
            assert targets[f"{ADAPTER}:dm:U{n}"] == 1
        assert len(fake.messages) == CHANNELS * TOP + USERS
        senders = Counter(m.pid for m in fake.messages)
        assert len(senders) == 3  # every process shared the fan-out
        assert successor.pid in senders

        # whatever was claimed when the holder died (its own claims included) was taken
        # over after the lease: every delivery ends SENT, none twice (checked above).
        # (Whether the holder had a claim at that instant is timing, so not asserted.)
        ledger = await monitor.deliveries(limit=10_000)
        assert {d.key for d in in_flight} <= {d.key for d in ledger}
        assert all(d.status is DeliveryStatus.SENT for d in ledger)

        for bot in survivors:
            assert await bot.terminate(10) == 0
    finally:
        await monitor.close()
        for bot in bots:
            bot.kill()
    logged = [line for bot in bots for line in bot.log_lines()]
    assert not [line for line in logged if TOKEN in line or PASSWORD in line]
    events = [json.loads(line) for line in logged if line.startswith("{")]  # --log-format json
    assert any(e["event"].startswith("fake adapter fake") for e in events)  # it tried to leak
    assert any(e["event"] == "this process now runs the scheduler" for e in events)


def _at_least(fake: FakePlatform, count: int):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return len(fake.messages) >= count

    return check


def _fetched_after(fake: FakePlatform, moment: float):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return any(at > moment for at in fake.feed_fetches)

    return check


async def _planned(store: Store, count: int) -> bool:
    return len(await store.deliveries(limit=10_000)) >= count  # every status, one query


async def _progress(fake: FakePlatform, store: Store) -> str:
    """What arrived and what the outbox holds, for a failure message."""
    posts = sum(1 for m in fake.messages if ":dm:" not in m.target)
    held = {
        status.value: len(await store.deliveries(status=status, limit=10_000))
        for status in DeliveryStatus
    }
    return f"arrived: {posts} channel posts, {len(fake.messages) - posts} DMs; outbox: {held}"


async def test_split_roles_the_scheduler_plans_and_only_workers_send(
    tmp_path: Path, pg_url: str, platform: tuple[FakePlatform, str]
) -> None:
    fake, api = platform
    channels, users = 5, 10
    await seed(pg_url, users)
    config = tmp_path / "paperboy.toml"
    config.write_text(config_toml(api, channels), encoding="utf-8")
    env = {"PAPERBOY_CONFIG": str(config), "PAPERBOY_STORAGE__URL": pg_url}
    scheduler = await start_bot("scheduler", tmp_path, env, "run", "--role", "scheduler")
    worker = await start_bot("worker", tmp_path, env, "run", "--role", "worker")
    try:
        await wait_for(lambda: leader([scheduler]), 30, "the scheduler to lead")
        await wait_for(_at_least(fake, channels * TOP + users), 30, "every message")
        assert {m.pid for m in fake.messages} == {worker.pid}
        found = await worker.health()
        assert found is not None
        status, body = found
        assert status == 200
        assert "scheduler" not in body["checks"]  # a worker runs no scheduler
        # each process counts what it did: the scheduler polls and reviews, the worker sends
        planned, sent = await scheduler.metrics(), await worker.metrics()
        assert planned[("paperboy_polls_total", (("source", "blog"),))] >= 1
        assert planned[("paperboy_papers_stored_total", (("source", "blog"),))] == 3
        assert sum(v for (name, _), v in planned.items() if name == "paperboy_reviews_total") > 0
        assert planned[("paperboy_scheduler_leader", ())] == 1
        assert sent[("paperboy_sends_total", (("adapter", ADAPTER),))] == channels * TOP + users
        assert await scheduler.terminate(10) == 0
        assert await worker.terminate(10) == 0
    finally:
        scheduler.kill()
        worker.kill()
