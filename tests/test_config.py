"""Configuration: TOML + PAPERBOY_* overrides, clear errors, secrets never shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config

EXAMPLE = Path(__file__).resolve().parent.parent / "paperboy.example.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "paperboy.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file() -> None:
    config = load_config(None, {})
    assert config.storage.url == "sqlite:///paperboy.db"
    assert config.review.series == "Daily Paper"
    assert config.adapter_names() == ["console"]


def test_the_shipped_example_is_valid() -> None:
    config = load_config(EXAMPLE, {})
    assert {s.kind for s in config.sources} == {"arxiv", "arxiv_listing", "hf_daily", "feed"}
    assert config.channels


def test_file_values_and_environment_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[storage]
url = "sqlite:///file.db"
[[sources]]
name = "ml"
kind = "arxiv"
query = "cat:cs.LG"
interval = "30m"
[[channels]]
name = "daily"
target = "general"
time = "8:05"
timezone = "Europe/Berlin"
""",
    )
    config = load_config(
        path,
        {
            "PAPERBOY_STORAGE__URL": "postgresql://bot@db/paperboy",
            "PAPERBOY_CHANNELS__0__TOP": "3",
            "PAPERBOY_REVIEW__SERIES": "Lab Daily",
            "PAPERBOY_TEST_POSTGRES_URL": "ignored: a test setting, not configuration",
        },
    )
    assert config.storage.url == "postgresql://bot@db/paperboy"
    assert config.channels[0].top == 3
    assert config.channels[0].time == "08:05"
    assert config.sources[0].interval == dt.timedelta(minutes=30)
    assert config.sources[0].effective_url == "https://export.arxiv.org/api/query"
    assert config.review.series == "Lab Daily"


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[review]\nseries = "From env path"\n')
    assert load_config(None, {"PAPERBOY_CONFIG": str(path)}).review.series == "From env path"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[channels]]\nname = "c"\ntarget = "x"\ntop = "many"\n', "channels[0] (c).top"),
        ('[[channels]]\nname = "c"\ntarget = "x"\ntime = "25:00"\n', "HH:MM"),
        ('[[channels]]\nname = "c"\ntarget = "x"\ntimezone = "Mars/Olympus"\n', "IANA time zone"),
        ('[[sources]]\nname = "blog"\nkind = "feed"\n', "needs a url"),
        ('[[sources]]\nname = "x"\nkind = "gopher"\n', "sources[0] (x).kind"),
        ('[storage]\nurl = "mysql://db"\n', "storage.url"),
        ('[storag]\nurl = "sqlite:///x"\n', "storag: unknown key"),
        ('[[channels]]\nname = "c"\ntarget = "x"\nsources = ["nope"]\n', "names source 'nope'"),
    ],
)
def test_errors_name_the_key_and_what_is_allowed(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text), {})
    assert expected in str(info.value)


def test_bad_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[storage\n"), {})
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml", {})


def test_secrets_come_only_from_the_environment_and_are_masked(tmp_path: Path) -> None:
    token = "xoxb-1234567890-abcdefghijkl"
    path = write(tmp_path, "[adapters.slack]\n[adapters.discord]\n")
    environ = {"SLACK_BOT_TOKEN": token, "DISCORD_TOKEN": "discord-secret-value"}
    config = load_config(path, environ)
    secret = config.secrets.get("slack_bot_token")
    assert secret is not None
    assert secret.get_secret_value() == token
    shown = repr(config) + str(config.masked())
    assert token not in shown
    assert "discord-secret-value" not in shown
    assert config.masked()["secrets"] == {
        "llm_api_key": None,
        "slack_bot_token": "***",
        "slack_app_token": None,
        "slack_signing_secret": None,
        "slack_client_id": None,  # Slack installs in many workspaces (issue 17)
        "slack_client_secret": None,
        "slack_token_key": None,
        "discord_token": "***",
    }
    assert sorted(config.secrets.values()) == sorted(environ.values())
    with pytest.raises(ConfigError, match="only from the environment"):
        load_config(write(tmp_path, '[secrets]\ndiscord_token = "x"\n'), {})


def test_database_password_is_masked() -> None:
    config = load_config(None, {"PAPERBOY_STORAGE__URL": "postgresql://bot:hunter2@db:5432/x"})
    assert "hunter2" not in str(config.masked())


def test_only_the_adapters_in_use_have_their_secrets_read() -> None:
    config = load_config(None, {"SLACK_BOT_TOKEN": "xoxb-1234567890-abcdefghijkl"})
    assert config.adapter_names() == ["console"]
    assert config.secrets.get("slack_bot_token") is None
    assert config.masked()["secrets"] == {"llm_api_key": None}


def test_each_adapter_checks_its_own_table_at_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[adapters.slack]\nmode = "sock"\n[adapters.discord]\nshards = -1\ncolour = "red"\n',
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    message = str(caught.value)
    assert "adapters.slack.mode" in message
    assert "'sock'" in message
    assert "adapters.discord.shards" in message
    assert "adapters.discord.colour: unknown key" in message
    with pytest.raises(ConfigError, match=r"adapters\.console\.chanel: unknown key"):
        load_config(write(tmp_path, '[adapters.console]\nchanel = "general"\n'), {})
