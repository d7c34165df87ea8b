"""The one HTTP client factory: every outgoing HTTP call of the core goes through a client
made here (sources, the arXiv lookup of `/paper show`, the LLM reviewer).

Why one place: arXiv asks API users to name their tool and a way to reach them in the
User-Agent (https://info.arxiv.org/help/api/tou.html), and a bot that polls many hosts
must bound every exchange in time. A bare `httpx.AsyncClient()` gets neither (httpx's
User-Agent is `python-httpx/x.y`), so tests/test_http.py fails if one appears in the tree.
"""

from __future__ import annotations

import httpx

from bot import __version__
from bot.config import HttpConfig


def user_agent(config: HttpConfig, version: str = __version__) -> str:
    """`paperboy/0.1.0 (+https://example.org/bot; mailto:ops@example.org)`; with no contact
    configured, `paperboy/0.1.0 (research-paper digest bot)`."""
    contact = [f"+{config.contact_url}"] if config.contact_url else []
    if config.contact_email:
        contact.append(f"mailto:{config.contact_email}")
    return f"paperboy/{version} ({'; '.join(contact) or 'research-paper digest bot'})"


def make_http_client(
    config: HttpConfig | None = None, *, version: str = __version__
) -> httpx.AsyncClient:
    """A client that names itself (see `user_agent`), bounds each exchange in time (a
    request may ask for its own, tighter timeout), follows redirects (feeds move to https)
    and pools connections per host. The caller closes it (`async with` or `aclose`)."""
    config = config if config is not None else HttpConfig()
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": user_agent(config, version)},
        timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout),
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
    )
