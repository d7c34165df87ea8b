"""The fake platform fixtures, shared with the delivery tests."""

from __future__ import annotations

from tests.delivery.conftest import adapter, platform

__all__ = ["adapter", "platform"]
