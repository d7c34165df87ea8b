"""Per-source poll state round-trips and overwrites."""

from __future__ import annotations

import datetime as dt

from storage import PollState, SqlStore
from tests.storage.factories import NOW


async def test_poll_state_round_trip_and_overwrite(store: SqlStore) -> None:
    assert await store.get_poll_state("arxiv") is None
    state = PollState(
        source="arxiv",
        etag='W/"abc"',
        last_modified="Fri, 01 Mar 2024 12:00:00 GMT",
        last_success=NOW,
        consecutive_failures=0,
        next_poll=NOW + dt.timedelta(hours=1),
        cursor={"start": 200, "seen": ["2403.00001"]},
    )
    await store.save_poll_state(state)
    assert await store.get_poll_state("arxiv") == state
    failed = PollState(
        source="arxiv",
        etag='W/"abc"',
        last_success=NOW,
        last_error="HTTP 503 from export.arxiv.org",
        last_error_at=NOW + dt.timedelta(hours=1),
        consecutive_failures=3,
        alerted=True,
    )
    await store.save_poll_state(failed)
    await store.save_poll_state(PollState(source="hf"))
    got = await store.get_poll_state("arxiv")
    assert got == failed
    assert got.cursor == {}
    assert [s.source for s in await store.all_poll_states()] == ["arxiv", "hf"]
