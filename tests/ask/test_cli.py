"""`paperboy ask ID "question" [--json]` against a fake arXiv on 127.0.0.1: the full text is
fetched once and answers with quoted passages; a paper without one answers from its
abstract; an unknown paper and an empty question exit non-zero with a clear message."""

from __future__ import annotations

import asyncio
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.model import Paper
from storage import open_store
from tests.ask.conftest import BARE_ID, CAM_ID, DATA, NOW
from tests.sources.conftest import FakeServer, Reply, threaded_server

__all__ = ["threaded_server"]  # the sources' fake arXiv, on its own thread


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ask.db'}"

    async def fill() -> None:
        store = await open_store(url)
        try:
            await store.upsert_papers(
                [
                    Paper(arxiv_id=CAM_ID, version=1, title="CAM", abstract="A dataset."),
                    Paper(
                        arxiv_id=BARE_ID,
                        version=1,
                        title="Volatility",
                        abstract="Larger repositories have higher volatility of their files.",
                    ),
                ],
                NOW,
            )
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
        "PAPERBOY_FULLTEXT__RETRIES": "0",
    }
    result = CliRunner().invoke(cli, ["ask", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_ask_prints_the_best_passages_with_sections_and_links(
    database: str, threaded_server: FakeServer
) -> None:
    page = gzip.decompress((DATA / "papers" / "cam_archive.html.gz").read_bytes())
    threaded_server.serve(f"/html/{CAM_ID}", Reply(body=page))
    code, out, err = run(database, threaded_server, CAM_ID, "How big is the latest archive?")
    assert code == 0, err
    assert out.splitlines()[1] == "Q: How big is the latest archive?"
    assert f"[1] 2 Methodology <https://arxiv.org/html/{CAM_ID}v1#S2.p3>" in out
    code, raw, err = run(
        database, threaded_server, f"arXiv:{CAM_ID}", "How many repositories are fetched?", "--json"
    )
    assert code == 0, err
    answer = json.loads(raw)
    assert answer["basis"] == "full_text"
    assert answer["producer"] == "passages"
    quoted = {c["anchor"]: c for c in answer["citations"]}
    assert "Fetch 1000 repositories from GitHub" in quoted["S2.p2"]["text"]
    assert quoted["S2.p2"]["section"] == "2 Methodology"
    assert answer["answer"] == answer["lead"]  # no LLM: the lead, then the quoted passages
    assert len(threaded_server.requests(f"/html/{CAM_ID}")) == 1  # fetched once, then stored


def test_without_a_full_text_the_abstract_answers(
    database: str, threaded_server: FakeServer
) -> None:
    threaded_server.serve(f"/html/{BARE_ID}", Reply(status=404))
    threaded_server.serve(f"/pdf/{BARE_ID}", Reply(status=404))
    question = "volatility of larger repos?"
    code, raw, err = run(database, threaded_server, BARE_ID, question, "--json")
    assert code == 0, err
    answer = json.loads(raw)
    assert answer["basis"] == "abstract"
    assert answer["citations"] == [
        {
            "section": "Abstract",
            "anchor": "",
            "text": "Larger repositories have higher volatility of their files.",
            "url": f"https://arxiv.org/abs/{BARE_ID}",
        }
    ]


def test_unknown_paper_and_empty_question_exit_with_a_clear_message(
    database: str, threaded_server: FakeServer
) -> None:
    code, _, err = run(database, threaded_server, "2501.99999", "What is it about?")
    assert code == 1
    assert "Paper 2501.99999 is not stored here" in err
    code, _, err = run(database, threaded_server, CAM_ID, " ")
    assert code == 1
    assert "Ask a question after the paper's id" in err
    code, _, err = run(database, threaded_server, "not-an-id", "What?")
    assert code == 1
    assert "not-an-id" in err
