"""today, show, status, settings and help, against a real store (and a fake arXiv API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import load_config
from bot.model import CommandInvocation, OutboundMessage, Paper, message_to_dict
from bot.review import Reviewer, review_message
from bot.sources.arxiv import fetch_arxiv_paper
from storage import ChannelState, NewDelivery, PollState, SqlStore
from tests.commands.conftest import NOW, Invoke, text_of
from tests.sources.builders import api_entry, api_feed


async def test_today_lists_what_was_posted_to_this_channel_today(
    invoke: Invoke, filled_store: SqlStore
) -> None:
    day = NOW.astimezone(dt.timezone(dt.timedelta(hours=1))).date()  # Europe/Berlin in March
    payload = message_to_dict(OutboundMessage.text("x"))
    await filled_store.enqueue(
        [
            NewDelivery(f"post:console:general:{pid}", "console", "general", "post", payload,
                        paper_id=pid, day=day, channel_name="ml-daily")
            for pid in ("2503.00004", "2503.00002")
        ],
        NOW,
    )  # fmt: skip
    text = text_of(await invoke("today"))
    assert "Today's papers in #ml-daily" in text
    assert text.index("Graph Neural Networks") < text.index("State Space Models")
    assert "Diffusion Models for Video" not in text


async def test_today_falls_back_to_the_newest_papers(invoke: Invoke) -> None:
    text = text_of(await invoke("today"))
    assert "No daily post in #ml-daily yet today" in text
    assert text.index("Diffusion Models for Video") < text.index("Robot Learning")
    elsewhere = text_of(await invoke("today", channel="random"))
    assert "This channel has no daily post" in elsewhere


@pytest.fixture
async def arxiv_api() -> AsyncIterator[str]:
    async def handle(request: web.Request) -> web.Response:
        if request.query.get("id_list", "").startswith("2504.11111"):
            entry = api_entry(
                "2504.11111",
                title="Sparse Mixture of Experts at Scale",
                abstract="Training large models is costly. We propose a sparse mixture of "
                "experts layer. It halves training cost. This matters for open research.",
            )
            return web.Response(body=api_feed([entry]), content_type="application/atom+xml")
        if request.query.get("id_list", "").startswith("2504.99999"):
            return web.Response(status=503)
        return web.Response(body=api_feed([]), content_type="application/atom+xml")

    app = web.Application()
    app.router.add_get("/api/query", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}/api/query"
    finally:
        await runner.cleanup()


async def test_show_fetches_a_paper_not_stored_yet_and_reviews_it(
    deps: CommandDeps, clock: FrozenClock, arxiv_api: str, filled_store: SqlStore
) -> None:
    async with httpx.AsyncClient() as http:

        async def fetch(arxiv_id: str) -> Paper | None:
            return await fetch_arxiv_paper(http, arxiv_id, base_url=arxiv_api, now=clock.now())

        reviewer = Reviewer(deps.config.review, filled_store, http, clock, None)
        dispatcher = Dispatcher(
            CommandDeps(filled_store, clock, deps.config, reviewer=reviewer,
                        render_review=review_message, fetch_paper=fetch)
        )  # fmt: skip

        async def show(arguments: str) -> str:
            inv = CommandInvocation("console", "local", "general", "u", False, "show", arguments)
            return text_of(await dispatcher(inv))

        text = await show("https://arxiv.org/abs/2504.11111v2")
        assert "Sparse Mixture of Experts at Scale" in text
        assert "Key Problem" in text or "Methodology" in text
        assert await filled_store.get_paper("2504.11111") is not None
        assert "Graph Neural Networks" in await show("2503.00004")  # stored: no fetch
        assert "arXiv has no paper 2504.00000" in await show("2504.00000")
        assert "could not be reached" in await show("2504.99999")
        bad = await show("not-an-id")
        assert "is not an arXiv id" in bad
        assert "Example: `/paper show 2403.17887`" in bad


async def test_status_shows_sources_and_the_next_post(
    deps: CommandDeps, clock: FrozenClock, filled_store: SqlStore
) -> None:
    await filled_store.save_poll_state(
        PollState("arxiv-ml", last_success=NOW - dt.timedelta(hours=2),
                  last_error="HTTP 503 from export.arxiv.org", last_error_at=NOW,
                  consecutive_failures=3, next_poll=NOW + dt.timedelta(minutes=30))
    )  # fmt: skip

    class Schedule:
        def next_post(self, channel_name: str) -> dt.datetime | None:
            return dt.datetime(2025, 3, 11, 8, 0, tzinfo=dt.UTC) if channel_name else None

        def next_poll(self, source_name: str) -> dt.datetime | None:
            return None

    dispatcher = Dispatcher(CommandDeps(filled_store, clock, deps.config, schedule=Schedule()))
    inv = CommandInvocation("console", "local", "general", "u", False, "status")
    text = text_of(await dispatcher(inv))
    assert "arxiv-ml (arxiv): last success Mon 10 Mar 10:00 UTC, next poll Mon 10 Mar 12:30" in text
    assert "HTTP 503 from export.arxiv.org (3 failures in a row)" in text
    assert "hf-daily (hf_daily): last success never" in text
    assert "Daily post in #ml-daily: next Tue 11 Mar 08:00 UTC" in text


async def test_status_without_a_scheduler_says_nothing_is_scheduled_here_not_never(
    invoke: Invoke,
) -> None:
    # `paperboy chat` and `paperboy demo` run no scheduler: "next poll never" and "next
    # never" read as if the bot would never poll or post again.
    text = text_of(await invoke("status"))
    not_here = "not scheduled in this process (run `paperboy run`"
    assert f"hf-daily (hf_daily): last success never, next poll {not_here})" in text
    due = "due Tue 11 Mar 08:00 UTC"  # 09:00 Europe/Berlin
    assert f"Daily post in #ml-daily: {not_here}; {due}), last never." in text
    assert "next never" not in text
    assert "next poll never" not in text


async def test_settings_are_for_admins_and_saved_with_a_callback(
    deps: CommandDeps, clock: FrozenClock, filled_store: SqlStore
) -> None:
    changed: list[str] = []

    async def on_settings_changed(name: str) -> None:
        changed.append(name)

    dispatcher = Dispatcher(
        CommandDeps(filled_store, clock, deps.config, on_settings_changed=on_settings_changed)
    )

    async def settings(arguments: str, admin: bool = True) -> str:
        inv = CommandInvocation("console", "local", "general", "u", admin, "settings", arguments)
        return text_of(await dispatcher(inv))

    assert "Only channel admins" in await settings("time 08:30", admin=False)
    assert await filled_store.get_channel_state("ml-daily") is None
    text = await settings("time 8:30 timezone America/New_York top 3 categories cs.lg,stat.ML")
    assert "daily post at 08:30 America/New_York, top 3" in text
    state = await filled_store.get_channel_state("ml-daily")
    assert state is not None
    assert (state.time, state.timezone, state.top) == ("08:30", "America/New_York", 3)
    assert state.categories == ("cs.LG", "stat.ML")
    assert changed == ["ml-daily"]
    assert "paused" in await settings("pause")
    paused = await filled_store.get_channel_state("ml-daily")
    assert paused == ChannelState(**{**state.__dict__, "paused": True})
    for bad, problem in {
        "time 25:00": "HH:MM",
        "timezone Mars/Olympus": "unknown time zone",
        "top 99": "from 1 to 50",
        "sources nope": "unknown source",
        "colour blue": "unknown setting",
        "categories cs.NOPE": "arXiv categories",
    }.items():
        text = await settings(bad)
        assert problem in text, (bad, text)
        assert "Example:" in text
    assert changed == ["ml-daily", "ml-daily"]
    elsewhere = CommandInvocation("console", "local", "random", "u", True, "settings", "pause")
    assert "no daily post configured" in text_of(await dispatcher(elsewhere))


async def test_help_lists_every_command_with_an_example(invoke: Invoke) -> None:
    text = text_of(await invoke("help"))
    for name in ("search", "subscribe", "unsubscribe", "subscriptions", "today", "show",
                 "status", "settings", "help"):  # fmt: skip
        assert f"  {name}" in text
        assert f"/paper {name}" in text
    assert "Search stored papers" in text  # the command's docstring is its help
    assert text_of(await invoke("")) == text  # bare /paper shows help


async def test_a_channel_is_found_by_adapter_kind_as_well_as_name(
    filled_store: SqlStore, clock: FrozenClock, tmp_path: Path
) -> None:
    path = tmp_path / "kinds.toml"
    path.write_text(
        '[adapters.team-a]\nkind = "slack"\n\n[[channels]]\nname = "lab"\n'
        'adapter = "team-a"\ntarget = "C123"\n',
        encoding="utf-8",
    )
    dispatcher = Dispatcher(CommandDeps(filled_store, clock, load_config(path, {})))
    inv = CommandInvocation("slack", "T1", "C123", "u", True, "settings", "")
    assert "#lab: daily post at 09:00 UTC" in text_of(await dispatcher(inv))


async def test_status_shows_failed_sends_and_missed_posts(
    deps: CommandDeps, clock: FrozenClock, filled_store: SqlStore
) -> None:
    from bot.model import OutboundMessage, message_to_dict
    from storage.base import NewDelivery

    payload = message_to_dict(OutboundMessage.text("x"))
    await filled_store.enqueue(
        [
            NewDelivery("post:console:general:2503.00001", "console", "general", "post",
                        payload, paper_id="2503.00001", day=NOW.date(), channel_name="ml-daily"),
            NewDelivery("missed:console:general:2025-03-09", "console", "general", "missed",
                        payload, day=NOW.date() - dt.timedelta(days=1), channel_name="ml-daily"),
            NewDelivery("dm:console:dm:u:2503.00002", "console", "", "dm", payload, user="u",
                        workspace="local", paper_id="2503.00002"),
        ],
        NOW,
    )  # fmt: skip
    post = await filled_store.get_delivery("post:console:general:2503.00001")
    missed = await filled_store.get_delivery("missed:console:general:2025-03-09")
    dm = await filled_store.get_delivery("dm:console:dm:u:2503.00002")
    assert post is not None
    assert missed is not None
    assert dm is not None
    await filled_store.mark_failed(post.id, "not_in_channel", NOW)
    await filled_store.mark_missed(missed.id, "the bot was down", NOW)
    await filled_store.mark_failed(dm.id, "DMs closed (403)", NOW)

    inv = CommandInvocation("console", "local", "general", "u", False, "status")
    text = text_of(await Dispatcher(deps)(inv))
    assert "Recent delivery problems here:" in text
    assert "post (2503.00001) of 2025-03-10 not delivered" in text
    assert "not_in_channel" in text
    assert "daily post of 2025-03-09 missed" in text
    assert "Your direct messages:" in text
    assert "DMs closed (403)" in text

    other = CommandInvocation("console", "local", "general", "someone-else", False, "status")
    assert "Your direct messages:" not in text_of(await Dispatcher(deps)(other))
