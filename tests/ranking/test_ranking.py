"""The learned ranking: deterministic, explainable, and kept apart per channel."""

from __future__ import annotations

import datetime as dt

from bot.feedback.model import Vote
from bot.model import FeedArticle, Paper
from bot.ranking import Ranker, RankingWeights, Voted, closest, why_line
from bot.ranking.batch import top_k
from bot.ranking.score import base_scores
from bot.ranking.vectors import fit_papers, paper_text
from bot.selection import rank

NOW = dt.datetime(2025, 3, 10, 12, tzinfo=dt.UTC)


def paper(arxiv_id: str, title: str, abstract: str, upvotes: int | None = None) -> Paper:
    return Paper(arxiv_id=arxiv_id, title=title, abstract=abstract, upvotes=upvotes,
                 published=NOW - dt.timedelta(hours=int(arxiv_id[-1])))  # fmt: skip


LIKED = paper("2501.00001", "Diffusion models for video", "Denoising diffusion for video.")
HATED = paper("2501.00002", "Graph networks for molecules", "Message passing on molecules.")
TODAY = [
    paper("2503.00001", "Protein folding with graph networks", "Message passing for proteins.", 50),
    paper("2503.00002", "Faster diffusion sampling for video", "Few-step denoising diffusion."),
    paper("2503.00003", "A survey of optimisers", "Adam and friends compared.", 5),
]


def test_no_votes_keeps_the_base_order() -> None:
    base = rank(TODAY)
    ranked = Ranker().rank(base, [], NOW)
    assert [r.paper for r in ranked] == base
    assert all(r.score is None for r in ranked)


def test_votes_move_liked_content_up_and_explain_it() -> None:
    base = rank(TODAY)
    assert base[0].arxiv_id == "2503.00001"  # most upvotes first without votes
    votes = [Voted(LIKED, Vote.LIKE, NOW), Voted(HATED, Vote.DISLIKE, NOW)]
    ranked = Ranker().rank(base, votes, NOW)
    assert ranked[0].paper.arxiv_id == "2503.00002"
    assert ranked[-1].paper.arxiv_id == "2503.00001"  # like the disliked paper: last
    assert ranked[0].liked_neighbour == LIKED.arxiv_id
    assert why_line(ranked[0].paper, liked_neighbour=ranked[0].liked_neighbour) == (
        "close to 2501.00001 you liked"
    )
    again = Ranker().rank(base, votes, NOW)
    assert [(r.paper.arxiv_id, r.score) for r in again] == [
        (r.paper.arxiv_id, r.score) for r in ranked
    ]


def test_old_votes_count_less() -> None:
    weights = RankingWeights(half_life_days=1.0)
    fresh_dislike = Voted(LIKED, Vote.DISLIKE, NOW)
    old_like = Voted(HATED, Vote.LIKE, NOW - dt.timedelta(days=30))
    ranked = Ranker(weights).rank(rank(TODAY), [old_like, fresh_dislike], NOW)
    assert ranked[-1].paper.arxiv_id == "2503.00002"  # the fresh dislike wins


def test_why_line_reasons() -> None:
    reviewed = Paper(arxiv_id="2503.00009", title="t", abstract="a", upvotes=128,
                     article=FeedArticle("lil-log", "x", "https://example.org/x", "x"))  # fmt: skip
    assert why_line(reviewed, topic="diffusion") == (
        "matches your topic `diffusion` · 128 upvotes on Hugging Face"
    )
    assert why_line(reviewed) == "128 upvotes on Hugging Face · reviewed on lil-log"
    assert why_line(paper("2503.00008", "t", "a")) is None


def test_closest_excludes_itself_and_orders_by_similarity() -> None:
    found = closest(TODAY[1], [LIKED, HATED, *TODAY], 3)
    assert next(p.arxiv_id for p, _ in found) == LIKED.arxiv_id
    assert TODAY[1].arxiv_id not in [p.arxiv_id for p, _ in found]


def test_batch_top_k_matches_the_ranker() -> None:
    votes = [Voted(LIKED, Vote.LIKE, NOW)]
    weights = RankingWeights()
    model = fit_papers([*TODAY, LIKED])
    matrix = model.matrix([paper_text(p) for p in TODAY])
    profile = model.matrix([paper_text(LIKED)])
    picked = top_k(matrix, base_scores(TODAY, NOW, weights), profile, weights.affinity, 3)
    ranked = Ranker(weights).rank(TODAY, votes, NOW)
    assert [TODAY[i].arxiv_id for i in picked[0]] == [r.paper.arxiv_id for r in ranked]
