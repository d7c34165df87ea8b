"""The secrets: read only from the environment, held as `SecretStr` (a repr shows `***`).

The core declares one (`PAPERBOY_LLM_API_KEY` -> `llm_api_key`); each adapter declares its
own through its entry point (bot.config.adapters.AdapterSpec), so `Secrets` takes any name:
`Secrets(discord_token=SecretStr("..."))`, `secrets.get("slack_bot_token")`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr, model_validator

# The core's own secrets: environment variable -> name.
CORE_SECRET_ENV = {"PAPERBOY_LLM_API_KEY": "llm_api_key"}


class Secrets(BaseModel):
    """Every secret by name; unset ones are None. Values are never shown (`***`)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    llm_api_key: SecretStr | None = None

    @model_validator(mode="before")
    @classmethod
    def _hide(cls, data: Any) -> Any:
        """An adapter's secrets arrive as extra keys: hold them as SecretStr too."""
        if not isinstance(data, dict):
            return data
        hidden: dict[str, Any] = {}
        for name, value in data.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(f"a secret's name must be an identifier, got {name!r}")
            hidden[name] = SecretStr(value) if isinstance(value, str) else value
        return hidden

    def get(self, name: str) -> SecretStr | None:
        """The secret called `name` (e.g. `slack_bot_token`), or None when it is not set."""
        value = self.__dict__.get(name)
        if value is None and self.model_extra:
            value = self.model_extra.get(name)
        return value if isinstance(value, SecretStr) else None

    def names(self) -> list[str]:
        """Every secret name known: the core's and those the configured adapters declare."""
        return [*type(self).model_fields, *(self.model_extra or {})]

    def values(self) -> Iterator[str]:
        """The plain values that are set (for the log redactor; never print them)."""
        for name in self.names():
            value = self.get(name)
            if value is not None and value.get_secret_value():
                yield value.get_secret_value()

    def masked(self) -> dict[str, str | None]:
        """name -> `***` when set, None when not."""
        return {name: ("***" if self.get(name) is not None else None) for name in self.names()}
