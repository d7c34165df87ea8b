"""One HTTP client factory (bot/http.py): every outgoing call names paperboy, its version and
the operator's contact, as arXiv asks of API users; no bare client elsewhere in the code."""

from __future__ import annotations

import ast
import asyncio
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import __version__
from bot.cli import cli
from tests.sources.conftest import FakeServer, Reply

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("bot", "adapters", "storage", "benchmarks")
FACTORY = ROOT / "bot" / "http.py"
AGENT = f"paperboy/{__version__} (+https://lab.example/paperboy; mailto:ops@lab.example)"


def _bare_clients(path: Path) -> list[int]:
    """Lines that construct an httpx client (`httpx.AsyncClient(...)`, `AsyncClient(...)`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) in {"httpx.AsyncClient", "AsyncClient", "httpx.Client"}
    ]


def test_no_bare_http_client_outside_the_factory() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in SHIPPED
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != FACTORY
        for line in _bare_clients(path)
    ]
    assert offenders == []
    assert _bare_clients(FACTORY)  # the scan does see a construction where there is one


@pytest.fixture
def server() -> Iterator[FakeServer]:
    """A real HTTP server on 127.0.0.1 (port 0) on its own loop, for the CLI's asyncio.run."""
    fake = FakeServer()
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(fake.start(), loop).result(timeout=10)
    try:
        yield fake
    finally:
        asyncio.run_coroutine_threadsafe(fake.stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def _sample(name: str) -> bytes:
    return resources.files("bot.samples").joinpath(name).read_bytes()


def test_poll_and_chat_lookups_send_the_configured_user_agent(
    server: FakeServer, tmp_path: Path
) -> None:
    feed = server.serve("/feed.xml", Reply(body=_sample("blog_feed.xml")))
    api = server.serve("/api/query", Reply(body=_sample("arxiv_api.xml")))
    config = tmp_path / "paperboy.toml"
    config.write_text(
        f'[storage]\nurl = "sqlite:///{tmp_path / "bot.db"}"\n'
        '[http]\ncontact_url = "https://lab.example/paperboy"\ncontact_email = "ops@lab.example"\n'
        f'[[sources]]\nname = "blog"\nkind = "feed"\nurl = "{feed}"\nretries = 0\n'
        f'[[sources]]\nname = "arxiv"\nkind = "arxiv"\nurl = "{api}"\nquery = "cat:cs.LG"\n'
        "enabled = false\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    polled = runner.invoke(cli, ["--config", str(config), "poll", "--once", "--source", "blog"])
    assert polled.exit_code == 0, polled.output
    # `/paper show` of a paper not stored yet looks it up on arXiv, through the bot `run`
    # builds (bot.app.App.build): the same client, so the same name.
    chat = runner.invoke(cli, ["--config", str(config), "chat"], input="/paper show 2401.04088\n")
    assert chat.exit_code == 0, chat.output
    assert "Mixtral of Experts" in chat.output

    agents = {(s.path, s.headers.get("User-Agent")) for s in server.seen}
    assert agents == {("/feed.xml", AGENT), ("/api/query", AGENT)}


def test_without_a_contact_the_agent_still_names_paperboy_and_its_version() -> None:
    from bot.config import HttpConfig
    from bot.http import user_agent

    assert user_agent(HttpConfig()) == f"paperboy/{__version__} (research-paper digest bot)"
