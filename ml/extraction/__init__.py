"""Quote extraction and attribution: text in, ``ExtractedQuote`` lists out.

A pipeline of small components: page-residue masking, a BIO tagger (content, source,
cue), quotation-mark rules, a linker from contents to cues and sources, and rule
coreference giving each quote the fullest name of its speaker.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from ml.extraction.decode import link, merge_rules, tag_spans
from ml.extraction.frame import snap_frames
from ml.extraction.names import Resolver
from ml.extraction.quotes import find_quotes
from ml.extraction.residue import residue_mask
from ml.extraction.rules import Candidate, rule_candidates
from ml.extraction.text import LETTER, QUOTE_MARK, Sentences, trim_end
from ml.paths import ARTIFACTS_DIR
from ml.speakers import SpeakerRegistry
from ml.types import ExtractedQuote, QuoteType, Span

__all__ = ["DEFAULT_ARTIFACT", "Extractor"]

VERSION = "1.42"
DEFAULT_ARTIFACT = ARTIFACTS_DIR / "extractor"
# A quotation mark inside a content: one of text.QUOTE_MARK, the doubled
# apostrophe of some papers (''…''), or an apostrophe opening a word ('working the
# referees'); never one inside or after a word (Clinton's, voters').
_MARK = re.compile(rf"{QUOTE_MARK.pattern}|''|(?<!\w)'(?=\w)")
_CLOSING = "\"'”»›“«‹"  # what may end a quotation, „German“ and »reversed« styles too
_LATIN = re.compile(r"[A-Za-z]")


def quote_type(text: str, spans: list[tuple[int, int]]) -> QuoteType:
    """``direct`` (every fragment in marks), ``mixed`` (some marks) or ``indirect``."""
    frags = [text[a:b].rstrip(" .,;:!?-—–") for a, b in spans]
    if not any(_MARK.search(f) for f in frags):
        return "indirect"
    if all(_MARK.match(f) and f[-1] in _CLOSING for f in frags):
        return "direct"
    return "mixed"


def _is_english(text: str) -> bool:
    sample = text[:20000]
    letters = len(LETTER.findall(sample))
    return letters > 0 and len(_LATIN.findall(sample)) / letters > 0.6


class Extractor:
    """Finds and attributes the quotes of articles; load once, call ``extract_batch``."""

    def __init__(
        self,
        tagger=None,
        tokenizer=None,
        version: str = f"extractor-{VERSION}+rules",
        registry: SpeakerRegistry | None = None,
    ):
        self.tagger = tagger
        self.tokenizer = tokenizer
        self.version = version
        self.registry = registry

    @classmethod
    def load(
        cls,
        path: str | Path | None = None,
        rules_only: bool = False,
        registry: SpeakerRegistry | None = None,
        variant: str = "int8",
    ) -> Extractor:
        """Load the tagger artifact (default ``ml/artifacts/extractor``); rules only without it.

        With a ``registry``, descriptions that are its aliases ("the US Secretary of State")
        resolve to its canonical names. ``variant`` is the tagger's numeric precision
        (``ml.precision``; see ``model.load_artifact``).
        """
        path = Path(path) if path else DEFAULT_ARTIFACT
        weights = path / "model.safetensors"
        if rules_only or not weights.exists():
            return cls(registry=registry)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from ml import precision
        from ml.extraction.model import load_artifact

        tagger, tokenizer = load_artifact(path, variant)
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()[:8]
        version = precision.versioned(f"extractor-{VERSION}+{digest}", variant)
        return cls(tagger, tokenizer, version, registry)

    def extract_batch(self, texts: Sequence[str]) -> list[list[ExtractedQuote]]:
        """Quotes of each article, in text order; each article's windows run batched
        (``model.predict_tags``), so its quotes do not depend on the other articles."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        english = [_is_english(t) for t in texts]
        tagged: list[dict | None] = [None] * len(texts)
        if self.tagger is not None:
            from ml.extraction.model import encode, predict_tags

            idx = [i for i, ok in enumerate(english) if ok]
            if idx:
                encs = encode(self.tokenizer, [texts[i] for i in idx])
                for i, enc, tags in zip(
                    idx, encs, predict_tags(self.tagger, self.tokenizer, encs), strict=True
                ):
                    tagged[i] = tag_spans(enc, tags)
        return [
            self._article(t, spans) if ok else []
            for t, ok, spans in zip(texts, english, tagged, strict=True)
        ]

    def extract(self, text: str) -> list[ExtractedQuote]:
        """Quotes of one article."""
        return self.extract_batch([text])[0]

    def _article(self, text: str, spans: dict | None) -> list[ExtractedQuote]:
        residue = residue_mask(text)
        sents = Sentences(text)
        quotes = find_quotes(text)
        cands = rule_candidates(text, sents, residue, quotes)
        if spans is not None:
            linked = snap_frames(text, sents, residue, link(text, spans, sents, residue))
            cands = merge_rules(text, linked, cands)
        resolver = Resolver(text, residue, self.registry, quotes=quotes)
        out, last = [], None
        for c in cands:
            speaker = None
            if c.source is not None:
                speaker = last if c.inherited else resolver.resolve(*c.source)
            last = speaker
            out.append(_to_quote(text, c, speaker))
        return out


def _to_quote(text: str, c: Candidate, speaker: str | None) -> ExtractedQuote:
    spans = [*c.spans[:-1], trim_end(text, c.spans[-1])]
    start, end = spans[0][0], spans[-1][1]
    return ExtractedQuote(
        start=start,
        end=end,
        text=text[start:end],
        type="direct" if c.block else quote_type(text, spans),
        speaker=speaker,
        speaker_mention=Span(*c.source) if c.source else None,
        cue=Span(*c.cue) if c.cue else None,
        content_spans=[Span(a, b) for a, b in spans] if len(spans) > 1 else [],
    )
