"""`paperboy poll --once` and `paperboy backfill` against a loopback server."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from bot.samples import ARXIV_FILE, sample_bytes
from tests.sources import builders as b
from tests.sources.conftest import FakeServer, Reply


def write_config(tmp_path: Path, server: FakeServer) -> Path:
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f"""
[storage]
url = "sqlite:///{tmp_path / "cli.db"}"

[[sources]]
name = "arxiv-ml"
kind = "arxiv"
query = "cat:cs.LG"
url = "{server.base}/api/query"
delay = 0
max_results = 50

[[sources]]
name = "broken-blog"
kind = "feed"
url = "{server.base}/missing.xml"
retries = 0
"""
    )
    return config


def test_poll_needs_once() -> None:
    result = CliRunner().invoke(cli, ["poll"])
    assert result.exit_code == 2
    assert "paperboy run" in result.output


def test_poll_once_prints_a_table_and_fails_when_a_source_failed(
    tmp_path: Path, threaded_server: FakeServer
) -> None:
    threaded_server.serve("/api/query", Reply(body=sample_bytes(ARXIV_FILE)))
    config = write_config(tmp_path, threaded_server)
    result = CliRunner().invoke(
        cli, ["--config", str(config), "poll", "--once"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1  # the blog answered 404
    assert "arxiv-ml" in result.output
    assert "12" in result.output
    assert "HTTP 404" in result.output
    assert "Traceback" not in result.output


def test_poll_once_json_for_one_source(tmp_path: Path, threaded_server: FakeServer) -> None:
    threaded_server.serve("/api/query", Reply(body=sample_bytes(ARXIV_FILE)))
    config = write_config(tmp_path, threaded_server)
    args = ["--config", str(config), "poll", "--once", "--source", "arxiv-ml", "--json"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    lines = [json.loads(line) for line in first.stdout.splitlines()]
    assert [(d["source"], d["new"], d["failed"], d["error"]) for d in lines] == [
        ("arxiv-ml", 12, False, None)
    ]
    again = json.loads(CliRunner().invoke(cli, args).stdout)
    assert (again["new"], again["unchanged"]) == (0, 12)


def test_poll_names_an_unknown_source(tmp_path: Path, threaded_server: FakeServer) -> None:
    config = write_config(tmp_path, threaded_server)
    result = CliRunner().invoke(
        cli, ["--config", str(config), "poll", "--once", "--source", "nope"]
    )
    assert result.exit_code == 1
    assert "no source named 'nope'" in result.output
    assert "arxiv-ml" in result.output


def test_backfill_reports_what_it_stored(tmp_path: Path, threaded_server: FakeServer) -> None:
    threaded_server.serve(
        "/api/query",
        Reply(body=b.api_feed([b.api_entry(f"2510.0000{i}") for i in range(3)], total=3)),
    )
    config = write_config(tmp_path, threaded_server)
    args = ["--config", str(config), "backfill", "--source", "arxiv-ml", "--since", "2025-10-01"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "read 3 of 3 in 1 page(s): 3 new" in result.output
    query = threaded_server.requests("/api/query")[0].query["search_query"]
    assert query.startswith("(cat:cs.LG) AND submittedDate:[202510010000 TO ")


def test_backfill_refuses_a_feed_source(tmp_path: Path, threaded_server: FakeServer) -> None:
    config = write_config(tmp_path, threaded_server)
    args = ["--config", str(config), "backfill", "--source", "broken-blog", "--since", "2025-10-01"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert 'needs a source of kind "arxiv"' in result.output
