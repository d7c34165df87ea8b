"""Configuration: one TOML file, overridable by `PAPERBOY_...` environment variables.

Load with `load_config(path, environ)`: the environment is a parameter, never read from a
global, so tests pass a dict. Validation errors name the key, the bad value and what is
allowed (`ConfigError`). Secrets (tokens, signing secrets, API keys) come only from the
environment and are held as `SecretStr`, so a repr or a dump shows `***`.

Environment overrides use `__` between levels and indexes for lists:
`PAPERBOY_STORAGE__URL=postgresql://...`, `PAPERBOY_CHANNELS__0__TIME=08:30`,
`PAPERBOY_REVIEW__SERIES="Lab Daily"`. Values are parsed as TOML values when they can
be (`true`, `5`, `["a", "b"]`), else taken as strings.
"""

from bot.config.adapters import AdapterSpec, FindSpec
from bot.config.fields import ClockTime, Duration, TimeZone
from bot.config.http import HttpConfig
from bot.config.loader import CONFIG_ENV, ENV_PREFIX, SECRET_ENV, ConfigError, load_config
from bot.config.schema import (
    DEFAULT_URLS,
    AdapterConfig,
    ChannelConfig,
    Config,
    DeliveryConfig,
    HealthConfig,
    LimitsConfig,
    ReviewConfig,
    ReviewLLMConfig,
    SchedulerConfig,
    SourceConfig,
    SourceKind,
    StorageConfig,
)
from bot.config.secrets import Secrets
from bot.logs import mask_url

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_URLS",
    "ENV_PREFIX",
    "SECRET_ENV",
    "AdapterConfig",
    "AdapterSpec",
    "ChannelConfig",
    "ClockTime",
    "Config",
    "ConfigError",
    "DeliveryConfig",
    "Duration",
    "FindSpec",
    "HealthConfig",
    "HttpConfig",
    "LimitsConfig",
    "ReviewConfig",
    "ReviewLLMConfig",
    "SchedulerConfig",
    "Secrets",
    "SourceConfig",
    "SourceKind",
    "StorageConfig",
    "TimeZone",
    "load_config",
    "mask_url",
]
