"""`paperboy fulltext ID` against a fake arXiv on 127.0.0.1: the outline, word counts, size;
a paper without a full text says why and that its review rests on the abstract."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.model import SECTION_NAMES, Paper
from storage import open_store
from tests.fulltext.fixtures import data
from tests.sources.conftest import FakeServer, Reply

NOW = dt.datetime(2025, 10, 21, 12, 0, tzinfo=dt.UTC)
PAPERS = [
    Paper(arxiv_id="2401.01234", title="Sparse Routers", abstract="Readers.", version=2),
    Paper(arxiv_id="2402.00001", title="Small Agents", abstract="Tables.", version=1),
]


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"

    async def fill() -> None:
        store = await open_store(url)
        try:
            await store.upsert_papers(PAPERS, NOW)
        finally:
            await store.close()

    asyncio.run(fill())
    return url


def run(database: str, server: FakeServer, *args: str) -> tuple[int, str, str]:
    env = {
        "PAPERBOY_STORAGE__URL": database,
        "PAPERBOY_FULLTEXT__HTML_URL": f"{server.base}/html/{{id}}",
        "PAPERBOY_FULLTEXT__PDF_URL": f"{server.base}/pdf/{{id}}",
        "PAPERBOY_FULLTEXT__DELAY": "0",
        "PAPERBOY_FULLTEXT__RETRIES": "1",
        "PAPERBOY_FULLTEXT__BACKOFF": "0",
    }
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_fulltext_prints_the_outline_word_counts_and_stored_size(
    database: str, threaded_server: FakeServer
) -> None:
    threaded_server.serve("/html/2401.01234", Reply(body=data("sparse_router.html")))
    code, out, err = run(database, threaded_server, "fulltext", "arXiv:2401.01234v2")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Sparse Routers for Long-Context Retrieval"
    assert "2401.01234 v2, from the HTML" in lines[1]
    assert "bytes (compressed)" in lines[1]
    assert "1 Introduction  (193 words)" in lines
    assert "  5.1 Main results  (84 words)" in lines  # its paragraph and its table caption
    code, again, _ = run(database, threaded_server, "fulltext", "2401.01234", "--no-fetch")
    assert (code, again) == (0, out)
    assert len(threaded_server.requests("/html/2401.01234")) == 1


def test_fulltext_says_why_there_is_none(database: str, threaded_server: FakeServer) -> None:
    threaded_server.serve("/html/2402.00001", Reply(status=404))
    threaded_server.serve("/pdf/2402.00001", Reply(body=data("scanned.pdf")))
    code, _, err = run(database, threaded_server, "fulltext", "2402.00001")
    assert code == 1
    assert "no full text for 2402.00001 (no_text)" in err
    assert "rests on the abstract" in err
    code, _, err = run(database, threaded_server, "fulltext", "2401.99999")
    assert code == 1
    assert "no stored paper" in err


def test_review_fetches_the_full_text_on_demand_and_shows_its_sources(
    database: str, threaded_server: FakeServer
) -> None:
    threaded_server.serve(
        "/html/2401.01234",
        Reply(status=429, headers={"Retry-After": "0"}),
        Reply(body=data("sparse_router.html")),
    )
    code, out, err = run(database, threaded_server, "review", "2401.01234", "--format", "json")
    assert code == 0, err
    review = json.loads(out)
    assert review["basis"] == "full_text"
    assert [s["name"] for s in review["sections"]] == list(SECTION_NAMES)
    results = next(s for s in review["sections"] if s["name"] == "Results")
    assert {"section": "5.1 Main results", "anchor": "S5.SS1.p1"} in results["sources"]
    code, text, _ = run(database, threaded_server, "review", "2401.01234")
    assert code == 0
    assert "Implementation: " in text


def test_review_without_a_full_text_is_the_abstract_review(
    database: str, threaded_server: FakeServer
) -> None:
    page = data("tabular_agents.html")
    threaded_server.serve("/html/2402.00001", Reply(body=page[: len(page) // 2]))  # truncated
    threaded_server.serve("/pdf/2402.00001", Reply(status=404))
    code, out, err = run(database, threaded_server, "review", "2402.00001", "--format", "json")
    assert code == 0, err
    review = json.loads(out)
    assert review["basis"] == "abstract"
    assert all(s["sources"] == [] for s in review["sections"])
    assert "Traceback" not in err
