"""Schemas shared by every resource: pagination, spans, problem details."""

from __future__ import annotations

import base64
import binascii

from marshmallow import Schema, ValidationError, fields, validate

MAX_PAGE_SIZE = 200
# The largest id an INTEGER primary key holds on every backend (32-bit on PostgreSQL).
MAX_ID = 2**31 - 1
ID_RANGE = validate.Range(min=1, max=MAX_ID)


class Text(fields.String):
    """A string of input without NUL characters (a PostgreSQL text value cannot hold one)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ValidationError("Must not contain NUL characters.")
        return text


class Cursor(fields.String):
    """An opaque pagination cursor: the last id of the previous page, base64url-encoded."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            last_id = int(raw)
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValidationError("Not a valid cursor.") from exc
        if not 0 <= last_id <= MAX_ID:
            raise ValidationError("Not a valid cursor.")
        return last_id


class PageArgs(Schema):
    """Query arguments of every list endpoint."""

    limit = fields.Integer(
        load_default=50,
        validate=validate.Range(1, MAX_PAGE_SIZE),
        metadata={"description": "Page size."},
    )
    cursor = Cursor(
        load_default=None,
        metadata={
            "description": "The `next_cursor` of the previous page.",
            "pattern": "^[A-Za-z0-9_-]+$",
        },
    )


class PageSchema(Schema):
    """A page of a list: ``items`` and the cursor of the next page (null on the last)."""

    next_cursor = Cursor(allow_none=True)


class SpanSchema(Schema):
    """A character span of the article text, end exclusive, with the text it covers."""

    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    text = fields.String()


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    errors = fields.Dict()
