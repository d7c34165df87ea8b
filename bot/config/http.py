"""`[http]`: the User-Agent's contact and the time bounds of outgoing HTTP calls."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator


class HttpConfig(BaseModel):
    """`[http]`: how the bot's outgoing HTTP calls name themselves and how long they may take.

    arXiv asks API users to put a way to reach them in the User-Agent: set `contact_url`
    (your deployment's page or repository) and `contact_email`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    contact_url: str | None = None
    contact_email: str | None = None
    timeout: float = Field(default=30.0, gt=0)  # seconds for an exchange, unless it asks less
    connect_timeout: float = Field(default=10.0, gt=0)

    @field_validator("contact_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.startswith(("http://", "https://")) or any(c in value for c in " ;()"):
            raise ValueError("expected an http(s) URL without spaces, ';' or parentheses")
        return value

    @field_validator("contact_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s;()]+@[^@\s;()]+\.[^@\s;()]+", value):
            raise ValueError("expected an e-mail address such as ops@example.org")
        return value
