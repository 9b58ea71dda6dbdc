"""Keyset pagination over ascending ids with opaque cursors."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select

from service.extensions import db


def paginate(query: Select, id_column: Any, limit: int, cursor: int | None) -> dict[str, Any]:
    """One page of ``query`` ordered by ``id_column``: ``{"items", "next_cursor"}``."""
    if cursor is not None:
        query = query.where(id_column > cursor)
    rows = list(db.session.scalars(query.order_by(id_column).limit(limit + 1)).unique())
    more = len(rows) > limit
    items = rows[:limit]
    return {"items": items, "next_cursor": items[-1].id if more and items else None}
