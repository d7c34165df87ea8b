"""The console adapter, driven in-process: a script of lines in, the terminal text out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from adapters.base import adapter_factory
from adapters.console import ConsoleAdapter, render
from bot.commands import Dispatcher
from bot.model import (
    Button,
    Buttons,
    Fields,
    Header,
    LinkBlock,
    OutboundMessage,
    Owner,
    Review,
    ReviewSection,
    Span,
    Text,
)
from bot.ports import ChatAdapter, Target
from bot.presentation import post_view, render_text
from storage import SqlStore
from tests.console.conftest import console

SCRIPT = """\
/paper help
/paper search diffusion -survey
/paper subscribe cat:cs.LG "state space" mode:instant

hello there
/paper subscriptions
/paper show 2503.00002
/paper bogus
/paper search "unclosed
"""


async def test_a_script_runs_every_line_and_stops_at_end_of_input(
    dispatcher: Dispatcher, sqlite_store: SqlStore
) -> None:
    adapter, out = console(SCRIPT)
    await adapter.run(dispatcher)
    text = out.getvalue()
    assert "/paper commands:" in text
    assert "  search: Search stored papers" in text
    assert "      e.g. /paper subscribe" in text
    assert "1. Diffusion Models for Video Generation\n   2025-03-09 · cs.LG · " in text
    assert "A Survey of Diffusion" not in text.split("Results for")[1].split("Subscribed")[0]
    assert 'Subscribed (id 1) to `cat:cs.LG "state space"`' in text
    assert "Commands start with /paper" in text
    assert '1. cat:cs.LG "state space" · instant · 0 matches so far' in text
    assert "State Space Models Beat Attention" in text
    assert "Unknown command 'bogus'" in text
    assert "unbalanced quote" in text
    assert "paperboy>" not in text  # no prompt when the input is not a terminal
    [sub] = await sqlite_store.list_subscriptions(Owner("console", "local", "ada"))
    assert sub.query == 'cat:cs.LG "state space"'


async def test_exit_stops_reading(dispatcher: Dispatcher) -> None:
    adapter, out = console("/paper help\nexit\n/paper search diffusion\n")
    await adapter.run(dispatcher)
    assert "/paper commands:" in out.getvalue()
    assert "Results for" not in out.getvalue()


async def test_start_reads_in_the_background_and_today_maps_to_the_channel(
    dispatcher: Dispatcher,
) -> None:
    adapter, out = console("/paper today\n", channel="general")
    assert isinstance(adapter, ChatAdapter)
    await adapter.start(dispatcher)
    await adapter.wait_closed()
    await adapter.stop()
    assert "No daily post in #ml-daily yet today" in out.getvalue()


async def test_deliveries_print_in_the_terminal_and_are_journaled(tmp_path: Path) -> None:
    journal = tmp_path / "sent.jsonl"
    adapter, out = console(journal=str(journal))
    channel = Target("console", channel="general")
    ref = await adapter.send(channel, OutboundMessage.text("Daily paper: hello"),
                             idempotency_key="post:1")  # fmt: skip
    dm = await adapter.send(Target("console", user="ada"), OutboundMessage.text("Your topic"))
    text = out.getvalue()
    assert "── to #general ──\nDaily paper: hello" in text
    assert "── to @ada ──\nYour topic" in text
    assert ref.adapter == "console"
    assert ref.message_id != dm.message_id
    # after a restart, a fresh adapter finds what was sent with that key
    again, _ = console(journal=str(journal))
    assert await again.find_sent(channel, "post:1") == ref
    assert await again.find_sent(channel, "post:2") is None


def test_rendering_covers_every_block_and_strips_terminal_escapes() -> None:
    message = OutboundMessage(
        blocks=(
            Header("Title \x1b[2J", url="https://arxiv.org/abs/1"),
            Text((Span("plain "), Span("bold", bold=True), Span(" "), Span("x", url="https://x.org")),
                 label="Label"),
            Fields((("Date", "2025-03-10"), ("Categories", "cs.LG"))),
            LinkBlock("PDF", "https://arxiv.org/pdf/1"),
            Buttons((Button("Open", url="https://arxiv.org/abs/1"),
                     Button("Follow", action="subscribe", value="diffusion"))),
        ),
        fallback="unused",
    )  # fmt: skip
    text = render(message)
    assert "\x1b" not in text
    assert text.splitlines() == [
        "Title [2J <https://arxiv.org/abs/1>",
        "Label: plain bold x <https://x.org>",
        "Date: 2025-03-10 · Categories: cs.LG",
        "PDF: https://arxiv.org/pdf/1",
        "[Open] https://arxiv.org/abs/1  [Follow] /paper subscribe diffusion",
    ]
    coloured = render(message, colour=True)
    assert "\x1b[1mbold\x1b[0m" in coloured
    assert "\x1b[2J" not in coloured


def test_a_review_prints_in_its_house_text() -> None:
    review = Review("1", "T", dt.date(2025, 3, 10), "Hook.", (ReviewSection("Results", "R."),),
                    "https://arxiv.org/abs/1", "extractive")  # fmt: skip
    message = OutboundMessage(blocks=(Header("T"),), fallback="other", post=post_view(review))
    assert render(message) == render_text(post_view(review))
    assert render(message).startswith("Daily Paper - 10.03.25: T\n\nHook.\n\nResults: R.")


def test_the_factory_builds_the_console_adapter() -> None:
    assert adapter_factory("console") is ConsoleAdapter
