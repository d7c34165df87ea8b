"""Withdrawn papers leave the selection; a new version's abstract change, by sentence."""

from __future__ import annotations

import pytest

from bot.lifecycle import abstract_change, is_withdrawn
from bot.model import Paper
from bot.selection import choose


def paper(arxiv_id: str, *, comment: str | None = None, abstract: str = "We study X.") -> Paper:
    return Paper(arxiv_id=arxiv_id, title=f"Paper {arxiv_id}", abstract=abstract, comment=comment)


@pytest.mark.parametrize(
    ("comment", "abstract", "withdrawn"),
    [
        ("This paper has been withdrawn by the author due to an error in Lemma 2", "", True),
        ("Withdrawn: a duplicate of arXiv:2401.00001", "", True),
        (None, "This submission has been withdrawn by arXiv administrators.", True),
        ("The paper was withdrawn from NeurIPS and resubmitted", "", True),
        ("Accepted at ICLR 2026; 12 pages", "", False),
        (None, "Agents that have withdrawn from a market are modelled as ...", False),
    ],
)
def test_withdrawn_is_read_from_the_comment_or_the_abstract(
    comment: str | None, abstract: str, withdrawn: bool
) -> None:
    assert is_withdrawn(paper("2612.00001", comment=comment, abstract=abstract)) is withdrawn


def test_a_withdrawn_paper_is_dropped_from_the_daily_selection() -> None:
    kept = paper("2612.00001")
    gone = paper("2612.00002", comment="This paper has been withdrawn by the authors")
    assert [p.arxiv_id for p in choose([kept, gone], posted=set(), top=5)] == ["2612.00001"]


def test_the_abstract_change_lists_added_and_removed_sentences_in_order() -> None:
    old = "We propose a sparse attention method. It reaches 80% accuracy. Code is available."
    new = (
        "We propose a sparse attention method.  It reaches 85% accuracy on three benchmarks. "
        "Code is available."
    )
    change = abstract_change(old, new)
    assert change.added == ("It reaches 85% accuracy on three benchmarks.",)
    assert change.removed == ("It reaches 80% accuracy.",)
    assert change.changed
    assert not abstract_change(
        old, "We propose a sparse attention method. It reaches 80% accuracy.  Code is available."
    ).changed
