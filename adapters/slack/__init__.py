"""The Slack adapter: slack-bolt in Socket Mode or HTTP mode, Block Kit rendering."""

from adapters.slack.adapter import SlackAdapter
from adapters.slack.errors import SlackConnectionError
from adapters.slack.settings import SlackConfigError, SlackSettings

__all__ = ["SlackAdapter", "SlackConfigError", "SlackConnectionError", "SlackSettings"]
