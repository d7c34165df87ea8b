"""Source health: one alert to the admin channel when a source has failed several polls
in a row, and one more when it recovers; never an alert per failed poll.

The alert's outbox key names the failure run (the source's last success before it), so a
restart between writing the alert and saving `PollState.alerted` cannot alert twice.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from bot.clock import Clock
from bot.config import Config
from bot.delivery import messages
from bot.model import OutboundMessage, message_to_dict
from bot.ports import Target
from storage.base import DeliveryKind, NewDelivery, Outbox, PollState, PollStates, delivery_key

log = logging.getLogger(__name__)


class Alert(StrEnum):
    """The alert a poll led to."""

    DOWN = "down"  # the source failed `alert_after` polls in a row
    UP = "up"  # it answers again after a DOWN alert


class AlertStore(PollStates, Outbox, Protocol):
    """What source alerts ask of the store: poll state, and the outbox for the alert."""


class SourceHealth:
    def __init__(
        self,
        config: Config,
        store: AlertStore,
        clock: Clock,
        *,
        on_enqueued: Callable[[], None] = lambda: None,
    ) -> None:
        self._config = config
        self._store = store
        self._clock = clock
        self._on_enqueued = on_enqueued

    async def after_poll(self, source: str, before: PollState | None, failed: bool) -> Alert | None:
        """Call after each poll with the state read before it. Returns the alert written,
        if any."""
        after = await self._store.get_poll_state(source)
        if after is None:
            return None
        run = (before.last_success if before else None) or after.last_success
        run_id = run.isoformat() if run else "never"
        if failed:
            if after.alerted or after.consecutive_failures < self._config.scheduler.alert_after:
                return None
            message = messages.source_down(source, after.last_error, after.consecutive_failures)
            if not await self._alert(f"{source}:{Alert.DOWN}:{run_id}", message):
                return None
            await self._store.save_poll_state(dataclasses.replace(after, alerted=True))
            log.warning("source alert sent", extra={"source": source})
            return Alert.DOWN
        if before is None or not before.alerted:
            return None
        recovered = messages.source_recovered(source)
        if not await self._alert(f"{source}:{Alert.UP}:{run_id}", recovered):
            return None
        if after.alerted:
            await self._store.save_poll_state(dataclasses.replace(after, alerted=False))
        log.info("source recovery sent", extra={"source": source})
        return Alert.UP

    async def _alert(self, key: str, message: OutboundMessage) -> bool:
        name = self._config.scheduler.admin_channel
        if name is None:
            return False
        channel = self._config.channel(name)
        target = Target(adapter=channel.adapter, channel=channel.target)
        item = NewDelivery(
            key=delivery_key(DeliveryKind.ALERT, target.key, key),
            adapter=channel.adapter,
            channel=channel.target,
            kind=DeliveryKind.ALERT,
            payload=message_to_dict(message),
            channel_name=name,
        )
        await self._store.enqueue([item], self._clock.now())
        self._on_enqueued()
        return True
