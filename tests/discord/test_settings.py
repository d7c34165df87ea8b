"""`[adapters.discord]` validation: clear errors naming the key, the token required."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from adapters.discord import DiscordAdapter, DiscordSettingsError
from bot.config import AdapterConfig, Secrets, load_config

TOKEN = Secrets(discord_token=SecretStr("t0ken-value"))


def test_the_example_configs_discord_table_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).parents[2] / "paperboy.example.toml"
    table = example.read_text(encoding="utf-8").split("# [adapters.discord]", 1)[1]
    lines = [line.removeprefix("# ") for line in table.split("\n\n", 1)[0].splitlines()]
    path = tmp_path / "paperboy.toml"
    path.write_text("[adapters.discord]" + "\n".join(lines) + "\n", encoding="utf-8")
    config = load_config(path, {"DISCORD_TOKEN": "t0ken-value"})
    adapter = DiscordAdapter("discord", config.adapter("discord"), config.secrets)
    assert adapter.settings.guild_ids == ()


def test_defaults_point_at_discord_and_sync_globally() -> None:
    adapter = DiscordAdapter("discord", AdapterConfig(), TOKEN)
    assert adapter.settings.api_url == "https://discord.com/api/v10"
    assert adapter.settings.guild_ids == ()
    assert adapter.settings.shards is None


def test_adapter_specific_keys_are_read_from_the_toml_table(tmp_path: Path) -> None:
    path = tmp_path / "paperboy.toml"
    path.write_text(
        '[adapters.discord]\napi_url = "http://127.0.0.1:1/api/v10/"\n'
        'shards = 4\nguild_ids = ["123", 456]\n',
        encoding="utf-8",
    )
    config = load_config(path, {"DISCORD_TOKEN": "t0ken-value"})
    adapter = DiscordAdapter("discord", config.adapter("discord"), config.secrets)
    assert adapter.settings.api_url == "http://127.0.0.1:1/api/v10"
    assert adapter.settings.shards == 4
    assert adapter.settings.guild_ids == (123, 456)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"shard": 2}, "adapters.discord.shard: unknown key"),
        ({"shards": -1}, "adapters.discord.shards"),
        ({"guild_ids": ["abc"]}, "list of guild ids"),
        ({"api_url": "discord.com"}, "http(s) URL"),
        ({"thread_archive_minutes": 90}, "60, 1440, 4320, 10080"),
        ({"thread_name": "{title}"}, "{series} and {date}"),
    ],
)
def test_bad_keys_are_named_with_what_is_allowed(extra: dict[str, object], words: str) -> None:
    with pytest.raises(DiscordSettingsError) as caught:
        DiscordAdapter("discord", AdapterConfig.model_validate(extra), TOKEN)
    assert words in str(caught.value)


def test_a_missing_token_names_the_environment_variable() -> None:
    with pytest.raises(DiscordSettingsError, match="DISCORD_TOKEN"):
        DiscordAdapter("discord", AdapterConfig(), Secrets())


def test_the_registry_builds_the_discord_adapter_by_its_kind() -> None:
    from adapters.base import adapter_factory
    from bot.ports import ChatAdapter, ReportsConnection

    adapter = adapter_factory("discord")("discord", AdapterConfig(), TOKEN)
    assert isinstance(adapter, DiscordAdapter)
    assert isinstance(adapter, ChatAdapter)
    assert isinstance(adapter, ReportsConnection)
    assert not adapter.is_connected
