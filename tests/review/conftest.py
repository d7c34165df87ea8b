"""Fixtures of the review tests: a frozen clock, the shipped role model, a fake LLM."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FrozenClock
from bot.review.roles import RoleModel
from tests.review.fake_llm import FakeLLM, serve_fake_llm
from tests.review.samples import NOW


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture(scope="session")
def role_model() -> RoleModel:
    return RoleModel.load()


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeLLM]:
    async with serve_fake_llm() as fake:
        yield fake
