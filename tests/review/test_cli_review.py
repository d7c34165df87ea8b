"""`paperboy review ARXIV_ID`: the review of a stored paper, as text or JSON."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from storage import open_store
from tests.review.samples import article_paper, make_paper


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"

    async def fill() -> None:
        store = await open_store(url)
        try:
            now = dt.datetime(2024, 11, 28, tzinfo=dt.UTC)
            await store.upsert_papers([make_paper(), article_paper()], now)
        finally:
            await store.close()

    asyncio.run(fill())
    return url


def _run(database: str, *args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    env = {"PAPERBOY_STORAGE__URL": database, "PAPERBOY_FULLTEXT__ENABLED": "false"}  # offline
    result = runner.invoke(cli, ["review", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_prints_the_house_text(database: str) -> None:
    code, out, _ = _run(database, "2403.17887v2")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("Daily Paper - ")
    assert lines[0].endswith(": The Unreasonable Ineffectiveness of the Deeper Layers")
    assert lines[-1] == "<https://arxiv.org/abs/2403.17887>"
    assert any(line.startswith("Methodology: ") for line in lines)


def test_prints_json_with_every_key(database: str) -> None:
    code, out, _ = _run(database, "2405.03003", "--format", "json")
    assert code == 0
    data = json.loads(out)
    for key in ("arxiv_id", "title", "header", "hook", "sections", "link", "links", "producer"):
        assert key in data
    assert data["producer"] == "article"
    assert data["sections"][0] == {
        "name": "Key Problem",
        "text": "LoRA stores low-rank matrices for every adapted layer & still needs much memory.",
        "sources": [],
    }
    assert data["basis"] == "article"
    assert {link["rel"] for link in data["links"]} >= {"abs", "pdf", "blog"}
    assert data["link"] == "https://reviews.example.org/2024/11/28/fourierft.html"


def test_a_producer_can_be_forced(database: str) -> None:
    code, out, _ = _run(database, "2405.03003", "--format", "json", "--producer", "extractive")
    assert code == 0
    assert json.loads(out)["producer"] == "extractive"
    code, out, err = _run(database, "2403.17887", "--producer", "llm")
    assert code == 0
    assert "showing the extractive review" in err


def test_an_unknown_id_is_a_one_line_error(database: str) -> None:
    code, out, err = _run(database, "2403.99999")
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [
        "error: no stored paper with id '2403.99999' (poll or backfill it first)"
    ]
