"""`[ask]`: how many questions readers may ask a day, and how long a question may be."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AskConfig(BaseModel):
    """Limits count the questions answered since 00:00 UTC (cached answers included: a
    limit is on asking, not on the model). The LLM, when `[review.llm]` is set, answers
    under the same `daily_cap` as reviews: reviews and answers made today share it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    per_reader_per_day: int = Field(default=20, ge=0)
    per_channel_per_day: int = Field(default=100, ge=0)
    max_question_chars: int = Field(default=500, ge=10, le=2000)
    use_llm: bool = True  # with `[review.llm] base_url` set; false: always quote passages


__all__ = ["AskConfig"]
