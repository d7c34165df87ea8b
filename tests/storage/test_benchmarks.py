"""The benchmark harness and the synthetic corpus other scenarios reuse."""

from __future__ import annotations

import itertools
import json
import types
from typing import Any

import pytest

from benchmarks.__main__ import main
from benchmarks.corpus import arxiv_id, batches, papers, queries
from benchmarks.harness import Scenario, discover, normalise, run_all
from storage.unicode61 import Unicode61


def test_corpus_is_deterministic_whatever_the_slice() -> None:
    whole = list(papers(1_200))
    assert list(papers(10, start=995)) == whole[995:1005]
    assert [len(b) for b in batches(1_200, size=500)] == [500, 500, 200]
    assert list(papers(3, seed=1)) != whole[:3]


def test_corpus_looks_like_arxiv() -> None:
    sample = list(papers(1_000))
    ids = [p.arxiv_id for p in sample]
    assert ids[0] == "2301.00001"
    assert len(set(ids)) == len(ids)
    assert arxiv_id(99_999) == "2302.00001"
    assert all(
        a.published and b.published and a.published <= b.published
        for a, b in itertools.pairwise(sample)
    )
    sentences = [p.abstract.count(". ") + 1 for p in sample]
    assert min(sentences) >= 5
    assert max(sentences) <= 10
    assert all(1 <= len(p.authors) <= 8 and p.primary_category in p.categories for p in sample)
    tokenizer = Unicode61()
    words = [w for p in sample for w in tokenizer.tokens(p.abstract)]
    counts: dict[str, int] = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert ranked[0] > 20 * ranked[100]  # Zipf-like: a few words everywhere, a long tail
    assert len(counts) > 2_000
    assert all(q.strip() for q in queries(50))


def test_discovery_finds_scenarios_exposing_name_and_run() -> None:
    found = discover()
    assert "storage" in found
    assert found["storage"].summary.startswith("Scenario `storage`")


def _scenario(name: str, run: Any) -> Scenario:
    return Scenario(name, types.ModuleType(name), run)


def test_results_are_normalised_and_failures_reported() -> None:
    flat = normalise("x", {"size": 10, "ratio_a": 0.5, "target_ratio": 2.0, "rate": 3, "ok": True})
    assert flat == {
        "scenario": "x",
        "sizes": {"size": 10},
        "figures": {"rate": 3},
        "ratios": {"ratio_a": 0.5},
        "targets": {"target_ratio": 2.0},
        "ok": True,
    }

    def boom(**_: Any) -> dict[str, Any]:
        raise RuntimeError("disk full")

    async def fine(size: int | None = None) -> dict[str, Any]:
        return {"scenario": "fine", "sizes": {"n": size}, "ok": True}

    lines: list[str] = []
    passed = run_all([_scenario("boom", boom), _scenario("fine", fine)], 7, {}, lines.append)
    first, second = (json.loads(line) for line in lines)
    assert passed is False
    assert (first["scenario"], first["ok"], first["error"]) == (
        "boom",
        False,
        "RuntimeError: disk full",
    )
    assert (second["ok"], second["sizes"]) == (True, {"n": 7})


def test_storage_scenario_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["storage", "--size", "300", "-o", "queries_count=20", "-o", "like_count=5"])
    [line] = capsys.readouterr().out.splitlines()
    result = json.loads(line)
    assert set(result) >= {"scenario", "sizes", "figures", "ratios", "targets", "ok"}
    assert result["sizes"]["papers"] == 300
    assert result["figures"]["upserts_per_s"] > 0
    assert set(result["targets"]) <= set(result["ratios"])
    assert code == (0 if result["ok"] else 1)
