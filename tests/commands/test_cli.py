"""`paperboy search` and `paperboy chat` from the shell, over a real SQLite file."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from storage import open_store
from tests.commands.conftest import CONFIG_TOML, CORPUS, NOW


def _fill(url: str) -> None:
    async def run() -> None:
        store = await open_store(url)
        try:
            await store.upsert_papers(list(CORPUS), NOW)
        finally:
            await store.close()

    asyncio.run(run())


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "paperboy.toml"
    db = tmp_path / "cli.db"
    path.write_text(f'[storage]\nurl = "sqlite:///{db}"\n' + CONFIG_TOML, encoding="utf-8")
    return path


def test_search_prints_results_best_first(config_file: Path) -> None:
    _fill(f"sqlite:///{config_file.parent / 'cli.db'}")
    result = CliRunner().invoke(cli, ["--config", str(config_file), "search", "diffusion",
                                      "-survey"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1. Diffusion Models for Video Generation" in result.output
    assert "https://arxiv.org/abs/2503.00001" in result.output
    assert "Survey" not in result.output


def test_search_json_has_the_promised_fields(config_file: Path) -> None:
    _fill(f"sqlite:///{config_file.parent / 'cli.db'}")
    result = CliRunner().invoke(
        cli, ["--config", str(config_file), "search", "--json", "--limit", "2", "diffusion"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 2
    for row in rows:
        assert {"arxiv_id", "title", "url", "published", "score"} <= row.keys()
    assert rows[0]["score"] >= rows[1]["score"]
    assert rows[0]["url"] == f"https://arxiv.org/abs/{rows[0]['arxiv_id']}"


def test_search_on_an_empty_database_says_no_results(config_file: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(config_file), "search", "anything"])
    assert result.exit_code == 0
    assert "no results" in result.output
    empty = CliRunner().invoke(cli, ["--config", str(config_file), "search", "--json", "x"])
    assert json.loads(empty.stdout) == []


def test_search_with_a_bad_query_fails_readably(config_file: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(config_file), "search", '"unclosed'])
    assert result.exit_code == 1
    assert "unbalanced quote" in result.output
    assert "Traceback" not in result.output


def test_chat_runs_a_piped_script_and_exits_at_the_end(config_file: Path) -> None:
    _fill(f"sqlite:///{config_file.parent / 'cli.db'}")
    script = "/paper search diffusion\n/paper subscribe robots\n/paper subscriptions\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERBOY_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(config_file), "chat"],
        input=script, capture_output=True, text=True, timeout=60, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Diffusion Models for Video Generation" in result.stdout
    assert "Subscribed (id 1) to `robots`" in result.stdout
    assert "1. robots · daily at 09:00 UTC · 0 matches so far" in result.stdout
    assert "Traceback" not in result.stderr


class Broadcaster:
    """An adapter that only sends (as Slack and Discord do): nothing to type into."""

    def __init__(self, name: str, settings: object, secrets: object) -> None:
        self.name = name


def test_chat_through_an_adapter_that_reads_no_terminal_says_so(config_file: Path) -> None:
    kind = f"{__name__}:Broadcaster"
    with config_file.open("a", encoding="utf-8") as toml:
        toml.write(f'\n[adapters.radio]\nkind = "{kind}"\n')
    result = CliRunner().invoke(cli, ["--config", str(config_file), "chat", "--adapter", "radio"])
    assert result.exit_code == 1, result.output
    assert "adapter 'radio' cannot chat in a terminal" in result.output
    assert "Traceback" not in result.output
