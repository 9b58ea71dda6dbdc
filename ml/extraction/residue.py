"""Page residue: breadcrumbs, headings, captions, glued bylines and "See also" links.

``residue_mask`` marks the characters that belong to no sentence of the article, so
that no quote, cue or speaker is taken from them.
"""

from __future__ import annotations

import re

import numpy as np

from ml.extraction.text import LINE

_BREADCRUMB = re.compile(r"\s[»›>|/]\s")
# A link to another article: to its title's end, its line's end or 150 characters (a page
# flattened into one line keeps its article after the link).
_SEE_ALSO = re.compile(r"\b(?:See also|Read also|Read more|Also read)\b[^\n.!?]{0,150}[.!?]?")
_GLUE = re.compile(r"[a-z](?=[A-Z][a-z])")
_NAME_BEFORE = re.compile(r"(?:[A-Z][\w’'.-]*\s+){0,3}[A-Z][\w’'-]*$")
# A dateline glued to the first sentence: " date 2022-01-21 The goal of …"
_DATELINE = re.compile(r"^[ \t]*(?:date[ \t]+)?\d{4}-\d{2}-\d{2}\b", re.M)
# A news dateline opening a line or glued to a caption: "MOSCOW, 22 Jan.", "WASHINGTON (AP) —"
_CITY = r"[A-Z]{3,}(?:[ -][A-Z]{3,})*"
_DAY = r"(?:\d{1,2} [A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.? \d{1,2})"
_NEWS_DATELINE = re.compile(
    rf"(?:^|(?<=[a-z]))[ \t]*{_CITY}(?:, {_DAY}| ?(?:\([A-Za-z. ]{{2,20}}\) ?)?[—–-]+ )", re.M
)
# A link title glued to a sentence's end and to the quotation after it:
# "… of President Joe Biden.The political scientist assessed the outcome … «Both sides …"
_GLUED_TITLE = re.compile(r"(?<=[a-z][.!?])[A-Z][^.!?\n«“„\"]{10,150}?(?=\s?[«“„])")
_ALT = re.compile(r"\balt=[”\"][^\n]*?/>")
# Markup left in the text: <tweet author="…" timestamp="1474387200">, </tweet>, <br/>
_TAG = re.compile(
    r"</?[A-Za-z][\w-]{0,30}(?:\s+[\w-]{1,30}=(?:\"[^\"\n<>]{0,300}\"|'[^'\n<>]{0,300}'|"
    r"[^\s<>\"']{1,300})){0,20}\s*/?>"
)
_END_PUNCT = tuple('.!?"”»:;…')
_HEADING_WORDS = 14


def residue_mask(text: str) -> np.ndarray:
    """Boolean mask over ``text``: True where a character is page residue."""
    mask = np.zeros(len(text), dtype=bool)
    titles: set[str] = set()  # "Home » Lyrics » TITLE": the page's title, repeated as its heading
    for m in LINE.finditer(text):
        line = m.group().strip()
        words = len(line.split())
        breadcrumb = bool(_BREADCRUMB.search(line)) and words < 30 and not line.endswith(".")
        if breadcrumb:
            titles.add(_BREADCRUMB.split(line)[-1].strip())
        heading = not line.endswith(_END_PUNCT) and (words <= _HEADING_WORDS or line in titles)
        if breadcrumb or heading:
            mask[m.start() : m.end()] = True
    for m in _SEE_ALSO.finditer(text):
        start = m.start()
        glue = [g for g in _GLUE.finditer(text, max(0, start - 120), start)]
        if glue:  # "... strategies Malek DudakovAmericanist political scientist See also"
            cut = glue[-1].start() + 1
            name = _NAME_BEFORE.search(text, max(0, cut - 60), cut)
            start = name.start() if name else cut
        mask[start : m.end()] = True
    for pattern in (_DATELINE, _NEWS_DATELINE, _GLUED_TITLE, _TAG):
        for m in pattern.finditer(text):
            mask[m.start() : m.end()] = True
    for m in _ALT.finditer(text):
        mask[_attribute_start(text, m.start()) : m.end()] = True
    return mask


def _attribute_start(text: str, alt: int) -> int:
    """Where an image tag leaked into the text starts: "… by RBC. Talks Split ” alt=”…” />"
    has a title attribute before ``alt=``, back to the previous sentence end."""
    line = text.rfind("\n", 0, alt) + 1
    head = text[line:alt].rstrip()
    if not head.endswith(("”", '"')):
        return alt
    return line + max(head.rfind(ch) for ch in ".!?") + 1
