"""Subscriptions: who follows which topic, and how (instant or a daily digest)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class DeliveryMode(StrEnum):
    INSTANT = "instant"
    DAILY = "daily"


@dataclass(frozen=True)
class Owner:
    """Who holds a subscription: a user of one workspace (guild, team) on one platform."""

    platform: str
    workspace: str
    user: str


@dataclass(frozen=True)
class Subscription:
    id: int
    owner: Owner
    query: str  # the normalised topic text, in the search query language
    mode: DeliveryMode
    created: dt.datetime
    digest_time: dt.time = dt.time(9, 0)
    timezone: str = "UTC"
    matches: int = 0  # papers delivered for this topic so far


__all__ = ["DeliveryMode", "Owner", "Subscription"]
