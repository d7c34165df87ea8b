"""A paper id that is not stored: each command says what it could not do to it."""

from __future__ import annotations

import pytest

from tests.commands.conftest import Invoke, text_of


@pytest.mark.parametrize(
    ("command", "undone"),
    [
        ("follow", "followed"),
        ("unfollow", "unfollowed"),
        ("more", "compared with other papers"),
    ],
)
async def test_an_unstored_paper_names_what_the_command_could_not_do(
    invoke: Invoke, command: str, undone: str
) -> None:
    text = text_of(await invoke(command, "2401.00001"))
    assert f"paper 2401.00001 is not stored here, so it cannot be {undone}" in text
    assert "voted on or saved" not in text
    assert "`/paper show 2401.00001` fetches it first" in text
