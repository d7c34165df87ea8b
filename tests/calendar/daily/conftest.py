"""The delivery tests' fake platform and clock, for the quiet-day posts."""

from tests.delivery.conftest import adapter, clock, platform  # noqa: F401  (fixtures)
