"""A third-party chat adapter, as a package outside paperboy would ship it (the tests copy
this file next to a `.dist-info` that registers it under `paperboy.adapters`).

It declares its own `[adapters.<name>]` table (`room`, required) and its own secret
(`ACME_TOKEN`), and, careless, logs its token when it is built: the log redaction must
catch it. Nothing in bot/config knows about it."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.config import AdapterConfig, AdapterSpec, Secrets
from bot.model import CommandInvocation, OutboundMessage
from bot.ports import CommandHandler, MessageRef, Target


class AcmeSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    room: str = Field(min_length=1)


def settings_of(name: str, table: AdapterConfig) -> AcmeSettings:
    try:
        return AcmeSettings.model_validate(dict(table.model_extra or {}))
    except ValidationError as exc:
        raise ValueError(
            "; ".join(
                f"adapters.{name}.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
        ) from None


class AcmeAdapter:
    spec = AdapterSpec(validate=settings_of, secrets={"ACME_TOKEN": "acme_token"})

    def __init__(self, name: str, settings: AdapterConfig, secrets: Secrets, **_: Any) -> None:
        token = secrets.get("acme_token")
        if token is None:
            raise ValueError("ACME_TOKEN is not set")
        self.name = name
        self.settings = settings_of(name, settings)
        self.token = token.get_secret_value()
        self.sent: list[tuple[Target, OutboundMessage]] = []
        logging.getLogger(__name__).warning("acme adapter %s, token %s", name, self.token)

    async def start(self, on_command: CommandHandler) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(
        self, target: Target, message: OutboundMessage, *, idempotency_key: str | None = None
    ) -> MessageRef:
        self.sent.append((target, message))
        print(f"[acme {self.settings.room}] {message.fallback}")
        return MessageRef(self.name, target.channel, str(len(self.sent)))

    async def find_sent(self, target: Target, idempotency_key: str) -> MessageRef | None:
        return None

    async def respond(
        self, invocation: CommandInvocation, message: OutboundMessage, *, ephemeral: bool = True
    ) -> None:
        return None
