"""Rule attribution of a quoted passage: the cue beside it and the source of that cue.

Looks first for a dash and a name closing the line (“…” ― Pamela Padilla), then right of
the quote (“…,” said X / “…” X said / “…”,— X told RBC), then left of it (X said: “…” /
According to X, “…”), within the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ml.extraction.lexicon import CUE_RE
from ml.extraction.text import Sentences, ends_abbreviation, skip_opener

_AFTER_GAP = 100
_NP_AFTER = re.compile(
    r"\s*((?:the |a |an )?[^,.;:()\n—–“”«»\"]+?)(?=\s*(?:[,.;:()\n—–“«\"]|\b(?:to|in|at|on|during|"
    r"about|after|before|that|while|when|with|who|which|and)\b|$))"
)
# A party-and-state or other short parenthesis after a name: Sen. Claire McCaskill (D-Mo.).
_AFFILIATION = re.compile(r"\s*\([^()\n]{1,40}\)\s*$")
_LEAD = re.compile(r"^[\s,;:—–―-]+|[\s,;:—–―-]+$")
# “…” ― Pamela Padilla: a dash and a name (and a description after a comma) end the line.
_DASH_NAME = re.compile(
    r"[ \t\xa0]*(?P<dash>[—―–])[ \t\xa0]*"
    r"(?P<src>[^\W\d_][\w.’'-]*(?:[ \t\xa0]+[^\W\d_][\w.’'-]*){0,4}?)"
    r"[ \t\xa0]*(?:,[^\n]{1,100}?)?\.?[ \t\xa0]*(?=\n|$)"
)


@dataclass
class Attribution:
    """Cue and source spans for one quote (either may be None)."""

    cue: tuple[int, int] | None
    source: tuple[int, int] | None


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    seg = text[a:b]
    m = _LEAD.search(seg)
    while m and m.group():
        if m.start() == 0:
            a += m.end()
        else:
            b = a + m.start()
        seg = text[a:b]
        m = _LEAD.search(seg)
    return (a, b) if b > a else None


def _drop_affiliation(text: str, a: int, b: int) -> int:
    """``b`` moved before a parenthesis that closes ``text[a:b]``."""
    m = _AFFILIATION.search(text, a, b)
    return m.start() if m and m.start() > a else b


def _source_before(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``b``: back to a clause break, at most eight words."""
    b = _drop_affiliation(text, a, b)
    seg = text[a:b]
    cut = max(seg.rfind(c) for c in ',;:—–(”»"')
    start = a + cut + 1 if cut >= 0 else a
    span = _trim(text, start, b)
    if not span:
        return None
    span = skip_opener(text, *span)
    if span is None:
        return None  # "After saying …": no subject before the cue
    words = list(re.finditer(r"\S+", text[span[0] : span[1]]))
    if len(words) > 8:
        span = (span[0] + words[-8].start(), span[1])
    if re.search(r"\b(?:that|which|this|it|is|was|how)\b", text[span[0] : span[1]]):
        names = re.search(r"(?:[A-Z][\w’'-]+\s+)*[A-Z][\w’'-]+$", text[span[0] : span[1]])
        return (span[0] + names.start(), span[1]) if names else None
    return span


def _source_after(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The noun phrase starting at ``a`` (up to punctuation or a preposition; through an
    abbreviation's full stop, "said Sen. Claire McCaskill")."""
    m = _NP_AFTER.match(text, a, b)
    if not (m and m.group(1).strip()):
        return None
    start, end = m.start(1), m.end(1)
    while text.startswith(".", end) and ends_abbreviation(text, end + 1, start):
        more = _NP_AFTER.match(text, end + 1, b)
        if not (more and more.group(1).strip()):
            break
        end = more.end(1)
    return _trim(text, start, end)


def attribute(text: str, sents: Sentences, start: int, end: int) -> Attribution | None:
    """Cue and source of the quote ``text[start:end]``, or None when no cue is near."""
    signed = _DASH_NAME.match(text, end)
    words = signed.group("src").split() if signed else []
    if words and words[0][0].isupper() and words[-1][0].isupper():
        a, b = signed.span("src")
        if text[b - 1] == "." and text[b - 3 : b - 1].isalpha():  # "― Steve Quinlan."
            b -= 1
        return Attribution(signed.span("dash"), (a, b))
    s_end = min(sents.end(end), end + 250)
    for cue in CUE_RE.finditer(text, end, s_end):
        if cue.start() - end > _AFTER_GAP or re.search(r"[“«\"]", text[end : cue.start()]):
            break
        gap = _trim(text, end, cue.start())
        gap = gap and skip_opener(text, *gap)  # “…” To which she said
        if gap and gap[1] - gap[0] > 1:
            src = text[gap[0] : gap[1]]
            comma = src.find(",")
            end_ = gap[0] + comma if comma > 0 else _drop_affiliation(text, *gap)
            return Attribution((cue.start(), cue.end()), (gap[0], end_))
        if cue.group().lower() == "according to":
            break
        return Attribution((cue.start(), cue.end()), _source_after(text, cue.end(), s_end))
    s_start = max(sents.start(start), start - 250)
    lead = text[:start].rstrip()
    if lead.endswith(":") and s_start >= len(lead) - 1:  # "X said on Monday:\n\n“…”"
        s_start = max(sents.start(len(lead) - 1), len(lead) - 250)
    reach = start - len(lead) + 120
    cues = [c for c in CUE_RE.finditer(text, s_start, start) if start - c.end() < reach]
    if cues:
        cue = cues[-1]
        if cue.group().lower() == "according to":
            src = _source_after(text, cue.end(), start)
        else:
            src = _source_before(text, s_start, cue.start())
        return Attribution((cue.start(), cue.end()), src)
    return None
