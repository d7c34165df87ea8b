"""A `PostView` to plain JSON types and back (it travels in the outbox's payload)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from bot.presentation.labels import Action, LinkKind
from bot.presentation.view import (
    PostAction,
    PostHeader,
    PostLink,
    PostSection,
    PostView,
    SourceAnchor,
)


class PostFormatError(ValueError):
    """A stored post that cannot be read back (a field is missing or of the wrong type)."""


def post_to_dict(view: PostView) -> dict[str, Any]:
    data = asdict(view)
    data["header"]["date"] = view.header.date.isoformat()
    data["links"] = [{"kind": link.kind.value, "url": link.url} for link in view.links]
    data["actions"] = [{"action": a.action.value, "value": a.value} for a in view.actions]
    data["categories"] = list(view.categories)
    return data


def post_from_dict(data: Mapping[str, Any]) -> PostView:
    """The inverse of `post_to_dict`; raises PostFormatError naming what is wrong."""
    try:
        head = data["header"]
        return PostView(
            paper_id=str(data["paper_id"]),
            header=PostHeader(
                series=str(head["series"]),
                emoji=str(head.get("emoji", "")),
                date=dt.date.fromisoformat(head["date"]),
                title=str(head["title"]),
                url=head.get("url"),
            ),
            hook=str(data.get("hook", "")),
            sections=tuple(
                PostSection(
                    str(s["name"]),
                    str(s["text"]),
                    tuple(SourceAnchor(**a) for a in s.get("sources", ())),
                )
                for s in data.get("sections", ())
            ),
            producer=str(data["producer"]),
            number=data.get("number"),
            why=data.get("why"),
            links=tuple(PostLink(LinkKind.of(i["kind"]), i["url"]) for i in data.get("links", ())),
            paper_url=data.get("paper_url"),
            open_url=data.get("open_url"),
            pdf_url=data.get("pdf_url"),
            actions=tuple(_actions(data.get("actions", ()))),
            categories=tuple(str(c) for c in data.get("categories", ())),
            upvotes=data.get("upvotes"),
            votes=_votes(data.get("votes")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PostFormatError(f"a stored post cannot be read: {exc!r}") from exc


def _votes(raw: Any) -> tuple[int, int] | None:
    if raw is None:  # never voted on, or stored before posts showed votes
        return None
    likes, dislikes = raw
    return int(likes), int(dislikes)


def _actions(raw: Any) -> list[PostAction]:
    """Actions this version knows; one a newer version stored is left out (its button
    would run a command this version does not have)."""
    known = {action.value for action in Action}
    return [PostAction(Action(a["action"]), str(a["value"])) for a in raw if a["action"] in known]


__all__ = ["PostFormatError", "post_from_dict", "post_to_dict"]
