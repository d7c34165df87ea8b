"""Scenario `ask`: recall@3 of /paper ask on hand-marked questions about real papers; p95 time.

Figures:
- recall_at_3: the share of the questions in tests/data/ask/questions.json (58 questions over
  8 real papers, each answer passage marked by hand) whose marked passage is among the 1-3
  passages the answer quotes, asked through the real `Asker` on a real SQLite store holding
  each paper's LaTeXML full text; beside it the baseline that quotes the abstract (recall:
  the questions the abstract answers), and the share of questions said to have no answer.
- answer seconds p50/p95 over every question (`size` rounds, default 3; each round a new
  Asker, so the first question on a paper builds its index), the store read included; and
  the same on the 55-page LaTeXML page of tests/data/fulltext (the longest paper at hand).
Targets: recall@3 >= 0.8 and above the baseline; p95 < 0.25 s on this machine.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

NAME = "ask"
ROOT = Path(__file__).resolve().parents[2] / "tests" / "data"
TARGET_RECALL = 0.8
TARGET_P95 = 0.25
NOW = dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
LONG_QUESTIONS = (
    "Which datasets are used for evaluation?",
    "How many parameters does the router have?",
    "What learning rate and batch size were used for training?",
    "What are the limitations?",
    "How much does it reduce the tokens read?",
)


class _Stored:
    def __init__(self, store: Any) -> None:
        self._store = store

    async def get(self, paper: Any) -> Any:
        row = await self._store.get_fulltext(paper.arxiv_id, paper.version)
        return row.document if row is not None else None


async def _run(rounds: int) -> dict[str, Any]:
    from bot.ask.service import Asker
    from bot.ask.settings import AskConfig
    from bot.clock import FrozenClock
    from bot.fulltext.html import parse_html
    from bot.model import Paper
    from storage import open_store

    data = json.loads((ROOT / "ask" / "questions.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(f"sqlite:///{Path(tmp) / 'ask.db'}")
        try:
            ids: dict[str, str] = {}
            has_abstract: dict[str, bool] = {}
            for number, name in enumerate([*data["papers"], "long_compilation"], 1):
                arxiv_id = f"2404.{number:05d}"
                path = ROOT / ("fulltext" if name == "long_compilation" else "ask/papers")
                raw = gzip.decompress((path / f"{name}.html.gz").read_bytes())
                document = parse_html(raw, arxiv_id=arxiv_id, version=1)
                paper = Paper(arxiv_id, document.title, document.abstract, version=1)
                await store.upsert_papers([paper], NOW)
                await store.save_fulltext(document, NOW)
                ids[name] = arxiv_id
                has_abstract[name] = bool(document.abstract.strip())
            config = AskConfig(per_reader_per_day=10_000, per_channel_per_day=10_000)

            def asker() -> Asker:  # no answer cache: every answer is made, every round
                return Asker(config, store, FrozenClock(NOW), fulltexts=_Stored(store))

            hits = baseline = unanswered = total = 0
            misses: list[str] = []
            seconds: list[float] = []
            for round_ in range(rounds):
                ask = asker()
                for name, paper in data["papers"].items():
                    for item in paper["questions"]:
                        started = time.perf_counter()
                        answer = await ask.ask(ids[name], item["q"])
                        seconds.append(time.perf_counter() - started)
                        if round_:
                            continue
                        total += 1
                        quoted = {c.anchor or "abstract" for c in answer.citations}
                        found = bool(quoted & set(item["answers"]))
                        hits += found
                        if not found:
                            misses.append(f"{name}: {item['q']}")
                        # the baseline quotes the abstract: right when the abstract answers
                        baseline += "abstract" in item["answers"] and has_abstract[name]
                        unanswered += not answer.citations
            long_seconds: list[float] = []
            for _ in range(rounds):
                ask = asker()
                for question in LONG_QUESTIONS:
                    started = time.perf_counter()
                    await ask.ask(ids["long_compilation"], question)
                    long_seconds.append(time.perf_counter() - started)
        finally:
            await store.close()
    recall = hits / total
    base = baseline / total
    p95 = _p95(seconds)
    return {
        "scenario": NAME,
        "sizes": {"papers": len(data["papers"]), "questions": total, "rounds": rounds},
        "figures": {
            "recall_at_3": round(recall, 3),
            "baseline_abstract_recall": round(base, 3),
            "no_answer_share": round(unanswered / total, 3),
            "answer_p50_seconds": round(statistics.median(seconds), 4),
            "answer_p95_seconds": round(p95, 4),
            "long_paper_p95_seconds": round(_p95(long_seconds), 4),
            "missed": misses,
        },
        "ratios": {"recall_vs_abstract_baseline": round(recall / base, 2) if base else None},
        "targets": {"recall_at_3": f">= {TARGET_RECALL}", "p95_seconds": f"< {TARGET_P95}"},
        "ok": recall >= TARGET_RECALL and recall > base and p95 < TARGET_P95,
    }


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(size: int | None = None, **_: Any) -> dict[str, Any]:
    return asyncio.run(_run(size or 3))
