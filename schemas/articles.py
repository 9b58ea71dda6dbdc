"""Article schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from schemas.common import PageArgs, PageSchema, Text


class ArticleRefSchema(Schema):
    """The article a quote comes from."""

    id = fields.Integer()
    title = fields.String(allow_none=True)
    outlet = fields.String(allow_none=True)
    published_at = fields.Date(allow_none=True)
    url = fields.String(allow_none=True)


class ArticleSchema(ArticleRefSchema):
    """An article with its metadata and quote count."""

    language = fields.String()
    content_hash = fields.String()
    quote_count = fields.Method("_quote_count")

    def _quote_count(self, article) -> int:
        return len(article.quotes)


class ArticleDetailSchema(ArticleSchema):
    """An article with its text and its quotes."""

    text = fields.String()
    quotes = fields.List(fields.Nested("ArticleQuoteSchema"))


class ArticleInSchema(Schema):
    """An article to ingest."""

    text = Text(required=True, validate=validate.Length(min=1))
    title = Text(load_default=None, validate=validate.Length(max=500))
    outlet = Text(load_default=None, validate=validate.Length(max=200))
    url = fields.Url(load_default=None, validate=validate.Length(max=2000))
    published_at = fields.Date(load_default=None)
    language = Text(load_default="en", validate=validate.Length(min=2, max=16))


class ArticleArgs(PageArgs):
    """Filters of ``GET /articles``."""

    outlet = Text(metadata={"description": "Outlet, case-insensitive."})
    date_from = fields.Date(metadata={"description": "Published on or after (ISO date)."})
    date_to = fields.Date(metadata={"description": "Published on or before (ISO date)."})


class ArticlePageSchema(PageSchema):
    """A page of articles."""

    items = fields.List(fields.Nested(ArticleSchema))
