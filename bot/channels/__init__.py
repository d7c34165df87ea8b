"""Channels set up from chat (issue 17): the stored channel records (`model`), what the
core asks of their store (`ports`), the registry that merges them with the TOML seeds
(`registry`) and the `[setup]` limits (`settings`)."""
