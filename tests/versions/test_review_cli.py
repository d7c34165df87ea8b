"""`paperboy review ID --format json` carries the paper's version and its versions' dates."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from bot.cli import cli
from bot.clock import FrozenClock
from bot.model import Paper
from bot.revisions import Revisions
from storage import open_store

SEEN = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
V1 = Paper(
    arxiv_id="2612.00001", title="Sparse Attention", version=1,
    abstract="Attention is slow. We make it sparse. It is twice as fast on long inputs.",
    published=dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC),
    updated=dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC),
)  # fmt: skip
V2 = dataclasses.replace(
    V1, version=2, comment="accepted at ICLR 2027",
    updated=dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC),
)  # fmt: skip


def test_review_json_has_the_version_and_each_version_s_date(
    tmp_path: Path, sqlite_url: str
) -> None:
    async def seed() -> None:
        store = await open_store(sqlite_url)
        try:
            revisions = Revisions(store, FrozenClock(SEEN), adapters_by_platform={})
            await store.upsert_papers([V1], SEEN)
            await revisions.track([V1.arxiv_id])
            await store.upsert_papers([V2], SEEN + dt.timedelta(days=1))
            await revisions.track([V1.arxiv_id])
        finally:
            await store.close()

    asyncio.run(seed())
    config = tmp_path / "paperboy.toml"
    config.write_text(f'[storage]\nurl = "{sqlite_url}"\n[review]\nproducer = "extractive"\n')
    result = CliRunner().invoke(
        cli, ["--config", str(config), "review", "2612.00001v1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 2
    assert data["versions"] == [
        {"version": 1, "date": "2026-12-01T18:00:00+00:00", "comment": None, "withdrawn": False},
        {
            "version": 2,
            "date": "2026-12-06T09:30:00+00:00",
            "comment": "accepted at ICLR 2027",
            "withdrawn": False,
        },
    ]
    assert data["withdrawn"] is False
