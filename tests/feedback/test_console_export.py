"""The console prints an export's file after the reply: a script can save it."""

from __future__ import annotations

from bot.clock import FrozenClock
from bot.commands import CommandDeps, Dispatcher
from bot.config import Config
from storage import SqlStore
from tests.commands.conftest import CORPUS, NOW
from tests.console.conftest import console


async def test_the_console_prints_the_exported_file(sqlite_store: SqlStore) -> None:
    await sqlite_store.upsert_papers(list(CORPUS), NOW)
    deps = CommandDeps(sqlite_store, FrozenClock(NOW), Config(), feedback=sqlite_store)
    adapter, out = console("/paper save 2503.00002\n/paper export bibtex\n")
    await adapter.run(Dispatcher(deps))
    text = out.getvalue()
    assert "1 saved paper(s) as saved-papers.bib, attached." in text
    file = text.split("── saved-papers.bib ──\n", 1)[1]
    assert file.startswith("@misc{gu2025_250300002,\n  title = {{")
    assert "  eprint = {2503.00002},\n  archivePrefix = {arXiv},\n" in file
