"""Ingestion: annotate articles with the pipeline and store each in one transaction.

Idempotent: an article whose normalised text is already stored is returned as it is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ml.pipeline import AnnotatedQuote, QuotePipeline
from service.extensions import db
from service.models import Article, Quote, StanceScore
from service.speakers import speaker_for


@dataclass
class ArticleIn:
    """An article to ingest."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: date | None = None
    language: str = "en"


def content_hash(text: str) -> str:
    """SHA-256 of the text after Unicode (NFC) and whitespace normalisation."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _find(digest: str) -> Article | None:
    return db.session.scalar(select(Article).where(Article.content_hash == digest))


def stance_row(quote: Quote, target: str, pred, model_version: str) -> StanceScore:
    """A current StanceScore for a prediction."""
    return StanceScore(
        quote=quote,
        target=target,
        label=pred.label,
        score=pred.score,
        prob_favor=pred.probabilities["favor"],
        prob_against=pred.probabilities["against"],
        prob_neutral=pred.probabilities["neutral"],
        model_version=model_version,
        current=True,
    )


def _quote_row(text: str, aq: AnnotatedQuote, pipeline: QuotePipeline) -> Quote:
    q = aq.quote
    quote = Quote(
        start=q.start,
        end=q.end,
        content_spans=[[s.start, s.end] for s in q.content_spans] or None,
        text=q.text,
        type=q.type,
        cue_start=q.cue.start if q.cue else None,
        cue_end=q.cue.end if q.cue else None,
        cue_text=text[q.cue.start : q.cue.end] if q.cue else None,
        mention_start=q.speaker_mention.start if q.speaker_mention else None,
        mention_end=q.speaker_mention.end if q.speaker_mention else None,
        mention_text=(
            text[q.speaker_mention.start : q.speaker_mention.end] if q.speaker_mention else None
        ),
        extractor_version=pipeline.extractor_version,
        speaker=speaker_for(db.session, aq.speaker, aq.quote.speaker),
    )
    for target, pred in aq.stances.items():
        stance_row(quote, target, pred, pipeline.stance_version)
    return quote


def _store(item: ArticleIn, digest: str, annotated: list[AnnotatedQuote], pipeline) -> Article:
    article = Article(
        text=item.text,
        title=item.title,
        outlet=item.outlet,
        url=item.url,
        published_at=item.published_at,
        language=item.language,
        content_hash=digest,
    )
    db.session.add(article)
    for aq in annotated:
        article.quotes.append(_quote_row(item.text, aq, pipeline))
    return article


def ingest_many(
    items: Sequence[ArticleIn], pipeline: QuotePipeline, target: str
) -> list[tuple[Article, bool]]:
    """Ingest articles (annotated in one batch); returns each article and whether it is new."""
    digests = [content_hash(item.text) for item in items]
    todo = [i for i, d in enumerate(digests) if _find(d) is None and d not in digests[:i]]
    annotated = pipeline.annotate([items[i].text for i in todo], targets=[target])
    created: set[int] = set()
    for i, quotes in zip(todo, annotated):
        try:
            _store(items[i], digests[i], quotes, pipeline)
            db.session.commit()
            created.add(i)
        except IntegrityError:  # stored meanwhile by a concurrent request
            db.session.rollback()
        except Exception:
            db.session.rollback()
            raise
    return [(_find(d), i in created) for i, d in enumerate(digests)]  # type: ignore[misc]
