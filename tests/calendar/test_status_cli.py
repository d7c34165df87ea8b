"""`paperboy status --at`: each quiet day gives its reason (a real SQLite file, the CLI)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.model import Paper
from storage import open_store
from storage.base import ChannelState, PollState

CONFIG = """
[storage]
url = "{url}"

[[sources]]
name = "arxiv-ml"
kind = "arxiv"
query = "cat:cs.LG"

[[sources]]
name = "hf-daily"
kind = "hf_daily"

[[channels]]
name = "ml-daily"
target = "general"
time = "09:00"
timezone = "Europe/Berlin"
categories = ["cs.LG"]
"""


def paper(arxiv_id: str, category: str) -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        title=f"Paper {arxiv_id}",
        abstract="We study things. We find results.",
        categories=(category,),
        primary_category=category,
        sources=frozenset({"arxiv-ml"}),
    )


def seed(
    url: str,
    *,
    last_post: dt.datetime | None = None,
    papers: tuple[tuple[Paper, dt.datetime], ...] = (),
    polls: tuple[PollState, ...] = (),
) -> None:
    async def run() -> None:
        store = await open_store(url)
        try:
            for item, seen in papers:
                await store.upsert_papers([item], seen)
            for state in polls:
                await store.save_poll_state(state)
            if last_post is not None:
                await store.save_channel_state(
                    ChannelState(
                        name="ml-daily", last_post_at=last_post, last_post_day=last_post.date()
                    )
                )
        finally:
            await store.close()

    asyncio.run(run())


@pytest.fixture
def config(tmp_path: Path, sqlite_url: str) -> Path:
    path = tmp_path / "paperboy.toml"
    path.write_text(CONFIG.format(url=sqlite_url))
    return path


def status(config: Path, at: str, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["--config", str(config), "status", "--json", "--at", at, *extra]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def channel(report: dict[str, Any]) -> dict[str, Any]:
    [found] = report["channels"]
    assert found["name"] == "ml-daily"
    return found


def berlin(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_on_a_saturday_the_posts_are_empty_because_of_the_weekend(
    config: Path, sqlite_url: str
) -> None:
    seed(sqlite_url, last_post=berlin("2026-12-12 09:00"))
    report = status(config, "2026-12-12T10:00:00+01:00")
    found = channel(report)
    assert found["last_count"] == 0
    assert found["last_reasons"] == ["arXiv does not announce on weekends"]
    assert found["next_post"] == "2026-12-13T09:00:00+01:00"
    assert found["next_reasons"] == [
        "arXiv does not announce on weekends",
        "Hugging Face Daily Papers is sparse on weekends",  # Saturday's page, Sunday's post
    ]
    [arxiv, hf] = report["sources"]
    assert arxiv["next_announcement"] == "2026-12-14T01:00:00+00:00"  # Sunday 20:00 Eastern
    assert hf["next_announcement"] is None
    assert "weekends" in hf["calendar"]


def test_on_christmas_the_next_announcement_skips_the_holiday(
    config: Path, sqlite_url: str
) -> None:
    seed(sqlite_url, last_post=berlin("2026-12-25 09:00"))
    report = status(config, "2026-12-25T12:00:00Z")
    arxiv = report["sources"][0]
    assert arxiv["next_announcement"] == "2026-12-29T01:00:00+00:00"  # Monday 28 Dec, 20:00 ET
    assert "arXiv holiday: Christmas" in arxiv["skipped_before_next"]
    # Monday's post (after the holiday Sunday) is empty and says why
    monday = channel(status(config, "2026-12-27T12:00:00Z"))
    assert monday["next_post"] == "2026-12-28T09:00:00+01:00"
    assert "arXiv holiday: Christmas" in monday["next_reasons"]


def test_before_the_cut_off_today_s_announcement_is_still_to_come(
    config: Path, sqlite_url: str
) -> None:
    seed(sqlite_url, last_post=berlin("2026-12-07 09:00"))
    before = channel(status(config, "2026-12-08T01:30:00+01:00"))
    assert "today's announcement comes at 02:00 your time" in before["next_reasons"]
    after = channel(status(config, "2026-12-08T02:30:00+01:00"))
    assert after["next_reasons"] == []


def test_a_failing_source_says_since_when(config: Path, sqlite_url: str) -> None:
    failing = PollState(
        source="arxiv-ml",
        last_success=dt.datetime(2026, 12, 7, 23, 0, tzinfo=dt.UTC),
        last_error="HTTP 503",
        last_error_at=dt.datetime(2026, 12, 8, 8, 10, tzinfo=dt.UTC),
        consecutive_failures=4,
        cursor={"failing_since": "2026-12-08T05:10:00+00:00"},
    )
    seed(sqlite_url, last_post=berlin("2026-12-08 09:00"), polls=(failing,))
    report = status(config, "2026-12-08T10:00:00Z")
    assert "arxiv-ml has failed since 06:10 (HTTP 503)" in channel(report)["next_reasons"]
    arxiv = report["sources"][0]
    assert arxiv["failing_since"] == "2026-12-08T05:10:00+00:00"
    assert arxiv["failures"] == 4
    # it recovers: no reason any more
    seed(sqlite_url, polls=(dataclasses.replace(failing, consecutive_failures=0),))
    assert channel(status(config, "2026-12-08T10:00:00Z"))["next_reasons"] == []


def test_a_filter_that_matches_nothing_counts_what_came(config: Path, sqlite_url: str) -> None:
    seen = dt.datetime(2026, 12, 9, 1, 30, tzinfo=dt.UTC)  # after Tuesday's announcement
    papers = tuple((paper(f"2612.{n:05d}", "cs.CL"), seen) for n in range(1, 4))
    seed(sqlite_url, last_post=berlin("2026-12-08 09:00"), papers=papers)
    found = channel(status(config, "2026-12-09T08:00:00+01:00"))
    assert found["waiting"] == 0
    assert found["next_reasons"] == ["3 new papers, none matched this channel's filter"]
    # one that matches: nothing to explain
    seed(sqlite_url, papers=((paper("2612.00009", "cs.LG"), seen),))
    found = channel(status(config, "2026-12-09T08:00:00+01:00"))
    assert found["waiting"] == 1
    assert found["next_reasons"] == []


def test_the_text_report_and_bad_input(config: Path, sqlite_url: str) -> None:
    seed(sqlite_url, last_post=berlin("2026-12-12 09:00"))
    result = CliRunner().invoke(
        cli, ["--config", str(config), "status", "--at", "2026-12-12T10:00:00Z"]
    )
    assert result.exit_code == 0, result.output
    assert "arxiv-ml (arxiv): last success never" in result.output
    assert "next announcement Mon 14 Dec 01:00 UTC" in result.output
    assert "arXiv does not announce on weekends" in result.output
    bad = CliRunner().invoke(cli, ["--config", str(config), "status", "--at", "christmas"])
    assert bad.exit_code == 1
    assert "--at: expected an ISO 8601 time" in bad.output
    unknown = CliRunner().invoke(cli, ["--config", str(config), "status", "--channel", "nope"])
    assert unknown.exit_code == 1
    assert "no channel named 'nope'" in unknown.output
