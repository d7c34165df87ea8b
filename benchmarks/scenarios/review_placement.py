"""Where the abstract review puts each sentence, against hand labels: per-section precision
and coverage at a confidence threshold (helpers of the `review_accuracy` scenario).

A review sentence is traced back to the abstract sentence it came from (the producer only
rewrites openings and the first person), so each placed sentence is judged by its label.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

RECENT = (
    Path(__file__).resolve().parents[2] / "tests" / "data" / "review" / "recent_abstracts.jsonl"
)
SECTIONS = ("Key Problem", "Methodology", "Results", "Significance")
GOLD = {
    "background": "Key Problem",
    "objective": "Key Problem",
    "method": "Methodology",
    "result": "Results",
    "significance": "Significance",
    "other": None,
}


def recent_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in RECENT.read_text(encoding="utf-8").splitlines() if line]


def _source(sentence: str, original: list[str]) -> int | None:
    """The abstract sentence a review sentence came from: the same, or the same once its
    opening was rewritten and it was voiced, or the same after its first word (a pointer
    made explicit: "It merges" -> "QueryFan merges"), or cut short with an ellipsis."""
    from bot.review.compose import voiced
    from bot.review.openers import rewrite_opener

    cut = sentence.rstrip("…") if sentence.endswith("…") else None
    for index, candidate in enumerate(original):
        forms = {candidate, voiced(candidate)}
        forms |= {voiced(rewrite_opener(candidate, late=late)) for late in (False, True)}
        if sentence in forms or (cut and any(f.startswith(cut) for f in forms)):
            return index
        if any(_tail(sentence) == _tail(f) and len(_tail(f)) > 20 for f in forms):
            return index
    return None


def _tail(text: str) -> str:
    return text.split(" ", 1)[-1]


def placement(classifier: Any, threshold: float) -> dict[str, Any]:
    """Per-section precision and coverage of the extractive review over the labelled
    recent abstracts, and how many reviews of 4+ sentence abstracts have all four sections."""
    from bot.model import Paper
    from bot.review.extractive import ExtractiveProducer
    from bot.review.sentences import split_sentences

    producer = ExtractiveProducer(classifier, threshold=threshold)
    placed: Counter[str] = Counter()
    right: Counter[str] = Counter()
    gold_total: Counter[str] = Counter()
    complete = long_abstracts = possible = 0
    for row in recent_rows():
        gold = [GOLD[label] for label in row["labels"]]
        gold_total.update(g for g in gold if g)
        draft = producer.produce(Paper(row["id"], row["title"], row["abstract"]))
        names = {s.name for s in draft.sections}
        if len(row["sentences"]) >= 4:
            long_abstracts += 1
            complete += set(SECTIONS) <= names
            possible += set(SECTIONS) <= set(gold)
        for section in draft.sections:
            for sentence in split_sentences(section.text):
                index = _source(sentence, row["sentences"])
                placed[section.name] += 1
                right[section.name] += index is not None and gold[index] == section.name
    result: dict[str, Any] = {}
    for name in SECTIONS:
        key = name.lower().replace(" ", "_")
        result[f"{key}_precision"] = round(right[name] / max(placed[name], 1), 3)
        result[f"{key}_coverage"] = round(right[name] / max(gold_total[name], 1), 3)
    total_right = sum(right.values())
    result["precision"] = round(total_right / max(sum(placed.values()), 1), 3)
    result["coverage"] = round(total_right / max(sum(gold_total.values()), 1), 3)
    result["all_four_sections"] = round(complete / max(long_abstracts, 1), 3)
    # how many of those abstracts hold a sentence of every section at all (the labels)
    result["all_four_in_labels"] = round(possible / max(long_abstracts, 1), 3)
    return result


def recent_accuracy(classifier: Any) -> dict[str, float]:
    """The classifier alone on the recent set (significance counts as result)."""
    from bot.review.train import Abstract, evaluate

    abstracts = [
        Abstract(r["sentences"], ["result" if x == "significance" else x for x in r["labels"]])
        for r in recent_rows()
    ]
    return evaluate(classifier, abstracts)
