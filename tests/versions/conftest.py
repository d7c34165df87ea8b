"""The loopback fake arXiv (tests/sources) and the fake chat platform (tests/delivery)."""

from tests.delivery.conftest import adapter, platform  # noqa: F401  (fixtures)
from tests.sources.conftest import (  # noqa: F401  (fixtures)
    clock,
    db,
    http,
    make_poller,
    server,
    sleep,
)
