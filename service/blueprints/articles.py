"""``/articles``: ingest articles and read them back with their quotes."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request
from flask_smorest import Blueprint
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ml.pipeline import QuotePipeline, default_target
from schemas.articles import ArticleArgs, ArticleDetailSchema, ArticleInSchema, ArticlePageSchema
from service.blueprints import id_rule, query_arguments
from service.blueprints.pagination import paginate
from service.blueprints.quotes import attach_stance
from service.extensions import db
from service.ingest import ArticleIn, ingest_many
from service.models import Article, Quote

blp = Blueprint("articles", __name__, url_prefix="/articles", description="News articles.")


@blp.before_request
def _require_json() -> None:
    """Only JSON bodies are accepted."""
    if request.method == "POST" and not request.is_json:
        abort(415, "Send the article as application/json.")


@blp.route("")
@query_arguments(blp, ArticleArgs)
@blp.response(200, ArticlePageSchema)
def list_articles(args: dict[str, Any]):
    """List articles, filtered by outlet and publication date."""
    query = select(Article).options(selectinload(Article.quotes))
    if "outlet" in args:
        query = query.where(func.lower(Article.outlet) == args["outlet"].lower())
    if "date_from" in args:
        query = query.where(Article.published_at >= args["date_from"])
    if "date_to" in args:
        query = query.where(Article.published_at <= args["date_to"])
    return paginate(query, Article.id, args["limit"], args["cursor"])


def _detail(article: Article) -> Article:
    attach_stance(article.quotes, default_target())
    return article


@blp.route(id_rule("article_id"))
@blp.response(200, ArticleDetailSchema)
def get_article(article_id: int):
    """One article with its text and its quotes."""
    article = db.first_or_404(
        select(Article)
        .where(Article.id == article_id)
        .options(selectinload(Article.quotes).selectinload(Quote.stance_scores)),
        description=f"No article with id {article_id}.",
    )
    return _detail(article)


@blp.route("", methods=["POST"])
@blp.arguments(ArticleInSchema)
@blp.response(201, ArticleDetailSchema)
@blp.alt_response(200, schema=ArticleDetailSchema, description="Already stored (idempotent).")
def create_article(data: dict[str, Any]):
    """Ingest an article: extract its quotes, resolve speakers, score stance, store it all.

    Idempotent on the article's content: posting the same text again returns the stored
    article with status 200.
    """
    if len(data["text"]) > current_app.config["QUOTEWISE_MAX_ARTICLE_CHARS"]:
        abort(413, "The article text is too long.")
    [(article, created)] = ingest_many(
        [ArticleIn(**data)], QuotePipeline.shared(), default_target()
    )
    return _detail(article), 201 if created else 200
