"""`paperboy demo`: the bot in this terminal with no network and no configuration.

A temporary SQLite store is filled with the sample data shipped in the package (an arXiv
API response, a Hugging Face daily list and a review blog's feed, through the same parsers
the live sources use); then the terminal shows the daily post, a search and a subscription
delivery, all through the console adapter and the same outbox `paperboy run` uses.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from bot.app import App
from bot.cli.common import CliState
from bot.config import AdapterConfig, ChannelConfig, Config, ReviewConfig, SourceConfig
from bot.model import Paper
from bot.plugins import AdapterFactory
from bot.samples import ARXIV_SOURCE, BLOG_SOURCE, HF_SOURCE, sample_papers
from storage.base import PaperStore

SEARCH = "reasoning language models"
TOPIC = '"language models"'
# Held back from the first ingest, so that "the next poll" brings them to the subscriber.
LATER = ("2201.11903", "2203.02155")


async def ingest(store: PaperStore, now: dt.datetime) -> tuple[int, list[Paper]]:
    """Store the samples as the three sources would (arXiv, HF, then the blog), except the
    papers held back for the next poll. Returns the count stored and the held-back papers."""
    by_source = sample_papers(now)
    arxiv = by_source[ARXIV_SOURCE]
    later = [p for p in arxiv if p.arxiv_id in LATER]
    await store.upsert_papers([p for p in arxiv if p.arxiv_id not in LATER], now)
    await store.upsert_papers(by_source[HF_SOURCE], now)
    blog = by_source[BLOG_SOURCE]
    stored = {p.arxiv_id: p for p in await store.get_papers([p.arxiv_id for p in blog])}
    # A blog entry about a stored paper keeps the paper's title, as the feed source does.
    blog = [replace(p, title=stored[p.arxiv_id].title) if p.arxiv_id in stored else p for p in blog]
    await store.upsert_papers(blog, now)
    return await store.count_papers(), later


def demo_config(db: Path, top: int) -> Config:
    """Three sources named as the samples record them, one console channel."""
    return Config.model_validate(
        {
            "storage": {"url": f"sqlite:///{db}"},
            "sources": [
                SourceConfig(name=ARXIV_SOURCE, kind="arxiv", query="cat:cs.LG OR cat:cs.CL"),
                SourceConfig(name=HF_SOURCE, kind="hf_daily"),
                SourceConfig(name=BLOG_SOURCE, kind="feed", url="https://blog.example/feed.xml"),
            ],
            "channels": [
                ChannelConfig(name="daily-papers", adapter="console", target="general", top=top)
            ],
            "review": ReviewConfig(producer="auto"),  # no LLM configured: articles, extractive
            # "No network": a `/paper show` or `ask` in the demo must not try arxiv.org for the
            # paper's full text (offline: a warning and a wait; online: a real request).
            "fulltext": {"enabled": False},
        }
    )


def _step(number: int, title: str, explanation: str) -> None:
    click.echo()
    click.secho(f"━━ {number}. {title} ", fg="cyan", bold=True)
    click.secho(explanation, dim=True)
    click.echo()


async def run_demo(
    adapter_factory: AdapterFactory, *, top: int, workdir: Path, interactive: bool = False
) -> None:
    config = demo_config(workdir / "demo.db", top)
    console_cls: Any = adapter_factory("console")
    settings = AdapterConfig.model_validate({"channel": "general", "user": "you"})
    console = console_cls("console", settings, config.secrets)
    app = await App.build(config, adapter_factory=adapter_factory, adapters={"console": console})
    try:
        count, later = await ingest(app.store, app.clock.now())
        click.secho("paperboy demo", bold=True)
        click.secho(
            "No network, no configuration: a temporary database filled with the sample data "
            f"shipped in the package ({count} papers from an arXiv API response, a "
            "Hugging Face daily list and a review blog's feed).",
            dim=True,
        )

        _step(
            1,
            "The daily post",
            f"What #general gets each morning: the top {top} new papers, ranked by Hugging Face "
            "upvotes, then by whether a human review exists, then by recency; each as its "
            "house-style review, numbered.",
        )
        await app.post()
        await app.deliver(max_wait=5)

        _step(2, "A search", f"A user types `/paper search {SEARCH}`:")
        await console.handle_line(f"/paper search {SEARCH}", app.dispatcher)

        _step(
            3,
            "A subscription",
            f"A user follows a topic, to hear of new papers on it at once: "
            f"`/paper subscribe {TOPIC} mode:instant`",
        )
        await console.handle_line(f"/paper subscribe {TOPIC} mode:instant", app.dispatcher)

        _step(
            4,
            "The next poll",
            f"The next poll brings {len(later)} new papers; those matching the topic reach "
            "the user as one direct message (never the same paper twice):",
        )
        result = await app.store.upsert_papers(later, app.clock.now())
        await app.users.instant(list(result.new))
        await app.deliver(max_wait=5)

        click.echo()
        click.secho("━━ Next ", fg="cyan", bold=True)
        click.echo("  paperboy chat           try the commands yourself (/paper help)")
        click.echo("  paperboy config check   validate a configuration (see paperboy.example.toml)")
        click.echo("  paperboy run            the real bot: Discord, Slack, schedules, deliveries")
        if interactive:
            _step(
                5,
                "Your turn",
                "The bot is running on the sample data: type `/paper help`, "
                "`/paper search diffusion`, `/paper show 2312.00752`... Ctrl-D or `exit` leaves.",
            )
            await console.run(app.dispatcher)
    finally:
        await app.stop()


@click.command()
@click.option("--top", default=3, show_default=True, help="Papers in the daily post.")
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="After the tour, keep the bot running on the sample data for your own /paper "
    "commands (default: when standard input is a terminal).",
)
@click.pass_obj
def command(state: CliState, top: int, interactive: bool | None) -> None:
    """Try the bot offline: a daily post, a search and a subscription, in this terminal.

    Needs no network and no configuration: the sample data shipped in the package goes into
    a temporary SQLite database, and the console adapter shows what a channel and a user
    would receive. Then, in a terminal, try your own commands on the same data.
    """
    from bot.plugins import adapter_factory  # entry points: bot/ never imports adapters

    if interactive is None:
        interactive = sys.stdin.isatty()
    with tempfile.TemporaryDirectory(prefix="paperboy-demo-") as workdir:
        asyncio.run(
            run_demo(adapter_factory, top=top, workdir=Path(workdir), interactive=interactive)
        )
    sys.stdout.flush()
