"""The quiet-day notice: one short message saying why a day has nothing to post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.model import OutboundMessage


def quiet_day_note(series: str, day: dt.date, reasons: Sequence[str]) -> OutboundMessage:
    """'Daily Paper, 12.12.26: no new papers (arXiv does not announce on weekends).'"""
    when = day.strftime("%d.%m.%y")  # the date as every daily message writes it
    why = f" ({'; '.join(reasons)})" if reasons else " since the last post"
    return OutboundMessage.text(f"{series}, {when}: no new papers{why}. Back tomorrow.")
