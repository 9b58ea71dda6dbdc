"""Typed SQLAlchemy 2.0 models: articles, speakers and their aliases, quotes, stance scores."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite returns it without its zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """The stored time, with UTC attached where the backend dropped the zone."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Article(db.Model):
    """A news article; ``content_hash`` (SHA-256 of the text) makes ingestion idempotent."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(16), default="en")
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="article", order_by="Quote.start", cascade="all, delete-orphan"
    )


class Speaker(db.Model):
    """A canonical speaker: a person or an organisation."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="person")  # person | organisation
    role: Mapped[str | None] = mapped_column(String(500))
    in_registry: Mapped[bool] = mapped_column(Boolean, default=False)

    aliases: Mapped[list[Alias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", order_by="Alias.name"
    )
    quotes: Mapped[list[Quote]] = relationship(back_populates="speaker")


class Alias(db.Model):
    """Another name of a speaker; ``normalized`` is the case- and accent-folded lookup key."""

    __tablename__ = "aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300), index=True)

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class Quote(db.Model):
    """An attributed quotation: content offsets into its article, type, cue and speaker."""

    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_speaker_id_id", "speaker_id", "id"),
        Index("ix_quotes_article_id_start", "article_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    content_spans: Mapped[list[list[int]] | None] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(10), index=True)  # direct | indirect | mixed
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    mention_text: Mapped[str | None] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(100))

    article: Mapped[Article] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship(back_populates="quotes")
    stance_scores: Mapped[list[StanceScore]] = relationship(
        back_populates="quote", cascade="all, delete-orphan", order_by="StanceScore.id"
    )

    def stance_for(self, target: str) -> StanceScore | None:
        """The current stance score toward ``target``, if the quote has one."""
        current = [s for s in self.stance_scores if s.current and s.target == target]
        return current[-1] if current else None


class StanceScore(db.Model):
    """A model's calibrated stance of a quote toward a target.

    Exactly one score per (quote, target) is ``current``; re-scoring keeps the older ones.
    """

    __tablename__ = "stance_scores"
    __table_args__ = (
        Index("ix_stance_scores_current", "target", "current", "label", "score"),
        Index("ix_stance_scores_quote_id_target", "quote_id", "target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    prob_favor: Mapped[float] = mapped_column(Float)
    prob_against: Mapped[float] = mapped_column(Float)
    prob_neutral: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(100))
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    quote: Mapped[Quote] = relationship(back_populates="stance_scores")

    @property
    def probabilities(self) -> dict[str, float]:
        """The three label probabilities as a mapping."""
        return {
            "favor": self.prob_favor,
            "against": self.prob_against,
            "neutral": self.prob_neutral,
        }
