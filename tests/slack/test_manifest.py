"""The shipped app manifest declares what the adapter uses."""

from __future__ import annotations

from pathlib import Path

import yaml

import adapters.slack
from adapters.slack.settings import SlackSettings

MANIFEST = Path(adapters.slack.__file__).parent / "manifest.yaml"


def test_manifest_declares_the_command_scopes_events_and_socket_mode() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text("utf-8"))

    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/paper"]
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "users:read", "channels:history"} <= scopes
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert events == [
        "app_home_opened",
        "app_mention",
        "reaction_added",
        "reaction_removed",
        "app_uninstalled",
        "tokens_revoked",
    ]
    assert "reactions:read" in scopes
    assert "files:write" in scopes  # /paper export's file
    assert "app_mentions:read" in scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_workspace_installs_ask_for_the_scopes_the_manifest_declares() -> None:
    """`installs = true` requests its scopes in the OAuth flow: the same as the manifest's."""
    manifest = yaml.safe_load(MANIFEST.read_text("utf-8"))
    assert list(SlackSettings().scopes) == manifest["oauth_config"]["scopes"]["bot"]
