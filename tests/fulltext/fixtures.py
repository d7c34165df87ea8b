"""The real fixtures of tests/data/fulltext (origin and licence in SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "fulltext"


def data(name: str) -> bytes:
    return (DATA / name).read_bytes()
