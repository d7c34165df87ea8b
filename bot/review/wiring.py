"""The reviewers of the running bot, wired from config: the full texts reviews rest on, the
reviewer every command asks, and the one the daily post asks (which fetches each
candidate's full text first and is counted by the metrics)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.clock import Clock
from bot.config import Config
from bot.fulltext.ahead import FetchAhead
from bot.fulltext.fetch import FullTextFetcher
from bot.fulltext.ports import FullTextStore
from bot.fulltext.service import FullTexts
from bot.metrics import InstrumentedReviewer, Metrics
from bot.ports import ReviewService
from bot.review.reviewer import Reviewer
from storage.base import Store


@dataclass(frozen=True)
class Reviews:
    reviewer: Reviewer  # /paper show, paperboy review, the asker
    posting: ReviewService  # the daily post's: full text first (fetch_ahead), counted
    fulltexts: FullTexts | None  # None: the store keeps no full texts


def build_reviews(
    config: Config, db: Store, client: httpx.AsyncClient, clock: Clock, metrics: Metrics | None
) -> Reviews:
    fulltexts = (  # a paper's full text, stored ahead of its review (bot/fulltext)
        FullTexts(config.fulltext, db, FullTextFetcher(config.fulltext, client), clock)
        if isinstance(db, FullTextStore)
        else None
    )
    api_key = config.secrets.llm_api_key
    reviewer = Reviewer(
        config.review,
        db,
        client,
        clock,
        api_key.get_secret_value() if api_key else None,
        fulltexts=fulltexts,
        on_ungrounded=metrics.llm_review_ungrounded if metrics is not None else None,
        versions=db,  # reviews cached per version
    )
    posting: ReviewService = reviewer
    if fulltexts is not None and config.fulltext.fetch_ahead:
        posting = FetchAhead(reviewer, fulltexts)  # each candidate's full text first
    if metrics is not None:
        posting = InstrumentedReviewer(posting, metrics)
    return Reviews(reviewer, posting, fulltexts)
