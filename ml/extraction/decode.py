"""Tagger output to quotes: BIO runs to character spans, each content linked to its
nearest cue and that cue's source, fragments around one cue joined, rule quotes added."""

from __future__ import annotations

import re

import numpy as np

from ml.extraction.lexicon import FUNCTION_WORDS
from ml.extraction.model import ROLES, Encoded
from ml.extraction.rules import Candidate, Span, join_split
from ml.extraction.text import (
    LETTER,
    QUOTE_MARK,
    Sentences,
    SpanIndex,
    paragraph_bounds,
    rstrip_end,
    skip_opener,
    word_bounds,
)

_CUE_REACH = 200
_LONE_REACH = 40
_SNAP = 3
_SOURCE_REACH = 120
_HEAL = 3
MIN_CONFIDENCE = 0.70
# A cue the tagger gave no source takes the likeliest speaker of its clause: a run whose
# source probability reaches this ("A New York judge has rejected …, saying …").
WEAK_SOURCE = 0.2
_MIN_WORDS = 2  # "Moscow has rejected [such intentions]"
_LONE_WORDS = 8
_WORDS = re.compile(r"\w+")
_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.?")
_TITLED_NAME = re.compile(r"\.?[ \u00a0]+[A-Z][\w’'-]+")
_HEARER = re.compile(r"\b(?:with|(?<![Aa]ccording )to)\s+(?:the\s+)?$")
# What may stand before a sentence's subject: "But", "In recent weeks,", "Recently, however,".
_OPENS_CLAUSE = re.compile(
    r"\s*(?:(?:But|And|Yet|So|Still|Now)\s+)?(?:[^\s,][^,.;:()—]{0,60},\s*)*"
)
# One person: a name, he or she; no description ("A New York judge", "Other polls"), no
# group ("They") and no name that only modifies ("Clinton-Supporting Super PACs").
_NAMES_SOMEONE = re.compile(
    r"(?i:he|she|his|her)\b"
    r"|(?!(?:A|An|The|This|That|These|Those|Other|Many|Some|They|It|We|You|I)\b)[A-Z]"
)
_POINTS_BACK = re.compile(r"\W*(?:This|That|These|Those|Such|So|Thus)\b")


def tag_spans(enc: Encoded, probs: np.ndarray) -> dict[str, list[Span]]:
    """Character spans of the B/I runs of each role; contents below ``MIN_CONFIDENCE`` dropped.

    A run opened by I (no B) within ``_HEAL`` wordpieces of the previous run continues
    it: the tagger's gaps inside long contents are not boundaries.  A run's confidence is
    its mean probability of not being O.  ``weak_source`` holds the runs whose probability
    of being a source reaches ``WEAK_SOURCE``, whatever their tag.
    """
    tags = probs.argmax(-1) if len(probs) else np.zeros((0, len(ROLES)), int)
    out: dict[str, list[Span]] = {}
    for r, role in enumerate(ROLES):
        runs: list[list[int]] = []
        start = None
        for i, t in enumerate([*tags[:, r].tolist(), 0]):
            if start is not None and t != 2:
                runs.append([start, i])
                start = None
            if t == 1:
                start = i
            elif t == 2 and start is None:
                start = runs.pop()[0] if runs and i - runs[-1][1] <= _HEAL else i
        out[role] = [
            (enc.offsets[a][0], enc.offsets[b - 1][1])
            for a, b in runs
            if role != "content" or 1 - probs[a:b, r, 0].mean() >= MIN_CONFIDENCE
        ]
    likely = (1 - probs[:, ROLES.index("source"), 0] >= WEAK_SOURCE) if len(probs) else []
    edges = np.flatnonzero(np.diff(np.concatenate([[0], np.asarray(likely, int), [0]])))
    out["weak_source"] = [
        (enc.offsets[a][0], enc.offsets[b - 1][1]) for a, b in zip(edges[::2], edges[1::2])
    ]
    return out


def _trim_content(text: str, c: Span, residue: np.ndarray) -> Span | None:
    """Strip leading residue, punctuation and whitespace the tagger sometimes includes."""
    a, b = c
    while a < b and (text[a].isspace() or text[a] in ",.;:)—–-" or residue[a]):
        a += 1
    b = rstrip_end(text, a, b)
    return (a, b) if b > a else None


def _lines(text: str, span: Span) -> list[Span]:
    """The parts of ``span`` on each line (a mention never runs over a paragraph break)."""
    out, a = [], span[0]
    for m in re.finditer(r"\s*\n\s*", text[span[0] : span[1]]):
        out.append((a, span[0] + m.start()))
        a = span[0] + m.end()
    out.append((a, span[1]))
    return [p for p in out if p[1] > p[0]]


