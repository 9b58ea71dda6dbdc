"""One blueprint per resource, and the route parts they share."""

from __future__ import annotations

from collections.abc import Callable

from flask_smorest import Blueprint
from marshmallow import Schema

from schemas.common import MAX_ID


def id_rule(name: str) -> str:
    """The URL rule of a resource id: a positive integer that an id column can hold (a
    larger one is a 404, not a database overflow)."""
    return f"/<int(min=1, max={MAX_ID}):{name}>"


def query_arguments(blp: Blueprint, schema: type[Schema]) -> Callable:
    """``blp.arguments`` for query parameters, passed as one dict; invalid ones are a 400."""
    return blp.arguments(schema, location="query", as_kwargs=False, error_status_code=400)
