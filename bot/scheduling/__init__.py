"""Scheduling: APScheduler jobs derived from config and the store (`scheduler`), their
once-a-day triggers (`triggers`) and what they do over the real parts (`jobs`)."""
