"""`[ranking]`: the weights of the learned ranking (the formula: `RankingWeights`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.ranking.weights import RankingWeights

_DEFAULT = RankingWeights()


class RankingConfig(BaseModel):
    """score = popularity * P + review * R + recency * T + affinity * A (each term is
    described on `bot.ranking.weights.RankingWeights`). Only channels and readers who
    voted are ranked by it; the others keep the base order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    popularity: float = Field(default=_DEFAULT.popularity, ge=0)
    review: float = Field(default=_DEFAULT.review, ge=0)
    recency: float = Field(default=_DEFAULT.recency, ge=0)
    affinity: float = Field(default=_DEFAULT.affinity, ge=0)
    recency_days: float = Field(default=_DEFAULT.recency_days, gt=0)
    half_life_days: float = Field(default=_DEFAULT.half_life_days, gt=0)
    close_to: float = Field(default=_DEFAULT.close_to, ge=0, le=1)

    def weights(self) -> RankingWeights:
        return RankingWeights(**self.model_dump())


__all__ = ["RankingConfig"]
