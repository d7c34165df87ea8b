"""The calendars of the sources, and why a day is quiet (issue 18).

Modules: `sources` (a calendar per source kind), `holidays` and `settings` (arXiv's
holidays, `[calendar]`), `explain` (why a window is quiet), `report` and `render` (the
status report), `notice` (the quiet-day note). Nothing is imported here: the config
imports `bot.calendar.settings`, which must not pull in the store.
"""
