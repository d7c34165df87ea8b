"""Fixtures of the review tests: a frozen clock and the shipped role model."""

from __future__ import annotations

import pytest

from bot.clock import FrozenClock
from bot.review.roles import RoleModel
from tests.review.samples import NOW


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture(scope="session")
def role_model() -> RoleModel:
    return RoleModel.load()
