"""Delivery: everything that reaches a chat goes through the store's outbox.

`daily` plans a channel's daily post, `users` the per-user topic DMs and digests, `alerts`
the source-health alerts; each writes intents with unique keys. `sender` claims and sends
them under the `ratelimit` limiter with the retries of `policy`; `report` says what failed.
"""
