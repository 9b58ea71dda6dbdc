"""Re-scoring stored quotes when the stance model changes; older scores are kept."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ml.pipeline import AnnotatedQuote, QuotePipeline
from ml.types import ExtractedQuote
from service.extensions import db
from service.ingest import stance_row
from service.models import Article, Quote


def _needs_score(quote: Quote, target: str, version: str) -> bool:
    return not any(
        s.current and s.target == target and s.model_version == version for s in quote.stance_scores
    )


def rescore(
    pipeline: QuotePipeline, target: str, progress: Callable[[int], None] | None = None
) -> int:
    """Give every stored quote a current score toward ``target`` from the loaded model.

    Quotes already scored by this model version are left alone; one transaction per article.
    Returns the number of quotes scored.
    """
    version = pipeline.stance_version
    article_ids = list(db.session.scalars(select(Article.id).order_by(Article.id)))
    scored = 0
    for article_id in article_ids:
        article = db.session.scalars(
            select(Article)
            .where(Article.id == article_id)
            .options(selectinload(Article.quotes).selectinload(Quote.stance_scores))
        ).one()
        todo = [q for q in article.quotes if _needs_score(q, target, version)]
        if todo:
            annotated = [
                AnnotatedQuote(
                    ExtractedQuote(
                        q.start,
                        q.end,
                        q.text,
                        q.type,
                        q.speaker.name if q.speaker else None,
                        None,
                        None,
                    ),
                    None,
                    {},
                )
                for q in todo
            ]
            pipeline.score([article.text], [annotated], target)
            for quote, aq in zip(todo, annotated):
                for old in quote.stance_scores:
                    if old.target == target:
                        old.current = False
                stance_row(quote, target, aq.stances[target], version)
            db.session.commit()
            scored += len(todo)
        if progress:
            progress(1)
    return scored
