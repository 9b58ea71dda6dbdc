"""Plain data types passed between the extraction, attribution and stance components."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

QuoteType = Literal["direct", "indirect", "mixed"]
StanceLabel = Literal["favor", "against", "neutral"]
STANCE_LABELS: tuple[StanceLabel, ...] = ("favor", "against", "neutral")


@dataclass(frozen=True)
class Span:
    """A half-open character span ``[start, end)`` into an article's text."""

    start: int
    end: int


@dataclass
class ExtractedQuote:
    """One attributed quotation found in an article.

    ``start``/``end`` cover the whole content; ``content_spans`` lists the fragments of a
    discontinuous quote (empty when the content is one span).  ``speaker`` is the fullest
    name of the speaker found in the article (before registry resolution) or None.
    """

    start: int
    end: int
    text: str
    type: QuoteType
    speaker: str | None
    speaker_mention: Span | None
    cue: Span | None
    content_spans: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class StanceInput:
    """A passage to score toward ``target``, optionally with its speaker and context."""

    text: str
    target: str
    speaker: str | None = None
    context: str | None = None


@dataclass(frozen=True)
class StancePrediction:
    """Calibrated probabilities over favor/against/neutral; ``label`` is the argmax."""

    label: StanceLabel
    score: float
    probabilities: dict[str, float]
