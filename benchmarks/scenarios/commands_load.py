"""Scenario `commands_load`: slash commands under load, Slack HTTP mode and Discord, one store.

Slack: `commands` signed `/paper` commands (default 1,000) at `concurrency` 50 through the
adapter's HTTP mode and the real bolt app, answered by the real command core over a
SQLite store of `size` papers (default 100k, built by benchmarks.corpus and cached like
the `search` scenario, then copied so the run cannot change the cache). Beside it, in the
same run, a bare bolt app that only acks: the ack p50/p99 of both, every reply delivered
to its own response_url, the process's memory before and after, the store intact.
Discord: `interactions` (default 1,500) INTERACTION_CREATEs back to back through the fake
gateway into the real discord.py: the first response's p50/p99 (deferred or answered),
how many were deferred, every answer delivered; beside it, in the same run, the adapter
with the old fixed 2 s deferral timer (`lag.FIXED_TIMER`).

Targets: Slack ack p99 under 3 s; Discord first response p99 under 1.5 s (its deadline is
3 s); every reply delivered; the store's paper count unchanged and its integrity check ok.
Run: `python -m benchmarks commands_load` (`--size 100000 -o commands=1000`).
"""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from adapters.discord.lag import FIXED_TIMER
from benchmarks import corpus
from benchmarks.scenarios._chat_load import discord_load, slack_load
from benchmarks.scenarios.search import build
from bot.clock import SystemClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import ChannelConfig, Config, SourceConfig
from storage import open_store
from tests.discord import payloads as dp

NAME = "commands_load"
DEFAULT_SIZE = 100_000
TARGET_SLACK_ACK_P99_S = 3.0
TARGET_DISCORD_FIRST_P99_S = 1.5


def rss_mb() -> float:
    """This process's resident memory (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def command_texts(count: int, size: int) -> list[str]:
    """What users type: mostly searches, some show/today/help/subscriptions."""
    queries = corpus.queries(count, seed=7)
    extra = itertools.cycle(["help", "today", "subscriptions", "status"])
    texts = []
    for n, query in enumerate(queries):
        if n % 10 < 6:
            texts.append(f"search {query}")
        elif n % 10 == 6:
            texts.append(f"show {corpus.arxiv_id((n * 7919) % size)}")
        else:
            texts.append(next(extra))
    return texts


def config() -> Config:
    channel = ChannelConfig(name="lab", adapter="discord", target=str(dp.CHANNEL_ID))
    source = SourceConfig(name="arxiv-ml", kind="arxiv", query="cat:cs.LG")
    return Config(sources=(source,), channels=(channel,))


def integrity(path: Path) -> tuple[int, str]:
    db = sqlite3.connect(path)
    try:
        count = db.execute("SELECT count(*) FROM papers").fetchone()[0]
        check = db.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        db.close()
    return int(count), str(check)


async def run(
    size: int | None = None,
    commands: int = 1_000,
    concurrency: int = 50,
    interactions: int = 1_500,
    **_: Any,
) -> dict[str, Any]:
    size = size or DEFAULT_SIZE
    cached, built_s = await build(size)
    with tempfile.TemporaryDirectory(prefix="paperboy-load-") as folder:
        path = Path(folder) / "store.db"
        shutil.copyfile(cached, path)
        before_count, _check = integrity(path)
        store = await open_store(f"sqlite:///{path}")
        memory_before = rss_mb()
        try:
            dispatcher = Dispatcher(CommandDeps(store=store, clock=SystemClock(), config=config()))
            slack = await slack_load(dispatcher, command_texts(commands, size), concurrency)
            memory_after_slack = rss_mb()
            texts = command_texts(interactions, size)
            fixed = await discord_load(dispatcher, texts, FIXED_TIMER)  # the old way, same run
            chat = await discord_load(dispatcher, texts)
        finally:
            await store.close()
        memory_after = rss_mb()
        after_count, check = integrity(path)
    slack_ok = (
        slack["ack"]["p99_ms"] < TARGET_SLACK_ACK_P99_S * 1000
        and slack["non_200"] == 0
        and slack["replies_delivered"] == commands
    )
    discord_ok = (
        chat["first_response"]["p99_ms"] < TARGET_DISCORD_FIRST_P99_S * 1000
        and chat["first_responses"] == interactions
        and chat["answers_delivered"] >= interactions
    )
    intact = before_count == after_count == size and check == "ok"
    return {
        "sizes": {
            "papers": size,
            "slack_commands": commands,
            "concurrency": concurrency,
            "discord_interactions": interactions,
        },
        "figures": {
            "slack": slack,
            "discord": chat,
            "discord_fixed_2s_timer": fixed,
            "memory_mb": {
                "before": memory_before,
                "after_slack": memory_after_slack,
                "after": memory_after,
            },
            "store": {
                "papers_before": before_count,
                "papers_after": after_count,
                "quick_check": check,
            },
            "store_build_s": round(built_s, 1),
        },
        "ratios": {
            "slack_ack_p99_vs_bare_bolt": round(
                slack["ack"]["p99_ms"] / max(slack["ack_bare_bolt"]["p99_ms"], 0.1), 2
            ),
            "discord_first_p99_of_deadline": round(chat["first_response"]["p99_ms"] / 3000, 3),
            "discord_first_p99_fixed_timer_vs_lag_aware": round(
                fixed["first_response"]["p99_ms"] / max(chat["first_response"]["p99_ms"], 0.1), 2
            ),
        },
        "targets": {
            "slack_ack_p99_s": TARGET_SLACK_ACK_P99_S,
            "discord_first_response_p99_s": TARGET_DISCORD_FIRST_P99_S,
        },
        "ok": slack_ok and discord_ok and intact,
    }
