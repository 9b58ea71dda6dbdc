"""Speaker schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.common import PageArgs, PageSchema, Text


class SpeakerSchema(Schema):
    """A canonical speaker with its aliases and number of quotes."""

    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    role = fields.String(allow_none=True)
    in_registry = fields.Boolean()
    aliases = fields.Pluck("AliasSchema", "name", many=True)
    quote_count = fields.Integer()


class AliasSchema(Schema):
    """An alias of a speaker."""

    name = fields.String()


class StanceSummarySchema(Schema):
    """A speaker's stance toward a target over all their scored quotes."""

    target = fields.String()
    quotes = fields.Integer()
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    mean_probabilities = fields.Dict(keys=fields.String(), values=fields.Float())
    label = fields.String(allow_none=True)


class SpeakerDetailSchema(SpeakerSchema):
    """A speaker with a stance summary."""

    stance = fields.Nested(StanceSummarySchema)


class SpeakerArgs(PageArgs):
    """Filters of ``GET /speakers``."""

    q = Text(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Part of the name or an alias, case-insensitive."},
    )
    kind = Text(validate=validate.OneOf(("person", "organisation")))


class SpeakerGetArgs(Schema):
    """Arguments of ``GET /speakers/{id}``."""

    target = Text(validate=validate.Length(min=1, max=300))


class SpeakerPageSchema(PageSchema):
    """A page of speakers."""

    items = fields.List(fields.Nested(SpeakerSchema))
