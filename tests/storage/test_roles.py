"""The store's role protocols and their contract suites.

Each role of `storage.base` (what one kind of consumer asks of a store) has a contract
suite in this folder that calls every one of its methods, through the `store` fixture,
which runs each test on SQLite and on PostgreSQL. `Store` is exactly the roles together,
and the concrete store implements each role with the role's own signatures.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

import pytest

import storage.base
from storage import SqlStore
from storage.base import (
    ChannelStates,
    Outbox,
    OutboxClaims,
    PaperStore,
    PollStates,
    ReviewStore,
    SearchIndex,
    Store,
    SubscriptionStore,
    UserOutbox,
)

HERE = Path(__file__).parent
ROLE_SUITES: dict[type[Any], tuple[str, ...]] = {
    PaperStore: ("test_papers.py",),
    SearchIndex: ("test_search.py", "test_search_filters.py"),
    ReviewStore: ("test_state.py",),
    PollStates: ("test_poll_state.py",),
    ChannelStates: ("test_state.py",),
    SubscriptionStore: ("test_subscriptions.py",),
    UserOutbox: ("test_user_outbox.py",),
    Outbox: ("test_outbox.py",),
    OutboxClaims: ("test_outbox.py",),
}
STORE_ONLY = {"close"}  # the owner's, not a role's: whoever opened the store closes it


def methods(protocol: type[Any]) -> set[str]:
    return {
        name
        for name, value in vars(protocol).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }


def called(suite: str) -> set[str]:
    tree = ast.parse((HERE / suite).read_text(encoding="utf-8"))
    return {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def parameters(suite: str) -> set[str]:
    tree = ast.parse((HERE / suite).read_text(encoding="utf-8"))
    return {
        arg.arg
        for node in ast.walk(tree)
        if isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef)
        for arg in node.args.args
    }


def test_every_role_is_one_of_the_store_and_every_store_method_is_in_one_role() -> None:
    roles = {
        value
        for value in vars(storage.base).values()
        if inspect.isclass(value)
        and value.__module__ == "storage.base"
        and getattr(value, "_is_protocol", False)
        and value is not Store
    }
    assert roles == set(ROLE_SUITES)  # a new role needs its contract suite listed here
    assert set(Store.__mro__) >= roles
    owners: dict[str, list[str]] = {}
    for role in roles:
        for name in methods(role):
            owners.setdefault(name, []).append(role.__name__)
    assert {name: found for name, found in owners.items() if len(found) > 1} == {}
    every = set().union(*(methods(c) for c in Store.__mro__ if c in roles or c is Store))
    assert every - STORE_ONLY == set(owners)


@pytest.mark.parametrize("role", list(ROLE_SUITES), ids=lambda role: role.__name__)
def test_the_contract_suite_calls_every_method_of_its_role_on_both_backends(
    role: type[Any],
) -> None:
    suites = ROLE_SUITES[role]
    exercised = set().union(*(called(suite) for suite in suites))
    assert methods(role) - exercised == set(), f"{role.__name__}: no contract test"
    # the `store` fixture runs each test once per backend (tests/conftest.py)
    assert all("store" in parameters(suite) for suite in suites)


@pytest.mark.parametrize("role", list(ROLE_SUITES), ids=lambda role: role.__name__)
def test_the_concrete_store_implements_the_role_with_its_signatures(role: type[Any]) -> None:
    for name in methods(role):
        wanted = inspect.signature(getattr(role, name))
        found = inspect.signature(getattr(SqlStore, name))
        assert list(found.parameters) == list(wanted.parameters), f"{role.__name__}.{name}"
        for parameter in wanted.parameters.values():
            assert found.parameters[parameter.name].kind == parameter.kind, name
            assert found.parameters[parameter.name].default == parameter.default, name
