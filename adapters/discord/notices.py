"""Users whose DMs turned out closed, told once (ephemerally) at their next command.

Delivery records the failure in the outbox; this is what lets the user find out why
nothing arrives. Kept in memory per adapter (bounded): a restart forgets, and the next
failed DM records the user again.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.model import OutboundMessage

NOTICE = OutboundMessage.text(
    "I could not send you a direct message: your DMs are closed to members of this "
    "server, so your topic deliveries cannot reach you. To get them, allow direct "
    "messages (server name → Privacy Settings → Direct Messages), then they resume."
)


class ClosedDms:
    def __init__(self, limit: int = 10_000) -> None:
        self._users: OrderedDict[str, None] = OrderedDict()
        self._limit = limit

    def closed(self, user: str) -> None:
        self._users[user] = None
        self._users.move_to_end(user)
        while len(self._users) > self._limit:
            self._users.popitem(last=False)

    def opened(self, user: str) -> None:
        self._users.pop(user, None)

    def take(self, user: str) -> bool:
        """True once for a user recorded as closed (then forgotten)."""
        if user in self._users:
            del self._users[user]
            return True
        return False
