"""`paperboy chat`: the bot in this terminal, through the console adapter."""

from __future__ import annotations

import asyncio

import click
import httpx

from bot.cli.common import CliState, fail
from bot.clock import SystemClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import DEFAULT_URLS, AdapterConfig, Config
from bot.model import Paper
from bot.plugins import adapter_factory
from bot.review import Reviewer, review_message
from bot.sources.arxiv import fetch_arxiv_paper
from storage import StoreError, open_store


def _settings(config: Config, name: str) -> AdapterConfig:
    """The adapter's settings; commands are typed in the first channel it serves."""
    settings = config.adapter(name)
    extra = dict(settings.model_extra or {})
    if "channel" not in extra:
        for channel in config.channels:
            if channel.adapter == name:
                extra["channel"] = channel.target
                break
    return AdapterConfig(**{**settings.model_dump(exclude_unset=True), **extra})


async def _chat(config: Config, name: str) -> None:
    store = await open_store(config.storage.url)
    arxiv_url = next((s.effective_url for s in config.sources if s.kind == "arxiv"),
                     DEFAULT_URLS["arxiv"])  # fmt: skip
    clock = SystemClock()
    try:
        async with httpx.AsyncClient() as http:

            async def fetch(arxiv_id: str) -> Paper | None:
                return await fetch_arxiv_paper(http, arxiv_id, base_url=arxiv_url, now=clock.now())

            key = config.secrets.llm_api_key
            reviewer = Reviewer(
                config.review, store, http, clock, key.get_secret_value() if key else None
            )
            deps = CommandDeps(
                store, clock, config, reviewer=reviewer, render_review=review_message,
                fetch_paper=fetch,
            )  # fmt: skip
            settings = _settings(config, name)
            kind = settings.kind or name
            try:
                adapter_cls = adapter_factory(kind)
            except LookupError as exc:
                fail(str(exc))
            adapter = adapter_cls(name, settings, config.secrets)
            await adapter.run(Dispatcher(deps))
    finally:
        await store.close()


@click.command()
@click.option("--adapter", "name", default="console", show_default=True,
              help="The [adapters.NAME] table to use (a console-kind adapter).")  # fmt: skip
@click.pass_obj
def command(state: CliState, name: str) -> None:
    """Talk to the bot in this terminal: type `/paper help`; Ctrl-D or `exit` leaves.

    With input from a pipe it runs one command a line and exits at the end, so a script
    can drive it: printf '/paper search diffusion\\n' | paperboy chat
    """
    config = state.config()
    try:
        asyncio.run(_chat(config, name))
    except StoreError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass
