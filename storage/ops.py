"""What every group of store operations shares: the engine and the dialect."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Text, or_, type_coerce
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.expression import ColumnElement

from storage.dialects import Dialect

T = TypeVar("T")

CHUNK = 500  # ids per IN (...) list


class Ops:
    """Base of the operation groups that `storage.sql.SqlStore` is made of."""

    def __init__(self, engine: AsyncEngine, dialect: Dialect) -> None:
        self._engine = engine
        self._dialect = dialect


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def json_contains_any(column: ColumnElement[Any], values: Sequence[str]) -> ColumnElement[bool]:
    """`column` (a JSON list kept as text) holds one of `values` (exact strings)."""
    as_text = type_coerce(column, Text)
    return or_(
        *(
            as_text.like(f"%{like_escape(json.dumps(value, ensure_ascii=False))}%", escape="\\")
            for value in values
        )
    )
