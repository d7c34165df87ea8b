"""The facade: `Reviewer.review(paper)` picks a producer, caches, and assembles the review.

Order (unless `[review] producer` or the caller forces one): the feed article when the
paper has one, else the LLM when one is configured (and under its daily cap), else the
offline extractive producer, which always succeeds. Reviews are cached in the store per
paper and producer, so a paper is never sent to the model twice. With `versions`, the
cache is per version: a new version whose title or abstract changed gets a fresh review (a
comment-only revision keeps the review).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from collections.abc import Callable
from dataclasses import replace

import httpx

from bot.ask.ports import AnswerStore
from bot.clock import Clock
from bot.config import ReviewConfig
from bot.fulltext.ports import StoredFullTexts
from bot.model import Basis, Paper, Producer, Review
from bot.review.article import ArticleProducer
from bot.review.draft import Draft, ProducerError, assemble
from bot.review.extractive import ExtractiveProducer
from bot.review.fulltext import FullTextProducer
from bot.review.llm import LLMError, LLMProducer, UngroundedError
from bot.review.roles import CueRoles, ModelError, RoleClassifier, RoleModel
from bot.versions import VersionStore
from storage.base import ReviewStore

log = logging.getLogger(__name__)
PRODUCERS: tuple[Producer, ...] = ("article", "llm", "extractive")


class Reviewer:
    def __init__(
        self,
        config: ReviewConfig,
        store: ReviewStore,
        http: httpx.AsyncClient,
        clock: Clock,
        api_key: str | None,
        *,
        classifier: RoleClassifier | None = None,
        fulltexts: StoredFullTexts | None = None,
        on_ungrounded: Callable[[], None] | None = None,
        versions: VersionStore | None = None,
    ) -> None:
        self._config = config
        self._versions = versions  # which version each cached review is of
        self._store = store
        self._clock = clock
        self._article: ArticleProducer | None = None  # built with the offline producer
        self._llm = LLMProducer(config.llm, http, api_key) if config.llm.base_url else None
        self._classifier = classifier  # the shipped model, loaded on first use
        self._extractive: ExtractiveProducer | None = None
        self._fulltexts = fulltexts  # a paper's stored full text, preferred to its abstract
        self._on_ungrounded = on_ungrounded  # counts LLM reviews failing the grounding check
        # one review in the making per paper: concurrent callers wait and share the cache
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self._llm_failed: dict[str, dt.date] = {}  # paper id -> the day its LLM call failed

    async def review(
        self, paper: Paper, *, producer: str | None = None, number: int | None = None
    ) -> Review:
        """The review of `paper`, from the cache or freshly made; never fails on bad text."""
        lock = self._locks.get(paper.arxiv_id)
        if lock is None:
            lock = self._locks[paper.arxiv_id] = asyncio.Lock()
        async with lock:
            return await self._review(paper, producer, number)

    async def _review(self, paper: Paper, producer: str | None, number: int | None) -> Review:
        for candidate in self._candidates(paper, producer):
            cached = await self._store.get_review(paper.arxiv_id, candidate)
            if (
                cached is not None
                and not await self._outdated(cached, paper)
                and not await self._other_version(paper, candidate)
            ):
                # the cache keeps what the producer wrote; the header, links, upvotes and
                # the date (the day it is shown) are today's
                kept = Draft(
                    cached.hook, cached.sections, cached.producer, cached.link, cached.basis
                )
                return self._assemble(paper, kept, number)
            draft = await self._produce(candidate, paper)
            if draft is not None:
                review = self._assemble(paper, draft, None)
                await self._store.save_review(review, self._clock.now())
                if self._versions is not None and paper.version:
                    await self._versions.set_reviewed_version(
                        paper.arxiv_id, candidate, paper.version
                    )
                return replace(review, number=number)
        raise AssertionError("unreachable: the extractive producer always gives a review")

    def _assemble(self, paper: Paper, draft: Draft, number: int | None) -> Review:
        return assemble(
            paper,
            draft,
            date=self._today(),
            series=self._config.series,
            emoji=self._config.emoji,
            number=number,
        )

    def _today(self) -> dt.date:
        return self._clock.now().astimezone(dt.UTC).date()

    def _candidates(self, paper: Paper, forced: str | None) -> list[Producer]:
        choice = forced or self._config.producer
        if choice != "auto":
            if choice not in PRODUCERS:
                raise ValueError(f"unknown review producer {choice!r} (one of {PRODUCERS})")
            wanted = [p for p in PRODUCERS if p == choice]
            return wanted if "extractive" in wanted else [*wanted, "extractive"]
        order: list[Producer] = []
        if paper.article is not None and paper.article.html.strip():
            order.append("article")
        if self._llm is not None:
            order.append("llm")
        order.append("extractive")
        return order

    async def _produce(self, producer: Producer, paper: Paper) -> Draft | None:
        """A draft from `producer`, or None (logged) when it cannot write this review."""
        if producer == "extractive":
            abstract = self._offline().produce(paper)
            document = await self._fulltexts.stored(paper) if self._fulltexts else None
            if document is None:
                return abstract
            return FullTextProducer().produce(paper, document, fallback=abstract)
        try:
            if producer == "article":
                if self._article is None:  # a post without house headings is classified
                    self._article = ArticleProducer(plain=self._offline())
                return self._article.produce(paper)
            if self._llm is None:
                raise ProducerError("no LLM is configured ([review.llm] base_url)")
            if self._llm_failed.get(paper.arxiv_id) == self._today():
                raise ProducerError("the LLM failed on this paper today; it is retried tomorrow")
            if not await self._under_cap():
                cap = self._config.llm.daily_cap
                raise ProducerError(f"the daily cap of {cap} LLM reviews is reached")
            try:
                document = await self._fulltexts.stored(paper) if self._fulltexts else None
                return await self._llm.produce(paper, document)
            except LLMError as exc:
                if isinstance(exc, UngroundedError) and self._on_ungrounded is not None:
                    self._on_ungrounded()
                self._remember_failure(paper.arxiv_id)
                raise
        except ProducerError as exc:
            log.warning(
                "%s review not possible, falling back: %s",
                producer,
                exc,
                extra={"paper": paper.arxiv_id},
            )
            return None

    async def _other_version(self, paper: Paper, producer: Producer) -> bool:
        """The cached review is of another version whose title or abstract differ."""
        if self._versions is None or not paper.version:
            return False
        reviewed = await self._versions.reviewed_version(paper.arxiv_id, producer)
        if reviewed is None or reviewed == paper.version:
            return False  # of this version, or made before versions were kept
        history = {v.version: v for v in await self._versions.paper_versions(paper.arxiv_id)}
        old, new = history.get(reviewed), history.get(paper.version)
        if old is not None and new is not None and old.same_text(new):
            # a comment-only revision: the review stands, now as this version's
            await self._versions.set_reviewed_version(paper.arxiv_id, producer, paper.version)
            return False
        return True

    async def _outdated(self, cached: Review, paper: Paper) -> bool:
        """A review of the abstract (offline or LLM), now that the full text is stored."""
        if cached.producer not in ("extractive", "llm") or cached.basis is Basis.FULL_TEXT:
            return False
        return self._fulltexts is not None and await self._fulltexts.stored(paper) is not None

    def _remember_failure(self, arxiv_id: str) -> None:
        """Failed papers are not sent again the same day (nor does the list outgrow a day)."""
        today = self._today()
        for stale in [k for k, day in self._llm_failed.items() if day != today]:
            del self._llm_failed[stale]
        self._llm_failed[arxiv_id] = today

    async def _under_cap(self) -> bool:
        now = self._clock.now().astimezone(dt.UTC)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        used = await self._store.count_reviews_since("llm", midnight)
        if isinstance(self._store, AnswerStore):  # the cap is shared with /paper ask (bot/ask)
            used += await self._store.count_llm_answers(midnight)
        return used < self._config.llm.daily_cap

    def _offline(self) -> ExtractiveProducer:
        if self._extractive is None:
            classifier = self._classifier
            if classifier is None:
                try:
                    classifier = RoleModel.load()
                except ModelError as exc:
                    log.warning("using cue-phrase roles: %s", exc)
                    classifier = CueRoles()
            self._extractive = ExtractiveProducer(classifier)
        return self._extractive


__all__ = ["PRODUCERS", "Reviewer"]
