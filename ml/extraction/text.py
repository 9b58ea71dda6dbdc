"""Sentence and paragraph boundaries by rule (abbreviations and glued page parts aware)."""

from __future__ import annotations

import bisect
import re

# A quotation mark that is never an apostrophe (for "is this stretch free of quotes").
QUOTE_MARK = re.compile(r"[“”„«»‹›\"]")
LINE = re.compile(r"[^\n]+")  # a paragraph: the text between line breaks
SENTENCE_END = re.compile(r"[.!?]\s+$")  # a text that ends a sentence
POSSESSIVE = re.compile(r"[’']s$")  # "Clinton's" → "Clinton"

_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Prof|Jan|Feb|Mar|Apr|Aug|Sept|Sep|"
    r"Oct|Nov|Dec|No|vs|etc|U\.S|U\.N|U\.K|Inc|Corp|Co)|\b[A-Z])\.$"
)
# Page parts glued without a space ("Malek DudakovAmericanist", "scientistSee also"); not
# McCaskill, LeBron or the name prefixes below (VanderSloot, FitzGerald).
_GLUED = r"[a-z]{3}(?=[A-Z][a-z]|[A-Z]{3})"
_GLUE_AT = re.compile(_GLUED)
NAME_PREFIX = r"Vander|Van|Fitz|Della|Ma?c|D[eiu]|L[ae]"
_PREFIX_BEFORE = re.compile(rf"\b(?:{NAME_PREFIX})$")
# A sentence ends at end punctuation before a capital, at a line break, and at a glue.
_END = re.compile(rf"[.!?]+[”\"»’']*(?=\s+[“\"«‘(\[]?[A-Z0-9—–-])|\n+|[.!?](?=[A-Z][a-z])|{_GLUED}")


def rstrip_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over whitespace, not before ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def ends_abbreviation(text: str, end: int, start: int = 0) -> bool:
    """Whether ``text[start:end]`` ends with an abbreviation's full stop ("Sen.", "U.S.")."""
    return bool(_ABBREV.search(text, max(start, end - 6), end))


class Sentences:
    """Sentence boundaries of one text, queried by character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        cuts = [0]
        for m in _END.finditer(text):
            if m.group().startswith(".") and ends_abbreviation(text, m.start() + 1):
                continue
            if m.group()[0].islower() and not _glued(text, m.end()):
                continue
            cuts.append(m.end())
        cuts.append(len(text))
        self.cuts = sorted(set(cuts))

    def start(self, pos: int) -> int:
        """Start of the sentence holding ``pos``."""
        return self.cuts[max(0, bisect.bisect_right(self.cuts, pos) - 1)]

    def end(self, pos: int) -> int:
        """End of the sentence holding ``pos``."""
        i = bisect.bisect_right(self.cuts, pos)
        return self.cuts[min(i, len(self.cuts) - 1)]


_END_PUNCT = ",.;:—–-"
LETTER = re.compile(r"[^\W\d_]")  # a letter of any alphabet
# Words that open a clause before its subject; "which" only after one of them ("To which
# she said"), since alone it is a subject ("…, which together …").
_OPENER = re.compile(
    r"(?:(?i:to|after|before|and|but|so|then|as|if|when|while|whereupon)(?:\s+|$))+"
    r"(?:(?i:which)(?:\s+|$))?"
)


def trim_end(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` without the punctuation that closes its clause (“…more revenue,” → “…more
    revenue”) or a parenthesis opened before it (“(…has pneumonia).”): reported speech ends
    before them, as PolNeAR marks it.  Direct speech (opened by a quotation mark) keeps its
    own punctuation, and an abbreviation its full stop."""
    a, b = span
    if QUOTE_MARK.match(text, a):
        return span
    while b > a:
        ch = text[b - 1]
        unopened = ch == ")" and text.count("(", a, b) < text.count(")", a, b)
        if not (unopened or ch in _END_PUNCT or ch.isspace()):
            break
        if ch == "." and ends_abbreviation(text, b, a):
            break
        b -= 1
    return (a, b) if b > a else span


def skip_opener(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` after the words that open a clause before its subject ("To which
    she" → "she", "as the Daily Beast" → "the Daily Beast"); None when nothing else is left."""
    m = _OPENER.match(text, start, end)
    if m is None:
        return start, end
    return (m.end(), end) if m.end() < end else None


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened over the words it cuts (the tagger's wordpieces cut
    "Blinken’s"), not over a glue ("Malek Dudakov" of "Malek DudakovAmericanist" stays);
    an edge at punctuation or space cuts no word and stays ("Poll|:")."""
    while 0 < start < len(text) and _in_word(text, start) and not _glued(text, start):
        start -= 1
    while 0 < end < len(text) and _in_word(text, end) and not _glued(text, end):
        end += 1
    return start, end


def _in_word(text: str, pos: int) -> bool:
    """Whether ``pos`` falls between two characters of one word."""
    return text[pos - 1].isalnum() and text[pos].isalnum()


def _glued(text: str, pos: int) -> bool:
    """Whether two page parts are glued together at ``pos`` ("Dudakov|Americanist")."""
    return (
        pos >= 3
        and _GLUE_AT.match(text, pos - 3) is not None
        and not _PREFIX_BEFORE.search(text, max(0, pos - 8), pos)
    )


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """``[start, end)`` of the paragraph (line) holding ``pos``."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


class SpanIndex:
    """Spans sorted by start, queried by a character window (keeps 1 MB articles linear)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def near(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans that may touch ``[lo, hi]``."""
        i = bisect.bisect_left(self.starts, lo - self.longest)
        j = bisect.bisect_right(self.starts, hi)
        return [s for s in self.spans[i:j] if s[1] >= lo]

    def overlaps(self, lo: int, hi: int) -> bool:
        """Whether a span shares at least one character with ``[lo, hi)``."""
        return any(a < hi and lo < b for a, b in self.near(lo, hi))