def _mention(text: str, span: Span) -> Span:
    """A tagged source widened over the words it cuts, without the words that open its
    clause ("To which she") and from a cut title to its name ("Mr" of "Mr. Obama")."""
    whole = word_bounds(text, *span)
    a, b = skip_opener(text, *whole) or whole
    if _TITLE.fullmatch(text, a, b) and (name := _TITLED_NAME.match(text, b)):
        b = name.end()
    return a, b


def _names_no_one(text: str, span: Span) -> bool:
    """Whether a tagged source is a function word or punctuation ("the", "of", ",")."""
    mention = text[span[0] : span[1]]
    return mention.lower() in FUNCTION_WORDS or not LETTER.search(mention)


def _is_hearer(text: str, start: int) -> bool:
    """Whether the mention at ``start`` (a word or a piece of one) is the hearer of a
    statement, not its speaker: "in a conversation with RBC", "told to Reuters"."""
    start = word_bounds(text, start, start)[0]
    return _HEARER.search(text, max(0, start - 30), start) is not None


def _opens_next_sentence(text: str, sents: Sentences, content: Span, cue: Span) -> bool:
    """Whether ``cue`` stands in a sentence after the one ``content`` ends, and so reports
    what follows it ("… of the negotiations. Journalists cited officials as saying that …"),
    unless that sentence points back ("This was stated by …") or a quotation closes before it.
    """
    start = sents.start(cue[0])
    return (
        content[1] <= start
        and not QUOTE_MARK.search(text, content[1] - 1, start)
        and not _POINTS_BACK.match(text, start)
    )


def _weak_source(
    text: str, sents: Sentences, residue: np.ndarray, weak: list[Span], cue: Span
) -> Span | None:
    """The likely source (of ``weak``, widened to whole words) nearest before ``cue`` that
    opens its sentence and names someone: the subject of "…, saying", "… and said"."""
    return _nearest(
        cue,
        [
            w
            for w in weak
            if _OPENS_CLAUSE.fullmatch(text, sents.start(cue[0]), w[0])
            and w[1] <= cue[0]
            and not residue[w[0] : w[1]].any()
            and not _is_hearer(text, w[0])
            and _NAMES_SOMEONE.match(text, *w)
            and not text.startswith("-", w[1])
        ],
        len(text),
        [],
    )


def _distance(a: Span, b: Span) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _inside(a: Span, spans: list[Span]) -> bool:
    return any(s <= a[0] and a[1] <= e for s, e in spans)


def _nearest(target: Span, spans: list[Span], reach: int, avoid: list[Span]) -> Span | None:
    best = [(_distance(target, s), s) for s in spans if not _inside(s, avoid)]
    best = [b for b in best if b[0] <= reach]
    return min(best)[1] if best else None


def link(
    text: str, spans: dict[str, list[Span]], sents: Sentences, residue: np.ndarray
) -> list[Candidate]:
    """Link every predicted content span to its nearest cue and that cue's source."""
    contents = [
        c
        for c in (_trim_content(text, c, residue) for c in spans["content"])
        if c and residue[c[0] : c[1]].mean() < 0.5 and len(_WORDS.findall(text, *c)) >= _MIN_WORDS
    ]
    cues = SpanIndex(
        [word_bounds(text, *c) for c in spans["cue"] if not residue[c[0] : c[1]].any()]
    )
    sources = SpanIndex(
        [
            _mention(text, p)
            for s in spans["source"]
            for p in _lines(text, s)
            if not residue[p[0] : p[1]].any()
        ]
    )
    weak = [_mention(text, w) for w in spans.get("weak_source", [])]
    out: list[Candidate] = []
    for c in contents:
        lo, hi = sents.start(c[0]) - 2, sents.end(c[1]) + 2
        near = cues.near(lo, hi)
        if near:
            cue = _nearest(c, near, _CUE_REACH, [c])
        else:
            lone = cues.near(c[0] - _LONE_REACH, c[1] + _LONE_REACH)
            lone = [s for s in lone if not _opens_next_sentence(text, sents, c, s)]
            cue = _nearest(c, lone, _LONE_REACH, [c])
        t = cue or c
        near = sources.near(t[0] - _SOURCE_REACH, t[1] + _SOURCE_REACH)
        if cue is not None and cue[1] <= c[0]:  # "it became known that …": no later source
            sentence_end = sents.end(c[1] - 1)
            near = [s for s in near if s[1] <= sentence_end]
        pa, pb = paragraph_bounds(text, t[0])
        same = [s for s in near if pa <= s[0] and s[1] <= pb]  # "“…” ― Name" ends its line
        speakers = [s for s in same or near if not _is_hearer(text, s[0])]
        source = _nearest(t, speakers or same or near, _SOURCE_REACH, [c])
        if source is None and cue is not None:
            source = _weak_source(text, sents, residue, weak, cue)
        if source is not None and _names_no_one(text, source):
            source = None  # the tagger's stray "the": no speaker rather than another's
        out.append(Candidate([c], cue, source))
    return [c for c in out if c.cue or len(_WORDS.findall(text, c.start, c.end)) >= _LONE_WORDS]


