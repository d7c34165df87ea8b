"""`[calendar]`: arXiv's holidays per year (a configured year replaces the shipped one)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.calendar.holidays import merged_holidays


class CalendarConfig(BaseModel):
    """```toml
    [calendar.arxiv_holidays.2026]
    2026-11-26 = "Thanksgiving"
    ```
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    arxiv_holidays: dict[int, dict[dt.date, str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _dates_in_their_year(self) -> CalendarConfig:
        for year, days in self.arxiv_holidays.items():
            for day, name in days.items():
                if day.year != year:
                    raise ValueError(
                        f"calendar.arxiv_holidays.{year}: {day.isoformat()} ({name!r}) "
                        f"is not in {year}"
                    )
                if not name.strip():
                    raise ValueError(f"calendar.arxiv_holidays.{year}: {day} needs a name")
        return self

    def holidays(self) -> dict[dt.date, str]:
        return merged_holidays(self.arxiv_holidays)


__all__ = ["CalendarConfig"]
