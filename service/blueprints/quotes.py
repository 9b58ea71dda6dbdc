"""``/quotes``: attributed quotations with speaker, article and current stance."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ml.pipeline import default_target
from schemas.quotes import QuoteArgs, QuoteGetArgs, QuoteHistorySchema, QuotePageSchema
from service.blueprints import id_rule, query_arguments
from service.blueprints.pagination import paginate
from service.extensions import db
from service.models import Article, Quote, StanceScore
from service.speakers import speaker_ids_matching

blp = Blueprint("quotes", __name__, url_prefix="/quotes", description="Attributed quotations.")


def attach_stance(quotes: list[Quote], target: str) -> list[Quote]:
    """Set each quote's ``current_stance`` toward ``target`` for serialisation."""
    for quote in quotes:
        quote.current_stance = quote.stance_for(target)  # type: ignore[attr-defined]
    return quotes


def _filtered(args: dict[str, Any], target: str):
    query = select(Quote).options(
        joinedload(Quote.article), joinedload(Quote.speaker), selectinload(Quote.stance_scores)
    )
    if "speaker" in args:
        query = query.where(Quote.speaker_id.in_(speaker_ids_matching(db.session, args["speaker"])))
    if "speaker_id" in args:
        query = query.where(Quote.speaker_id == args["speaker_id"])
    if "type" in args:
        query = query.where(Quote.type == args["type"])
    if "article" in args:
        query = query.where(Quote.article_id == args["article"])
    if "q" in args:
        query = query.where(Quote.text.ilike(f"%{args['q']}%"))
    if "date_from" in args or "date_to" in args:
        query = query.join(Quote.article)
        if "date_from" in args:
            query = query.where(Article.published_at >= args["date_from"])
        if "date_to" in args:
            query = query.where(Article.published_at <= args["date_to"])
    if "stance" in args or "min_score" in args:
        scores = select(StanceScore.quote_id).where(
            StanceScore.current.is_(True), StanceScore.target == target
        )
        if "stance" in args:
            scores = scores.where(StanceScore.label == args["stance"])
        if "min_score" in args:
            scores = scores.where(StanceScore.score >= args["min_score"])
        query = query.where(Quote.id.in_(scores))
    return query


@blp.route("")
@query_arguments(blp, QuoteArgs)
@blp.response(200, QuotePageSchema)
def list_quotes(args: dict[str, Any]):
    """List quotes, filtered by speaker, stance, type, article, date range or text."""
    target = args.get("target") or default_target()
    page = paginate(_filtered(args, target), Quote.id, args["limit"], args["cursor"])
    attach_stance(page["items"], target)
    return page


@blp.route(id_rule("quote_id"))
@query_arguments(blp, QuoteGetArgs)
@blp.response(200, QuoteHistorySchema)
def get_quote(args: dict[str, Any], quote_id: int):
    """One quote, with its current stance and every stance score it ever had."""
    quote = db.get_or_404(Quote, quote_id, description=f"No quote with id {quote_id}.")
    return attach_stance([quote], args.get("target") or default_target())[0]
