"""Reporting frames: fit a linked content to the clause its cue and source frame.

News often reports speech as CONTENT, X said. (the attribution closing the sentence).
The tagger finds the cue and source reliably but often misses the content's first words
(“The goal of the talks …” started at “Secretary of State …”) or runs it over a heading.
A content is cut to its cue's paragraph, and when the attribution closes the sentence the
content is the clause before it.  Passive frames of translated news are found by rule:
``CONTENT. This was stated by X.`` and ``The fact that CONTENT was announced by X.``; so
are the turns of a transcript (``PENCE: …``) and the views that follow their speaker
(``In his opinion, CONTENT.``), and a frame inside a content (``…, and, in his opinion,
B``) cuts it in two.  Quoted passages are left to the quotation-mark rules.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from ml.extraction.lexicon import CUE_RE, CUE_WORDS
from ml.extraction.rules import Candidate, Span
from ml.extraction.text import (
    QUOTE_MARK,
    Sentences,
    SpanIndex,
    ends_abbreviation,
    paragraph_bounds,
    rstrip_end,
)

_MIN_WORDS = 3
_CUE_REACH = 200  # a cue this far from a content may still cut it to its paragraph
_TAIL_WORDS = 6  # "…, he said in an interview on Monday."
_CLAUSE_WORDS = 4
_VERBS = sorted(
    (w for w in CUE_WORDS if w.endswith(("ed", "s")) or w in {"said", "told", "wrote", "thought"}),
    key=len,
    reverse=True,
)
_W = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Prof|Jr|Sr|St|[A-Z])\.|[\w’'-]+)"
# Verbs whose object is a hearer or a topic, never the speaker: "…, told RBC." is no
# inverted "said X".
_OBJECT_VERBS = frozenset(
    [
        "told",
        "tells",
        "called",
        "calls",
        "urged",
        "urges",
        "accused",
        "described",
        "quoted",
        "cited",
    ]
)
_NAME = rf"[A-Z]{_W}(?:\s+[A-Z]{_W}){{0,3}}"
# After "said", a preposition opens its topic, not its speaker: "…, said of Mrs. Clinton's plan."
_TOPIC = r"(?:of|about|on|for|to|from|in|at|by|with)"
# What may follow the attribution: "on Monday", "in an interview", "told reporters" ...
_TAIL = (
    rf"(?:\s+(?:on|in|at|to|during|after|before|last|this|earlier|later|recently|yesterday|"
    rf"today|tonight|afterwards?)\b(?:\s+{_W}){{0,{_TAIL_WORDS}}})?"
)
# The hearer of "told": "told reporters", "told RBC", "told Lenta.ru".
_HEARER = (
    r"(?:(?:(?<=told)|(?<=tells))\s+"
    r"(?:reporters|journalists|[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}))?"
)
_TRAILING = re.compile(
    rf",\s+(?:(?P<src>he|she|they|(?:the|a|an|one)\s+(?:{_W}\s+){{0,5}}?{_W}|{_NAME})"
    rf"(?:,\s+[^,.;:!?\n]{{1,100}}?,)?\s+(?:also\s+)?(?P<cue>{'|'.join(_VERBS)})"
    rf"{_HEARER}{_TAIL}"
    rf"|(?P<cue2>{'|'.join(v for v in _VERBS if v not in _OBJECT_VERBS)})"
    rf"\s+(?!{_TOPIC}\b)(?P<src2>(?:[a-z]+\s+){{0,4}}{_NAME}|the\s+(?:{_W}\s+){{0,4}}?{_W}))"
    rf"[.!?](?=\s|$)"
)

# "This was stated by the authors of …": the attribution follows the content as a sentence
# of its own (Russian news in translation), with an adverbial before "by" and the source's
# title and outlet after it ("This was announced on Thursday, January 20, by X, First Deputy
# Head of …, to Izvestia."); "The fact that CONTENT was announced by X."
_PARTICIPLES = sorted(
    (w for w in CUE_WORDS if w.endswith("ed") or w in {"said", "told", "written", "thought"}),
    key=len,
    reverse=True,
)
_BY_SOURCE = (
    rf"(?P<cue>(?:was|were|has\s+been|had\s+been)\s+(?:{'|'.join(_PARTICIPLES)}))"
    rf"(?:\s+[^\s.;:!?“”«»\"]+){{0,6}}?\s+by\s+(?P<src>[^,.;:!?\n“”«»\"]{{2,100}}?)"
    rf"(?:,[^.;:!?\n“”«»\"]{{1,200}}?)?[.!?](?=\s|$)"
)
_THIS_WAS = re.compile(rf"\b(?:This|That|It|Such\s+\w+)\s+{_BY_SOURCE}")
_THE_FACT = re.compile(rf"\bThe fact that (?P<content>[^.!?\n“”«»\"]{{10,400}}?)\s+{_BY_SOURCE}")

# "…, and, in his opinion, NATO could voice this": a frame inside a content opens a new
# attribution of the same speaker (the translated news' "according to him", "in her view").
_INNER = re.compile(
    r"(?:,\s*(?:and|but)\s*)?,\s*(?P<cue>(?:in\s+(?P<src>his|her|their)\s+(?:opinion|view)|"
    r"according\s+to\s+(?P<obj>him|her|them))),\s+"
)

# "In their opinion, CONTENT.": a sentence opened by the frame is the view of the speaker
# before it (the translated news' "по их мнению").
_OPENING = re.compile(r"(?P<cue>\b[Ii]n\s+(?P<src>his|her|their)\s+(?:opinion|view)),\s+")

# A turn of a transcript: a paragraph opened by a speaker label in capitals ("PENCE: Well, …",
# "JAKE TAPPER: …"); an article is a transcript when some label opens two turns.
_TURN = re.compile(
    r"^[ \t]*[\"“]?(?P<src>[A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,2}):[ \t]+(?=\S)", re.M
)


def _clean(text: str, a: int, b: int) -> bool:
    """True when ``text[a:b]`` holds no quotation mark, no reporting cue and no line break."""
    seg = text[a:b]
    return not (QUOTE_MARK.search(seg) or CUE_RE.search(seg) or "\n" in seg)


def _first_word(text: str, residue: np.ndarray, start: int, limit: int) -> int:
    """The first position from ``start`` (at most ``limit``) that is neither space nor residue."""
    while start < limit and (text[start].isspace() or residue[start]):
        start += 1
    return start


def _clip_paragraph(text: str, c: Candidate) -> None:
    """Cut a content that runs over a paragraph break (a heading, a caption) to the
    paragraph of its cue; quoted passages over paragraphs come from the rules."""
    a, b = c.spans[0]
    if "\n" not in text[a:b] or not c.cue or not a - _CUE_REACH <= c.cue[0] < b + _CUE_REACH:
        return
    pa, pb = paragraph_bounds(text, min(max(c.cue[0], a), b - 1))
    a2, b2 = max(a, pa), min(b, pb)
    if len(text[a2:b2].split()) >= _MIN_WORDS:
        c.spans[0] = (a2, b2)


def _trailing_frame(text: str, sents: Sentences, residue: np.ndarray, c: Candidate) -> Span | None:
    """The clause before ``, [source] cue [source].`` when the attribution trails the content.

    The content then runs from the sentence's start (when nothing but plain words precede
    it: no comma, cue or quotation mark) to the comma that opens the attribution.
    """
    a, b = c.spans[0]
    if not c.cue:
        return None
    frame = [s for s in (c.cue, c.source) if s]
    attribution = min(s[0] for s in frame)
    if attribution < b:
        return None
    s_start, s_end = sents.start(a), sents.end(a)
    if not (s_start <= c.cue[0] < s_end and all(s[1] <= s_end for s in frame)):
        return None
    rest = text[max(s[1] for s in frame) : s_end]
    if "," in rest or len(rest.split()) > _TAIL_WORDS:  # "The truth, he said then, was …"
        return None
    comma = text.rfind(",", b - 1, attribution)
    if comma < 0 or text[comma + 1 : attribution].strip() or not _clean(text, b, comma):
        return None
    start = _first_word(text, residue, s_start, a)
    if start < a and (not _clean(text, start, a) or re.search("[,;:]", text[start:a])):
        start = a
    return (start, comma)


def trailing_attributions(text: str, sents: Sentences, residue: np.ndarray) -> list[Candidate]:
    """Sentences of the form ``CONTENT, X said.`` / ``CONTENT, said X.`` as candidates.

    The attribution must close the sentence (a short tail such as "on Monday" allowed), its
    source be a pronoun, a description ("the political scientist") or a name of at most
    eight words, and the content a plain clause of at least ``_CLAUSE_WORDS`` words.
    """
    out = []
    for m in _TRAILING.finditer(text):
        trailing_source = m.group("src") is not None
        cue = m.span("cue") if trailing_source else m.span("cue2")
        src = m.span("src") if trailing_source else m.span("src2")
        a = _first_word(text, residue, sents.start(m.start()), m.start())
        if (
            a >= m.start()
            or sents.start(cue[0]) != sents.start(m.start())
            or not _clean(text, a, m.start())
            or len(text[a : m.start()].split()) < _CLAUSE_WORDS
            or residue[a : m.end()].any()
            or ends_abbreviation(text, m.end())  # "…, said Mr. Barrett": no sentence end
        ):
            continue
        out.append(Candidate([(a, m.start())], cue, src))
    return out


def passive_attributions(text: str, sents: Sentences, residue: np.ndarray) -> list[Candidate]:
    """``CONTENT. This was stated by X.`` and ``The fact that CONTENT was announced by X.``

    The first takes the whole previous sentence of the paragraph as the content.
    """
    out = []
    for m in _THIS_WAS.finditer(text):
        if text[sents.start(m.start()) : m.start()].strip() or residue[m.start() : m.end()].any():
            continue
        end = m.start()
        while end > 0 and text[end - 1].isspace() and text[end - 1] != "\n":
            end -= 1
        if end == 0 or text[end - 1] == "\n":
            continue
        a = _first_word(text, residue, sents.start(end - 1), end)
        b = end - 1 if text[end - 1] in ".!?" else end
        if len(text[a:b].split()) >= _CLAUSE_WORDS and not residue[a:b].any():
            out.append(Candidate([(a, b)], m.span("cue"), m.span("src")))
    for m in _THE_FACT.finditer(text):
        a, b = m.span("content")
        if not residue[m.start() : m.end()].any():
            out.append(Candidate([(a, b)], m.span("cue"), m.span("src")))
    return out


def opening_frames(text: str, sents: Sentences, residue: np.ndarray) -> list[Candidate]:
    """Sentences of the form ``In his opinion, CONTENT.``: the rest of the sentence is the
    content, the pronoun its source (a sentence quoting anyone is left to the other rules)."""
    out = []
    for m in _OPENING.finditer(text):
        first = sents.start(m.start())
        b = rstrip_end(text, m.end(), sents.end(m.end()))
        b -= text[b - 1] in ".!?"
        if (
            text[first : m.start()].strip()
            or QUOTE_MARK.search(text, m.end(), b)
            or "\n" in text[m.end() : b]
            or len(text[m.end() : b].split()) < _CLAUSE_WORDS
            or residue[m.start() : b].any()
        ):
            continue
        out.append(Candidate([(m.end(), b)], m.span("cue"), m.span("src")))
    return out


def transcript_turns(text: str, residue: np.ndarray) -> list[Candidate]:
    """The turns of a transcript: the label is the source, the colon the cue, the rest of
    the paragraph the content (a quotation mark closing it dropped)."""
    turns = [m for m in _TURN.finditer(text) if not residue[m.start("src")]]
    if not any(n > 1 for n in Counter(m.group("src") for m in turns).values()):
        return []
    out = []
    for m in turns:
        a, b = m.end(), paragraph_bounds(text, m.end())[1]
        b = len(text[a:b].rstrip().rstrip('”"').rstrip()) + a
        if len(text[a:b].split()) >= _MIN_WORDS:
            colon = m.end("src")
            out.append(Candidate([(a, b)], (colon, colon + 1), m.span("src")))
    return out


def split_inner_frames(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Cut a single-span content at a frame inside it (``…, and, in his opinion, B``): the
    part before keeps the content's cue and source, the part after is a quote of its own
    whose source is the frame's pronoun."""
    out = []
    for c in cands:
        a, b = c.spans[0]
        m = _INNER.search(text, a, b) if len(c.spans) == 1 else None
        before, after = (text[a : m.start()], text[m.end() : b]) if m else ("", "")
        if min(len(before.split()), len(after.split())) < _CLAUSE_WORDS:
            out.append(c)
            continue
        source = m.span("src") if m.group("src") else m.span("obj")
        out += [
            Candidate([(a, m.start())], c.cue, c.source),
            Candidate([(m.end(), b)], m.span("cue"), source),
        ]
    return out


