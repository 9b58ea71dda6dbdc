"""Quotation-mark rules: find quoted passages in every common style.

Handles “…”, „…“, «…», ‹…›, "…", ''…'', '…' (apostrophes are skipped), quotes nested in
quotes, quotes that run over several paragraphs (each new paragraph reopening the
mark), and the dash-closed speech of translated Russian news (“…,— said X”), where the
closing mark is missing.  Spans include their marks, as in PolNeAR.
"""

from __future__ import annotations

import re

from ml.extraction.text import LINE, SENTENCE_END, rstrip_end

_DASH_CLOSE = re.compile(r",?\s?[—―–]+\s?")
_PAIR = {"«": "»", "‹": "›", "„": "“”", "“": "”", "”": "”", '"': '"', "'": "'"}
_OPENERS = set(_PAIR)
_MAX_SINGLE = 300
_DOUBLED = re.compile(r"(?<!')''(?!')")
_LOWER_TAIL = re.compile(r"[.,!?]\s+[a-z][^.!?\n]{2,60}[.!?]?$")


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quote (by its neighbours)."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "«‹„“":
        return not nxt.isspace() or ch in "«„"
    if ch == "”":  # a reversed opener, seen in scraped pages
        return (prev.isspace() or i == 0) and _is_word(nxt)
    if ch == '"':
        return not nxt.isspace()
    return not _is_word(prev) and (_is_word(nxt) or nxt in '“"')  # single quote


def _closes(text: str, i: int, opener: str) -> bool:
    """Whether the mark at ``i`` closes a quote opened by ``opener``."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i else " "
    if opener == "'":
        return ch == "'" and not _is_word(nxt) and not prev.isspace()
    if opener == '"':
        return ch == '"'
    if ch in "”»›":
        return True
    if ch == "“":  # German closing mark, or an English one typed the wrong way
        return opener == "„" or not _is_word(nxt)
    return False


def _paragraph_quotes(text: str, a: int, b: int, carry: str | None) -> tuple[list, str | None]:
    """Quotes within the paragraph ``[a, b)``; ``carry`` is a quote left open before it.

    Returns ``(spans, open_mark)`` where spans are ``[start, end, closed]`` lists and
    ``open_mark`` the opener still open at the paragraph's end (or None).
    """
    spans: list = []
    stack: list[str] = []
    start = a
    if carry:
        stack = [carry]
    i = a + (1 if carry and a < b and text[a] in _OPENERS else 0)
    while i < b:
        ch = text[i]
        if stack and _closes(text, i, stack[-1]):
            stack.pop()
            if not stack:
                spans.append([start, i + 1, True])
        elif ch in _OPENERS and _opens(text, i):
            if stack == ["“"] and ch == "“" and SENTENCE_END.search(text, start, i):
                # a “ opening a sentence inside a “: the first never closed (its paragraph
                # break lost: “… ends here. “Next quote”)
                spans.append([start, rstrip_end(text, start, i), False])
                stack = []
            if not stack:
                start = i
            if not stack or ch != "'":
                stack.append(ch)
        if stack and stack[0] == "'" and i - start > _MAX_SINGLE:
            stack = []
        i += 1
    if not stack:
        return spans, None
    spans.append([start, rstrip_end(text, start, b), False])
    return spans, stack[0]


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans (marks included) of the top-level quotations of ``text``.

    Two apostrophes (''…'', an archive style of the New York Times) are one double mark.
    """
    doubled = _DOUBLED.sub('"\x00', text)
    return [(s, e + (doubled[e : e + 1] == "\x00")) for s, e in _find_quotes(doubled)]


def _find_quotes(text: str) -> list[tuple[int, int]]:
    paragraphs = [(m.start(), m.end()) for m in LINE.finditer(text)]
    found: list = []
    carry: str | None = None
    for n, (a, b) in enumerate(paragraphs):
        lead = a
        while lead < b and text[lead].isspace():
            lead += 1
        if carry and not (lead < b and text[lead] in _OPENERS):
            carry = None
        spans, open_mark = _paragraph_quotes(text, lead, b, carry)
        if carry and found and spans and not found[-1][2]:
            found[-1][1] = spans[0][1]  # the quote goes on in this paragraph
            found[-1][2] = spans[0][2]
            spans = spans[1:]
        found.extend(spans)
        carry = None
        if open_mark and found and not found[-1][2]:
            nxt = paragraphs[n + 1][0] if n + 1 < len(paragraphs) else None
            q = found[-1]
            dash = any("," in m.group() for m in _DASH_CLOSE.finditer(text, q[0], q[1]))
            if nxt is not None and text[nxt : nxt + 1] in _OPENERS and q[0] >= lead and not dash:
                carry = open_mark
            else:
                _close_at_dash(text, q)
    for q in found:
        if not q[2]:
            _close_at_dash(text, q)
    return [(s, e) for s, e, _ in found if e - s > 2]


def _close_at_dash(text: str, q: list) -> None:
    """Close an unterminated quote before its trailing attribution, if there is one.

    Tried in turn: the last comma-dash (``,—``), the last dash followed by a short
    tail, a short lower-case final sentence ("… Europe. concluded Kafruni.").
    """
    a, b = q[0] + 1, q[1]
    dashes = list(_DASH_CLOSE.finditer(text, a, b))
    comma = [m for m in dashes if "," in m.group()]
    short = [m for m in dashes if b - m.end() < 100]
    if comma or short:
        m = (comma or short)[-1]
        q[1] = m.start() + (1 if m.group().startswith(",") else 0)
    elif tail := _LOWER_TAIL.search(text, a, b):
        q[1] = tail.start() + 1
    q[2] = True
