"""Quote and stance schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ml.types import STANCE_LABELS
from schemas.articles import ArticleRefSchema
from schemas.common import ID_RANGE, PageArgs, PageSchema, Text

QUOTE_TYPES = ("direct", "indirect", "mixed")


class StanceSchema(Schema):
    """A stance score: the label, its probability, all three probabilities, the model."""

    target = fields.String()
    label = fields.String(validate=validate.OneOf(STANCE_LABELS))
    score = fields.Float()
    probabilities = fields.Dict(keys=fields.String(), values=fields.Float())
    model = fields.String(attribute="model_version")
    created_at = fields.DateTime()


class SpeakerRefSchema(Schema):
    """The speaker of a quote."""

    id = fields.Integer()
    name = fields.String()


def _span(start: int | None, end: int | None, text: str | None) -> dict[str, Any] | None:
    return None if start is None else {"start": start, "end": end, "text": text}


class QuoteSchema(Schema):
    """A quote with its speaker, cue, article and current stance toward the asked target."""

    id = fields.Integer()
    text = fields.String()
    type = fields.String(validate=validate.OneOf(QUOTE_TYPES))
    start = fields.Integer()
    end = fields.Integer()
    content_spans = fields.List(fields.List(fields.Integer()), allow_none=True)
    speaker = fields.Nested(SpeakerRefSchema, allow_none=True)
    speaker_mention = fields.Method("_mention")
    cue = fields.Method("_cue")
    stance = fields.Nested(StanceSchema, attribute="current_stance", allow_none=True)
    article = fields.Nested(ArticleRefSchema)
    extractor = fields.String(attribute="extractor_version")

    def _mention(self, quote) -> dict[str, Any] | None:
        return _span(quote.mention_start, quote.mention_end, quote.mention_text)

    def _cue(self, quote) -> dict[str, Any] | None:
        return _span(quote.cue_start, quote.cue_end, quote.cue_text)


class ArticleQuoteSchema(QuoteSchema):
    """A quote inside its article (without the article reference)."""

    class Meta:
        exclude = ("article",)


class QuoteHistorySchema(QuoteSchema):
    """A quote with every stance score it ever had, for every target."""

    stance_history = fields.List(fields.Nested(StanceSchema), attribute="stance_scores")


class QuoteArgs(PageArgs):
    """Filters of ``GET /quotes``."""

    speaker = Text(metadata={"description": "Speaker name or alias, case- and accent-insensitive."})
    speaker_id = fields.Integer(validate=ID_RANGE)
    stance = Text(validate=validate.OneOf(STANCE_LABELS))
    min_score = fields.Float(
        validate=validate.Range(0, 1), metadata={"description": "Minimum stance score."}
    )
    target = Text(
        validate=validate.Length(min=1, max=300),
        metadata={"description": "Stance target (default: the service's default target)."},
    )
    type = Text(validate=validate.OneOf(QUOTE_TYPES))
    article = fields.Integer(validate=ID_RANGE, metadata={"description": "Article id."})
    date_from = fields.Date(metadata={"description": "Article published on or after."})
    date_to = fields.Date(metadata={"description": "Article published on or before."})
    q = Text(validate=validate.Length(min=1, max=200), metadata={"description": "Text search."})

    @validates_schema
    def _check_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("date_from is after date_to.", "date_from")


class QuoteGetArgs(Schema):
    """Arguments of ``GET /quotes/{id}``."""

    target = Text(validate=validate.Length(min=1, max=300))


class QuotePageSchema(PageSchema):
    """A page of quotes."""

    items = fields.List(fields.Nested(QuoteSchema))
