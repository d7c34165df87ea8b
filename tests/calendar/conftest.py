"""The loopback fakes of tests/sources, for the calendar and status tests."""

from tests.sources.conftest import (  # noqa: F401  (fixtures, found by name)
    clock,
    db,
    http,
    make_poller,
    server,
    sleep,
)
