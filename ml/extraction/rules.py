"""Rule candidates: quoted passages with their cue and source, split quotes joined."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ml.extraction.attribute import attribute
from ml.extraction.text import (
    QUOTE_MARK,
    SENTENCE_END,
    Sentences,
    ends_abbreviation,
    paragraph_bounds,
)

Span = tuple[int, int]
_MIN_UNATTRIBUTED_WORDS = 8
_SPLIT_GAP = 120
_OPENING = re.compile(r"[“\"«„]|''")
_COMPLEMENT = re.compile(r"\s*that\b")  # "…, X noted that B": B is the cue's own content
# A pull quote: a paragraph set off by the page's layout, without marks, signed by its
# author's name glued to the role after it (Lenta.ru): "… incomparable strategies Malek
# DudakovAmericanist political scientist See also …"
_PULL_QUOTE = re.compile(
    r"^[ \t]*(?P<content>[^\n“”„«»\"]{40,1500}?)\s+(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})"
    r"[A-Z][a-z]+(?: [a-z][\w-]*){0,5}[ \t]*(?:(?:See also|Read also|Read more)\b|$)",
    re.M,
)


@dataclass
class Candidate:
    """A quote before speaker resolution: content fragments, cue and source spans."""

    spans: list[Span]
    cue: Span | None = None
    source: Span | None = None
    inherited: bool = False  # source taken from the previous quote
    block: bool = False  # a pull quote: verbatim, set off by the layout instead of marks

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def rule_candidates(
    text: str, sents: Sentences, residue: np.ndarray, quotes: list[Span]
) -> list[Candidate]:
    """Attributed quotations among the quoted passages ``quotes`` (``quotes.find_quotes``)."""
    out: list[Candidate] = []
    for s, e in quotes:
        if residue[s:e].mean() > 0.5:
            continue
        att = attribute(text, sents, s, e)
        if att is not None:
            out.append(Candidate([(_lead_in(text, s, att), e)], att.cue, att.source))
            continue
        para = paragraph_bounds(text, s)
        if len(text[s:e].split()) >= _MIN_UNATTRIBUTED_WORDS and sents.start(s) >= s - 2:
            prev = out[-1] if out else None
            if prev and prev.end >= paragraph_bounds(text, max(para[0] - 2, 0))[0]:
                out.append(Candidate([(s, e)], None, prev.source, inherited=True))
    return join_split(text, out + pull_quotes(text, residue))


def pull_quotes(text: str, residue: np.ndarray) -> list[Candidate]:
    """Pull quotes signed by a glued byline; the byline's name is their source."""
    out = []
    for m in _PULL_QUOTE.finditer(text):
        s, e = m.span("content")
        if len(text[s:e].split()) >= _MIN_UNATTRIBUTED_WORDS and residue[s:e].mean() < 0.5:
            out.append(Candidate([(s, e)], source=m.span("name"), block=True))
    return out


def _lead_in(text: str, start: int, att) -> int:
    """Start of a mixed quote: words between the cue and the mark belong to the content
    (said that “…”, called Trump “unhinged”)."""
    if (
        att.cue is None
        or att.cue[1] > start
        or text[att.cue[0] : att.cue[1]].lower() == "according to"
    ):
        return start
    a = max(att.cue[1], att.source[1] if att.source and att.source[0] >= att.cue[1] else 0)
    between = text[a:start]
    if not between.strip() or re.search(r"[.;:!?,\n—–]", between) or len(between) > 150:
        return start
    return a + len(between) - len(between.lstrip())


def _ends_one_sentence(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` is the rest of one sentence (“…,” said X, a lawyer for the Sierra
    Club, who … .): one final stop, others only after abbreviations, no line break."""
    seg = text[a:b]
    end = SENTENCE_END.search(seg)
    if not end or "\n" in seg:
        return False
    return all(
        ends_abbreviation(text, a + i + 1) for i, ch in enumerate(seg[: end.start()]) if ch in ".!?"
    )


def join_split(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Join “A,” he said, “B.” (or A, he said, B; or “A,” said X, who …. “B.”) into one quote
    with two fragments.

    B joins A when A's cue lies between them and B has no cue of its own (or shares A's):
    a passage with its own attribution (“B,” the expert added) is a quote of its own, and
    so is the cue's own that-clause (“A, Barabak noted that B”: A belongs to another cue).
    """
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: c.start):
        prev = out[-1] if out else None
        if prev and c.cue == prev.cue and not text[prev.end : c.start].strip():
            prev.spans[-1] = (prev.spans[-1][0], c.end)  # one content cut by the tagger
            continue
        if (
            prev
            and prev.cue
            and prev.end <= prev.cue[0]
            and prev.cue[1] <= c.start
            and (
                c.start - prev.cue[1] <= _SPLIT_GAP
                or (
                    _OPENING.match(text, c.start) and _ends_one_sentence(text, prev.cue[1], c.start)
                )
            )
            and not QUOTE_MARK.search(text, prev.end, c.start)
            and c.cue in (None, prev.cue)
            and not c.block
            and not _COMPLEMENT.match(text, prev.cue[1], c.start + 5)
        ):
            prev.spans.extend(c.spans)
            continue
        out.append(c)
    return out