def snap_frames(
    text: str, sents: Sentences, residue: np.ndarray, cands: list[Candidate]
) -> list[Candidate]:
    """Fit single-span contents to their paragraph and frame, add the trailing attributions
    (they replace the contents that overlap them or their sources) and drop contents that
    another covers."""
    for c in cands:
        if len(c.spans) != 1:
            continue
        _clip_paragraph(text, c)
        span = _trailing_frame(text, sents, residue, c)
        if span is not None:
            c.spans[0] = span
    frames = [
        *trailing_attributions(text, sents, residue),
        *passive_attributions(text, sents, residue),
        *transcript_turns(text, residue),
        *opening_frames(text, sents, residue),
    ]
    taken = SpanIndex(
        [
            (min(f.start, f.source[0]), max(f.end, f.source[1])) if f.source else (f.start, f.end)
            for f in frames
        ]
    )
    rest = split_inner_frames(text, [c for c in cands if not taken.overlaps(c.start, c.end)])
    return _drop_covered(rest + frames)


def _drop_covered(cands: list[Candidate]) -> list[Candidate]:
    """Remove candidates whose span lies inside an earlier one's (one sweep in start order)."""
    keep: list[Candidate] = []
    reach = -1
    for c in sorted(cands, key=lambda c: (c.start, -c.end)):
        if c.end <= reach:
            continue
        keep.append(c)
        reach = max(reach, c.end)
    return keep
