"""Scenario `review_lint`: the review linter's findings, per rule, over every review we can make.

The reviews: the bundled sample papers (bot/samples: the blog's through the article
producer, the rest from their abstracts), the labelled recent abstracts
(tests/data/review/recent_abstracts.jsonl) and CSAbstruct's test split (when present).
Target: zero findings for every rule (`bot.review.lint.Rule`).

    python -m benchmarks review_lint
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

NAME = "review_lint"
RECENT = (
    Path(__file__).resolve().parents[2] / "tests" / "data" / "review" / "recent_abstracts.jsonl"
)


def recent_papers() -> list[Any]:
    """The labelled recent abstracts as papers."""
    from bot.model import Paper

    rows = [json.loads(line) for line in RECENT.read_text(encoding="utf-8").splitlines() if line]
    return [Paper(r["id"], r["title"], r["abstract"]) for r in rows]


def csabstruct_papers(data_dir: Path | None) -> list[Any]:
    from bot.model import Paper
    from bot.review.train import load_split

    if data_dir is None or not (data_dir / "test.jsonl").is_file():
        return []
    test = load_split(data_dir, "test")
    return [Paper(f"2401.{i:05d}", "Untitled", " ".join(a.sentences)) for i, a in enumerate(test)]


def drafts(data_dir: Path | None) -> Iterator[tuple[str, Any, Any]]:
    """(corpus, paper, draft) for every review of the scenario."""
    from bot.review.article import ArticleProducer
    from bot.review.extractive import ExtractiveProducer
    from bot.review.roles import RoleModel
    from bot.samples import sample_papers

    extractive = ExtractiveProducer(RoleModel.load())
    article = ArticleProducer()
    for papers in sample_papers().values():
        for paper in papers:
            if paper.article is not None and paper.article.html.strip():
                yield "samples", paper, article.produce(paper)
            yield "samples", paper, extractive.produce(paper)
    for paper in recent_papers():
        yield "recent", paper, extractive.produce(paper)
    for paper in csabstruct_papers(data_dir):
        yield "csabstruct", paper, extractive.produce(paper)


def run(size: int | None = None, data_dir: str | Path | None = None, **_: Any) -> dict[str, Any]:
    from bot.review.draft import paper_title
    from bot.review.lint import Rule, count_by_rule, lint_review
    from bot.review.roles import RoleModel
    from bot.review.train import find_data_dir

    found = Path(data_dir) if data_dir else find_data_dir(os.environ)
    classifier = RoleModel.load()
    reviews: dict[str, int] = {}
    findings = []
    examples: dict[str, str] = {}
    for corpus, paper, draft in drafts(found):
        reviews[corpus] = reviews.get(corpus, 0) + 1
        paper_id = paper.arxiv_id
        source = None if draft.producer == "article" else paper.abstract
        title = paper_title(paper)
        for finding in lint_review(draft, classifier, title=title, source=source):
            findings.append(finding)
            examples.setdefault(
                finding.rule.value, f"{corpus} {paper_id} {finding.section}: {finding.detail}"
            )
    counts = count_by_rule(findings)
    result: dict[str, Any] = {
        "scenario": NAME,
        "sizes": {f"{corpus}_reviews": n for corpus, n in reviews.items()},
        "figures": counts,
        "ratios": {},
        "targets": {rule.value: "== 0" for rule in Rule},
        "ok": all(n == 0 for n in counts.values()),
        "examples": examples,
    }
    if "csabstruct" not in reviews:
        result["note"] = "CSAbstruct not found: its test split was left out"
    return result


def main() -> None:
    print(json.dumps(run(), ensure_ascii=False))


if __name__ == "__main__":
    main()
