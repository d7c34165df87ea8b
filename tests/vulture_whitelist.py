"""Names vulture reports as unused that are used, by a library or by the runtime.

tests/test_quality.py runs vulture over bot/, storage/ and adapters/ (with tests/ and
benchmarks/ as users) and fails on anything it reports that is not here: dead code does
not come back. Vulture matches names, not places, so each entry covers every definition
of the name; add one only for a name a library calls or reads, saying which. Pydantic
validators and SQLAlchemy event listeners are recognised by their decorators instead
(see the test). This file is read by vulture, never run.
"""

from __future__ import annotations

from typing import Any

_: Any = None

USED_OUTSIDE_OUR_CODE = (
    # pydantic reads a model's configuration
    _.model_config,
    # html.parser.HTMLParser calls its subclasses' callbacks
    _.handle_starttag,
    _.handle_endtag,
    _.handle_data,
    _.unknown_decl,
    # SQLAlchemy TypeDecorator: the type it wraps, cache safety, the conversions it calls
    _.impl,
    _.cache_ok,
    _.process_bind_param,
    _.process_result_value,
    # sqlite3 connection attribute set on connect (storage/engine.py)
    _.isolation_level,
    # Alembic reads each migration's module attributes and calls downgrade
    _.down_revision,
    _.branch_labels,
    _.depends_on,
    _.downgrade,
    # discord.py: hooks it calls, with its arguments, and what it reads
    _.before_identify_hook,
    _.shard_id,
    # discord.Intents flags the client sends at login
    _.guilds,
    _.guild_reactions,
    _.dm_reactions,
    _.guild_messages,
    _.dm_messages,
    _.message_content,
    _.__signature__,  # app_commands reads a callback's signature for its options
    _.__qualname__,
    # slack_sdk: the retry handler hook, its flag, and the Socket Mode URL it connects to
    _.prepare_for_next_attempt_async,
    _.next_attempt_requested,
    _.wss_uri,
    # slack_sdk's async installation and OAuth state stores: bolt's OAuth flow calls these
    # (adapters/slack/oauth.py), with these keyword arguments
    _.logger,
    _.async_save,
    _.async_save_bot,
    _.async_delete_bot,
    _.async_issue,
    _.async_consume,
    _.is_enterprise_install,
    # static checks: `def _conforms(x: Impl) -> Protocol: return x` makes mypy prove a
    # store implements a role protocol; nothing calls it
    _._conforms,
    # an enum member looked up by value (`ExportFormat("ris")`)
    _.RIS,
    # a field of a stored record, read by whoever inspects the row
    _.fetched_at,
)
