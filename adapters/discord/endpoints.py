"""Where discord.py connects. The one place that sets its class-level endpoints.

discord.py keeps the REST base in `discord.http.Route.BASE` and the default gateway in
`DiscordWebSocket.DEFAULT_GATEWAY` (class attributes, not per client). The adapter sets
both from `[adapters.discord] api_url` here and nowhere else: the REST base directly,
the gateway from what that API's `GET /gateway/bot` answers.

These are the adapter's only uses of discord.py internals (sending, DMs, history and
threads go through its public API: delivery.py): `Route.BASE`, `DEFAULT_GATEWAY` and
`HTTPClient.get_bot_gateway` have no public equivalent, which is why pyproject caps
discord.py to the tested minor version.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import HTTPClient, Route


def use_api(api_url: str) -> None:
    """Point every REST call (and interaction webhooks) at `api_url`."""
    Route.BASE = api_url.rstrip("/")


async def use_gateway_of(http: HTTPClient) -> str:
    """Point the gateway at the URL the API gives (`GET /gateway/bot`); returns it."""
    _, url, _ = await http.get_bot_gateway()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
    return url
