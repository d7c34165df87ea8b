"""Ranking that learns from votes: TF-IDF content vectors, a decayed centroid of likes
minus dislikes, and a documented weighted score (`weights.RankingWeights`)."""

from bot.ranking.score import Ranked, Ranker, Voted, closest
from bot.ranking.weights import RankingWeights
from bot.ranking.why import why_line

__all__ = ["Ranked", "Ranker", "RankingWeights", "Voted", "closest", "why_line"]
