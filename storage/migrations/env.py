"""Alembic environment: runs on the connection that `storage.migrate` hands in, with the
code's metadata as the target (see storage.migrations.autogen)."""

from __future__ import annotations

from alembic import context

from storage.migrations.autogen import compare_options, target_metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    transaction_per_migration=True,
    **compare_options(),
)
with context.begin_transaction():
    context.run_migrations()