def _runs_to_attribution(text: str, m: Candidate, r: Candidate) -> bool:
    """Whether rule quote ``r`` has no closing mark but ends at its attribution
    (“… Europe. concluded Kafruni.”) and model quote ``m`` starts at its mark: the tagger
    stopped early, the quote runs on to the attribution."""
    if QUOTE_MARK.match(text, r.end - 1) or r.cue is None or r.cue[0] < r.end:
        return False
    return abs(m.start - r.start) <= _SNAP


_CUT_END = re.compile(r",[”\"»›’']{1,2}$")
_CUT_GOES_ON = re.compile(r"[“\"«‹‘']{1,2}[a-z]")


def _cut_sentence(text: str, c: Candidate) -> bool:
    """Whether ``c`` is one sentence cut by its cue, “A,” he said, “b…”: a comma closes
    every fragment but the last, and the next one opens in lower case."""
    return len(c.spans) > 1 and all(
        _CUT_END.search(text, a, b) and _CUT_GOES_ON.match(text, c.spans[i + 1][0])
        for i, (a, b) in enumerate(c.spans[:-1])
    )


def _quotation_around(text: str, r: Candidate, hits: list[Candidate]) -> bool:
    """Whether the rule quote ``r`` is one quotation (opened by a mark or a pull quote, in
    one piece) around a single model quote of less than half its length: an attribution
    nested inside it («… According to an official, Blinken told his colleagues that he
    hoped …»)."""
    return bool(
        (QUOTE_MARK.match(text, r.start) or r.block)
        and len(r.spans) == 1
        and len(hits) == 1
        and 2 * (hits[0].end - hits[0].start) < r.end - r.start
    )


def merge_rules(text: str, model: list[Candidate], rules: list[Candidate]) -> list[Candidate]:
    """Model quotes plus rule quotes: a rule quote overlapping no model quote is added, one
    covering several model quotes, running over paragraphs, joining a sentence cut by its
    cue or quoting around a nested attribution replaces them, and model boundaries within
    ``_SNAP`` characters of a rule quote's marks snap to them."""
    index = SpanIndex([(m.start, m.end) for m in model])
    by_span = {(m.start, m.end): m for m in model}
    out = {id(m): m for m in model}
    for r in rules:
        hits = [by_span[s] for s in index.near(r.start, r.end) if s[1] > r.start and s[0] < r.end]
        hits = [m for m in hits if id(m) in out]
        spans_paragraphs = "\n" in text[r.start : r.end]
        if (
            hits
            and (
                len(hits) > 1
                or spans_paragraphs
                or _cut_sentence(text, r)
                or _quotation_around(text, r, hits)
            )
            and all(r.start - _SNAP <= m.start and m.end <= r.end + _SNAP for m in hits)
        ):
            for m in hits:
                del out[id(m)]
            if not r.block:  # a pull quote has no cue: the nested one is not its own
                r.cue, r.source = r.cue or hits[0].cue, r.source or hits[0].source
            hits = []
        if not hits:
            out[id(r)] = r
        for m in hits:
            if m.cue is None and r.cue is not None:
                m.cue, m.source = r.cue, r.source or m.source
            elif (
                r.cue
                and r.cue[0] >= r.end
                and m.cue
                and re.search(r"[.!?]", text[m.cue[1] : m.start])
            ):  # the tagger took the last sentence's cue: “…,” the expert added.
                m.cue, m.source = r.cue, r.source or m.source
            (a, b), (ra, rb) = m.spans[0], r.spans[0]
            if abs(a - ra) <= _SNAP:
                m.spans[0] = (ra, b)
            a, b = m.spans[-1]
            ra, rb = r.spans[-1]
            if (abs(b - rb) <= _SNAP or _runs_to_attribution(text, m, r)) and b > a:
                m.spans[-1] = (a, rb)
    return join_split(text, list(out.values()))
