"""`build_asker`: the `Asker` as the configuration describes it, from the bot's parts."""

from __future__ import annotations

from functools import partial

import httpx

from bot.ask.llm import AskLLM
from bot.ask.ports import AnswerStore
from bot.ask.service import Asker, FullTextSource
from bot.clock import Clock
from bot.config import Config
from bot.textindex import Analyzer
from storage.base import Store


def build_asker(
    config: Config,
    store: Store,
    http: httpx.AsyncClient,
    clock: Clock,
    *,
    fulltexts: FullTextSource | None,
    analyzer: Analyzer | None = None,
) -> Asker:
    """Answers cached and limits kept when the store has the answers role; the LLM used
    when `[review.llm] base_url` is set, under the daily cap it shares with reviews."""
    llm_config = config.review.llm
    key = config.secrets.llm_api_key
    llm = (
        AskLLM(llm_config, http, key.get_secret_value() if key else None)
        if llm_config.base_url
        else None
    )
    return Asker(
        config.ask,
        store,
        clock,
        answers=store if isinstance(store, AnswerStore) else None,
        fulltexts=fulltexts,
        analyzer=analyzer,
        llm=llm,
        llm_daily_cap=llm_config.daily_cap,
        llm_reviews_since=partial(store.count_reviews_since, "llm"),
    )


__all__ = ["build_asker"]
