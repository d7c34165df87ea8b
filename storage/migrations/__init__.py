"""Alembic migrations, shipped inside the package and configured in code (no alembic.ini).

Append-only and numbered: `versions/NNNN_short_name.py`, each with a one-line docstring.
Applied by `paperboy db upgrade` and by `storage.open_store(url)` (see `storage.migrate`).
"""
