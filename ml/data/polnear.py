"""Load PolNeAR (brat standoff) splits as articles with their attributions.

Follows the rules of the reference converter (``shared/eval/polnear_gold.py``): one
annotator per article (the lowest 4-hex suffix), one attribution per Attribution event,
spans trimmed, sorted and merged, events without content dropped, duplicates removed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ml.paths import shared_dir

QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb\u201e'
_T_RE = re.compile(r"^(T\d+)\t(\S+) ([0-9; ]+)\t")
_E_RE = re.compile(r"^(E\d+)\t(.*)$")
_ANN_RE = re.compile(r"^(?P<stem>.+)_(?P<ann>[0-9a-f]{4})\.ann$")
_TRIGGERS = ("Attribution", "Attribution-no-source")

Spans = list[tuple[int, int]]


@dataclass
class Attribution:
    """One gold attribution: content, source and cue spans (each possibly discontinuous)."""

    content: Spans
    source: Spans
    cue: Spans
    kind: str  # direct | mixed | indirect


@dataclass
class PolnearArticle:
    """An article of a PolNeAR split with its gold attributions, sorted by content start."""

    id: str
    text: str
    attributions: list[Attribution]


def split_dir(split: str) -> Path:
    """The folder of a PolNeAR split (``train`` or ``dev``) under the shared data folder."""
    if split not in ("train", "dev"):
        raise ValueError(f"unknown PolNeAR split {split!r}: use train or dev")
    return shared_dir() / "polnear" / split


def norm_spans(text: str, spans: Spans) -> Spans:
    """Clip to the text, trim whitespace, drop empty spans, sort, and merge touching or
    overlapping spans."""
    out = []
    for a, b in spans:
        a, b = max(0, int(a)), min(len(text), int(b))
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    merged: list[list[int]] = []
    for a, b in sorted(out):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def quote_kind(text: str, spans: Spans) -> str:
    """``direct`` (fully quoted), ``mixed`` (contains a quotation mark) or ``indirect``."""
    frags = [text[a:b] for a, b in spans]
    if not any(ch in QUOTE_MARKS for f in frags for ch in f):
        return "indirect"
    for f in frags:
        f = f.rstrip(" .,;:!?-\u2014\u2013")
        if not (f and f[0] in QUOTE_MARKS and f[-1] in QUOTE_MARKS):
            return "mixed"
    return "direct"


def _parse_offsets(s: str) -> Spans:
    return [(int(a), int(b)) for a, b in (frag.split() for frag in s.split(";"))]


def parse_ann(path: Path, text: str) -> list[Attribution]:
    """Parse one brat ``.ann`` file into attributions."""
    spans_by_id: dict[str, Spans] = {}
    events: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    for line in lines:
        if m := _T_RE.match(line):
            spans_by_id[m.group(1)] = _parse_offsets(m.group(3))
        elif m := _E_RE.match(line):
            events.append(m.group(2).split())
    found: dict[str, Attribution] = {}
    for args in events:
        roles: dict[str, Spans] = defaultdict(list)
        triggered = False
        for arg in args:
            role, _, tid = arg.partition(":")
            if role in _TRIGGERS:
                triggered = True
            elif tid in spans_by_id:
                roles[role.rstrip("0123456789")].extend(spans_by_id[tid])
        content = norm_spans(text, roles["Content"])
        if not triggered or not content:
            continue
        att = Attribution(
            content=content,
            source=norm_spans(text, roles["Source"]),
            cue=norm_spans(text, roles["Cue"]),
            kind=quote_kind(text, content),
        )
        found.setdefault(repr((att.content, att.source, att.cue)), att)
    return sorted(found.values(), key=lambda a: a.content[0])


def load_split(split: str) -> Iterator[PolnearArticle]:
    """Yield the articles of a split in id order."""
    base = split_dir(split)
    annotators: dict[str, list[str]] = defaultdict(list)
    for p in (base / "attributions").iterdir():
        if m := _ANN_RE.match(p.name):
            annotators[m.group("stem")].append(m.group("ann"))
    for p in sorted((base / "text").glob("*.txt")):
        stem = p.stem
        if stem not in annotators:
            continue
        with p.open(encoding="utf-8", newline="") as fh:
            text = fh.read()
        ann = base / "attributions" / f"{stem}_{min(annotators[stem])}.ann"
        yield PolnearArticle(id=stem, text=text, attributions=parse_ann(ann, text))
