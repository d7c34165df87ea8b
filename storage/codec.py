"""Rows to records and back: the neutral dataclasses on one side, column dicts on the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.model import (
    Basis,
    DeliveryMode,
    FeedArticle,
    Link,
    Owner,
    Paper,
    Review,
    ReviewSection,
    SectionSource,
    Subscription,
)
from storage.base import (
    ChannelState,
    Delivery,
    DeliveryKey,
    DeliveryStatus,
    NewDelivery,
    PollState,
)
from storage.types import to_utc


def _iso(value: dt.datetime | None) -> str | None:
    utc = to_utc(value)
    return utc.isoformat() if utc is not None else None


def _from_iso(value: str | None) -> dt.datetime | None:
    return to_utc(dt.datetime.fromisoformat(value)) if value else None


# papers ---------------------------------------------------------------------------------


def article_to_json(article: FeedArticle | None) -> dict[str, Any] | None:
    if article is None:
        return None
    return {
        "feed": article.feed,
        "entry_id": article.entry_id,
        "url": article.url,
        "title": article.title,
        "html": article.html,
        "author": article.author,
        "tags": list(article.tags),
        "published": _iso(article.published),
        "updated": _iso(article.updated),
    }


def article_from_json(data: Mapping[Any, Any] | None) -> FeedArticle | None:
    if not data:
        return None
    return FeedArticle(
        feed=data["feed"],
        entry_id=data["entry_id"],
        url=data["url"],
        title=data["title"],
        html=data.get("html", ""),
        author=data.get("author"),
        tags=tuple(data.get("tags", ())),
        published=_from_iso(data.get("published")),
        updated=_from_iso(data.get("updated")),
    )


def paper_to_row(paper: Paper) -> dict[str, Any]:
    """Column values for a paper (its `first_seen` must be set)."""
    assert paper.first_seen is not None, "the store sets first_seen before writing"
    published = to_utc(paper.published)
    return {
        "arxiv_id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "abstract": paper.abstract,
        "authors": list(paper.authors),
        "authors_text": ", ".join(paper.authors),
        "categories": list(paper.categories),
        "primary_category": paper.primary_category,
        "published": published,
        "updated": to_utc(paper.updated),
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
        "doi": paper.doi,
        "links": [[link.rel, link.url] for link in paper.links],
        "upvotes": paper.upvotes,
        "num_comments": paper.num_comments,
        "ai_summary": paper.ai_summary,
        "ai_keywords": list(paper.ai_keywords),
        "github_repo": paper.github_repo,
        "announce_type": paper.announce_type,
        "sources": sorted(paper.sources),
        "article": article_to_json(paper.article),
        "first_seen": to_utc(paper.first_seen),
        "pub_date": published or to_utc(paper.first_seen),
    }


def paper_from_row(row: Mapping[Any, Any]) -> Paper:
    return Paper(
        arxiv_id=row["arxiv_id"],
        title=row["title"],
        abstract=row["abstract"],
        version=row["version"],
        authors=tuple(row["authors"]),
        categories=tuple(row["categories"]),
        primary_category=row["primary_category"],
        published=row["published"],
        updated=row["updated"],
        comment=row["comment"],
        journal_ref=row["journal_ref"],
        doi=row["doi"],
        links=tuple(Link(rel, url) for rel, url in row["links"]),
        upvotes=row["upvotes"],
        num_comments=row["num_comments"],
        ai_summary=row["ai_summary"],
        ai_keywords=tuple(row["ai_keywords"]),
        github_repo=row["github_repo"],
        announce_type=row["announce_type"],
        sources=frozenset(row["sources"]),
        article=article_from_json(row["article"]),
        first_seen=row["first_seen"],
    )


# reviews --------------------------------------------------------------------------------


def review_to_json(review: Review) -> dict[str, Any]:
    return {
        "paper_id": review.paper_id,
        "title": review.title,
        "date": review.date.isoformat(),
        "hook": review.hook,
        "sections": [
            [s.name, s.text, [[src.section, src.anchor] for src in s.sources]]
            for s in review.sections
        ],
        "basis": review.basis.value,
        "link": review.link,
        "producer": review.producer,
        "series": review.series,
        "emoji": review.emoji,
        "number": review.number,
        "links": [[link.rel, link.url] for link in review.links],
        "categories": list(review.categories),
        "upvotes": review.upvotes,
    }


def review_from_json(data: Mapping[Any, Any]) -> Review:
    return Review(
        paper_id=data["paper_id"],
        title=data["title"],
        date=dt.date.fromisoformat(data["date"]),
        hook=data["hook"],
        sections=tuple(
            ReviewSection(row[0], row[1], tuple(SectionSource(*src) for src in row[2]))
            if len(row) > 2
            else ReviewSection(row[0], row[1])
            for row in data["sections"]
        ),
        basis=Basis(data.get("basis", Basis.ABSTRACT.value)),
        link=data["link"],
        producer=data["producer"],
        series=data.get("series", "Daily Paper"),
        emoji=data.get("emoji", ""),
        number=data.get("number"),
        links=tuple(Link(rel, url) for rel, url in data.get("links", ())),
        categories=tuple(data.get("categories", ())),
        upvotes=data.get("upvotes"),
    )


# poll state, channels, subscriptions -----------------------------------------------------


def poll_state_to_row(state: PollState) -> dict[str, Any]:
    return {
        "source": state.source,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "last_success": state.last_success,
        "last_error": state.last_error,
        "last_error_at": state.last_error_at,
        "consecutive_failures": state.consecutive_failures,
        "next_poll": state.next_poll,
        "alerted": state.alerted,
        "cursor": dict(state.cursor),
    }


def poll_state_from_row(row: Mapping[Any, Any]) -> PollState:
    return PollState(
        **{**row, "alerted": bool(row["alerted"]), "cursor": dict(row["cursor"] or {})}
    )


def channel_to_row(state: ChannelState) -> dict[str, Any]:
    return {
        "name": state.name,
        "time": state.time,
        "timezone": state.timezone,
        "sources": list(state.sources) if state.sources is not None else None,
        "categories": list(state.categories) if state.categories is not None else None,
        "top": state.top,
        "paused": state.paused,
        "review_counter": state.review_counter,
        "last_post_day": state.last_post_day,
        "last_post_at": state.last_post_at,
    }


def channel_from_row(row: Mapping[Any, Any]) -> ChannelState:
    return ChannelState(
        name=row["name"],
        time=row["time"],
        timezone=row["timezone"],
        sources=tuple(row["sources"]) if row["sources"] is not None else None,
        categories=tuple(row["categories"]) if row["categories"] is not None else None,
        top=row["top"],
        paused=bool(row["paused"]),
        review_counter=row["review_counter"],
        last_post_day=row["last_post_day"],
        last_post_at=row["last_post_at"],
    )


def subscription_from_row(row: Mapping[Any, Any]) -> Subscription:
    return Subscription(
        id=row["id"],
        owner=Owner(row["platform"], row["workspace"], row["user_id"]),
        query=row["query"],
        mode=DeliveryMode(row["mode"]),
        created=row["created"],
        digest_time=dt.time.fromisoformat(row["digest_time"]),
        timezone=row["timezone"],
        matches=row["matches"],
    )


# outbox ---------------------------------------------------------------------------------


def new_delivery_to_row(item: NewDelivery, now: dt.datetime) -> dict[str, Any]:
    return {
        "key": item.key,
        "adapter": item.adapter,
        "channel": item.channel,
        "kind": item.kind,
        "payload": item.payload,
        "status": DeliveryStatus.PENDING.value,
        "attempts": 0,
        "created": now,
        "user_id": item.user,
        "workspace": item.workspace,
        "paper_id": item.paper_id,
        "day": item.day,
        "channel_name": item.channel_name,
        "parent_key": item.parent_key,
        "not_before": item.not_before,
    }


def delivery_from_row(row: Mapping[Any, Any]) -> Delivery:
    return Delivery(
        id=row["id"],
        key=DeliveryKey(row["key"]),
        adapter=row["adapter"],
        channel=row["channel"],
        kind=row["kind"],
        payload=row["payload"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        created=row["created"],
        user=row["user_id"],
        workspace=row["workspace"],
        paper_id=row["paper_id"],
        day=row["day"],
        channel_name=row["channel_name"],
        parent_key=DeliveryKey(row["parent_key"]) if row["parent_key"] else None,
        message_id=row["message_id"],
        error=row["error"],
        not_before=row["not_before"],
        sent_at=row["sent_at"],
    )
