"""The one annotation pipeline: text -> quotes -> canonical speakers -> stance.

Used by the API's ingestion, the seed loader and the ``quotewise extract`` command.
Models are loaded once per process (``QuotePipeline.shared``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ml.speakers import RegistryEntry, SpeakerRegistry
from ml.types import ExtractedQuote, StanceInput, StancePrediction

DEFAULT_TARGET = "the Russia–US security negotiations"
_CONTEXT_CHARS = 400


def default_target() -> str:
    """The service's default stance target (``QUOTEWISE_STANCE_TARGET``)."""
    return os.environ.get("QUOTEWISE_STANCE_TARGET", DEFAULT_TARGET)


@dataclass
class AnnotatedQuote:
    """An extracted quote with its resolved speaker and its stance toward each target."""

    quote: ExtractedQuote
    speaker: RegistryEntry | None
    stances: dict[str, StancePrediction]

    @property
    def speaker_name(self) -> str | None:
        """The canonical name when the registry knows the speaker, else the article's name."""
        return self.speaker.name if self.speaker else self.quote.speaker


def paragraph_context(text: str, start: int, end: int, limit: int = _CONTEXT_CHARS) -> str:
    """The paragraph around ``[start, end)``, at most ``limit`` characters on each side."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    return text[max(a, start - limit) : min(b, end + limit)].strip()


class QuotePipeline:
    """Extraction, speaker resolution and stance scoring, each a separate component."""

    def __init__(self, extractor, registry: SpeakerRegistry, stance_model) -> None:
        self.extractor = extractor
        self.registry = registry
        self.stance_model = stance_model

    @classmethod
    @cache
    def shared(cls) -> QuotePipeline:
        """The process-wide pipeline, loading the models on first use."""
        from ml.extraction import Extractor
        from ml.stance import StanceModel

        registry = SpeakerRegistry.load()
        return cls(Extractor.load(registry=registry), registry, StanceModel.load())

    @property
    def extractor_version(self) -> str:
        """Version of the extraction engine."""
        return self.extractor.version

    @property
    def stance_version(self) -> str:
        """Version of the stance model."""
        return self.stance_model.version

    def annotate(
        self, texts: Sequence[str], targets: Sequence[str] = (), batch_size: int = 16
    ) -> list[list[AnnotatedQuote]]:
        """Annotate articles: their quotes, canonical speakers and stance toward ``targets``."""
        out: list[list[AnnotatedQuote]] = []
        for i in range(0, len(texts), batch_size):
            chunk = texts[i : i + batch_size]
            for quotes in self.extractor.extract_batch(chunk):
                out.append(
                    [AnnotatedQuote(q, self.registry.resolve(q.speaker), {}) for q in quotes]
                )
        for target in targets:
            self.score(texts, out, target)
        return out

    def score(
        self, texts: Sequence[str], annotated: list[list[AnnotatedQuote]], target: str
    ) -> None:
        """Score every annotated quote toward ``target`` in one batched model call."""
        flat = [(text, aq) for text, quotes in zip(texts, annotated) for aq in quotes]
        inputs = [
            StanceInput(
                text=aq.quote.text,
                target=target,
                speaker=aq.speaker_name,
                context=paragraph_context(text, aq.quote.start, aq.quote.end),
            )
            for text, aq in flat
        ]
        for (_, aq), pred in zip(flat, self.stance_model.predict(inputs)):
            aq.stances[target] = pred
