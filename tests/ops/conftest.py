"""Fixtures of the operations tests: PostgreSQL url (or skip), a free port."""

from __future__ import annotations

import os
import socket

import pytest


@pytest.fixture
def pg_dsn() -> str:
    """The test PostgreSQL server, or skip (PAPERBOY_TEST_POSTGRES_URL unset)."""
    url = os.environ.get("PAPERBOY_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PAPERBOY_TEST_POSTGRES_URL is not set")
    return url


@pytest.fixture
def free_port() -> int:
    """A port the OS says is free now (for processes that must be told a port up front)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
