"""`[fulltext]`: where a paper's full text is fetched from, and how politely."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class FullTextConfig(BaseModel):
    """`enabled = false` keeps every review on the abstract. `{id}` in the URL templates is
    the bare arXiv id (`2401.01234`); tests point them at 127.0.0.1."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    # fetch the daily post's candidates right before their reviews; off unless configured,
    # so an app built from defaults (tests, `paperboy demo`) never reaches arxiv.org by itself
    fetch_ahead: bool = False
    html_url: str = "https://arxiv.org/html/{id}"
    pdf_url: str = "https://arxiv.org/pdf/{id}"
    timeout: float = Field(default=30.0, gt=0)  # seconds per request, body included
    max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    delay: float = Field(default=3.0, ge=0)  # seconds between requests, across the process
    retries: int = Field(default=2, ge=0, le=10)  # per request: timeouts, 5xx, 429
    backoff: float = Field(default=1.0, ge=0)  # seconds before a request's first retry
    retry_hours: float = Field(default=1.0, gt=0)  # a failed paper waits this, doubled per
    max_retry_hours: float = Field(default=7 * 24.0, gt=0)  # failure, up to this

    @field_validator("html_url", "pdf_url")
    @classmethod
    def _template(cls, value: str) -> str:
        if "{id}" not in value or not value.startswith(("http://", "https://")):
            raise ValueError('expected an http(s) URL template with "{id}" in it')
        return value


__all__ = ["FullTextConfig"]
