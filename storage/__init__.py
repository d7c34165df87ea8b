"""Persistence behind one interface (`storage.base.Store`): SQLite by default, PostgreSQL."""
