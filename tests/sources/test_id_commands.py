"""One id parser behind every command: `paperboy review`, `paperboy search`, `/paper show`,
`/paper search` and `/paper subscribe` take a paper however a user writes it, and a search
that is an id finds that paper first. Punctuation between words scores like the words."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import cli
from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import load_config
from bot.model import CommandInvocation, Paper
from bot.query import parse_query
from storage import open_store
from storage.base import Store

NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC)
ID = "2401.01234"

# Every way issue 15 lists to write one paper, as users paste them.
FORMS = (
    "2401.01234",
    "2401.01234v2",
    "arXiv:2401.01234",
    "ARXIV:2401.01234",
    "arxiv.org/abs/2401.01234",
    "https://arxiv.org/abs/2401.01234v2",
    "https://arxiv.org/pdf/2401.01234v2.pdf",
    "https://arxiv.org/pdf/2401.01234",
    "https://arxiv.org/html/2401.01234v1",
    "10.48550/arXiv.2401.01234",
    "https://doi.org/10.48550/arXiv.2401.01234",
    "  <https://arxiv.org/abs/2401.01234>  ",
)
OLD_FORMS = (
    "cond-mat/0412498",
    "cond-mat/0412498v1",
    "arXiv:cond-mat/0412498",
    "<cond-mat/0412498>",
)


def corpus() -> list[Paper]:
    def paper(arxiv_id: str, title: str, abstract: str) -> Paper:
        return Paper(arxiv_id, title, abstract, published=NOW, sources=frozenset({"arxiv"}))

    return [
        paper(ID, "Mixture of experts, revisited", "Sparse experts route tokens."),
        # cites the paper by id: full-text search finds it too, but after the paper itself
        paper("2402.00001", "Routing, again", "We extend arXiv:2401.01234 (2401.01234) to vision."),
        paper("cond-mat/0412498", "Glassy dynamics", "Old-style ids still count."),
        paper("2402.00002", "Paper notes on diffusion", "We keep notes on each paper we read."),
        paper("2402.00003", "Other work", "A paper about graphs, with notes."),
        *(
            paper(f"2402.{n:05d}", f"Unrelated topic {n}", "Graphs and trees.")
            for n in range(10, 30)
        ),
    ]


@pytest.fixture(scope="module")
def db_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded database for the CLI tests (they only read it)."""
    tmp_path = tmp_path_factory.mktemp("ids")
    url = f"sqlite:///{tmp_path / 'ids.db'}"

    async def seed() -> None:
        store = await open_store(url)
        try:
            await store.upsert_papers(corpus(), NOW)
        finally:
            await store.close()

    asyncio.run(seed())
    config = tmp_path / "paperboy.toml"
    # the review rests on the abstract: no full-text fetch leaves the machine
    config.write_text(f'[storage]\nurl = "{url}"\n[fulltext]\nenabled = false\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("form", FORMS + OLD_FORMS)
def test_paperboy_search_and_review_take_every_form(db_config: Path, form: str) -> None:
    wanted = "cond-mat/0412498" if "cond-mat" in form else ID
    runner = CliRunner()
    found = runner.invoke(cli, ["--config", str(db_config), "search", "--json", form])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert hits[0]["arxiv_id"] == wanted  # the paper itself first
    if wanted == ID:
        assert [h["arxiv_id"] for h in hits] == [ID, "2402.00001"]  # then what cites it
    review = runner.invoke(cli, ["--config", str(db_config), "review", "--format", "json", form])
    assert review.exit_code == 0, review.output
    assert json.loads(review.stdout)["arxiv_id"] == wanted


def test_paperboy_review_names_a_bad_id(db_config: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(db_config), "review", "2413.01234"])
    assert result.exit_code == 1
    assert "not an arXiv id" in result.output
    assert "month 13" in result.output


@pytest.fixture
async def dispatcher(store: Store, tmp_path: Path) -> Dispatcher:
    await store.upsert_papers(corpus(), NOW)
    path = tmp_path / "paperboy.toml"
    path.write_text("", encoding="utf-8")
    return Dispatcher(
        CommandDeps(store=store, clock=FrozenClock(NOW), config=load_config(path, {}))
    )


async def _chat(dispatcher: Dispatcher, command: str, arguments: str, user: str = "u1") -> str:
    reply = await dispatcher(
        CommandInvocation(
            platform="console",
            workspace="local",
            channel="general",
            user=user,  # one user per form: the rate limit allows 20 commands a minute
            is_admin=False,
            command=command,
            arguments=arguments,
        )
    )
    return reply.message.fallback


async def test_chat_commands_take_every_form(dispatcher: Dispatcher) -> None:
    for number, form in enumerate(FORMS):
        shown = await _chat(dispatcher, "show", form, f"u{number}")
        assert "Mixture of experts, revisited" in shown, form
        results = await _chat(dispatcher, "search", form, f"u{number}")
        first = results.index("Mixture of experts")  # the paper itself, first
        assert all(first < results.index(t) for t in ("Routing, again",) if t in results), form
    subscribed = await _chat(dispatcher, "subscribe", "arXiv:2401.01234")
    assert subscribed.startswith("Subscribed")
    assert "2401 01234" in subscribed  # the canonical id, whatever form was typed


@pytest.mark.parametrize("window", [0, 5_000], ids=["whole index", "search window"])
async def test_punctuation_between_words_scores_like_the_words(store: Store, window: int) -> None:
    await store.upsert_papers(corpus(), NOW)
    plain = await store.search(parse_query("paper notes", window=window), limit=5)
    assert [h.paper.arxiv_id for h in plain] == ["2402.00002", "2402.00003"]
    assert all(h.score >= 0.01 for h in plain)  # shown as more than "score 0.00"
    for text in (
        "paper & notes",
        "paper, notes",
        "paper + notes",
        "paper / notes",
        "& paper notes",
    ):
        hits = await store.search(parse_query(text, window=window), limit=5)
        assert [(h.paper.arxiv_id, round(h.score, 6)) for h in hits] == [
            (h.paper.arxiv_id, round(h.score, 6)) for h in plain
        ], text
