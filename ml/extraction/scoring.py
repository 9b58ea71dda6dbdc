"""The PolNeAR extraction metrics, a faithful port of ``shared/eval/score.py``.

exact, token overlap, match (token IoU >= 0.5, one-to-one), source and cue accuracy,
end-to-end attribution, and the segmentation-tolerant group match, for all gold quotes
and the direct / indirect (and kind=direct / kind=mixed) subsets.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable

from ml.data.polnear import norm_spans

TOKEN_RE = re.compile(r"\w+|[^\w\s]")
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "we",
        "us",
        "you",
        "he",
        "him",
        "she",
        "her",
        "it",
        "they",
        "them",
        "who",
        "one",
        "someone",
        "this",
        "that",
    ]
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
IOU_THRESHOLD = 0.5
COUNTS = [
    "n_gold",
    "n_pred",
    "exact_hits",
    "tok_overlap_p",
    "tok_pred",
    "tok_overlap_r",
    "tok_gold",
    "matched",
    "src_n",
    "src_ok",
    "cue_n",
    "cue_ok",
    "attr_ok",
    "gold_no_source",
    "grp_pred_ok",
    "grp_gold_found",
    "ovl_src_n",
    "ovl_src_ok",
]


class Tokens:
    """The scorer's tokens of one text; ``of`` maps spans to token indices."""

    def __init__(self, text: str) -> None:
        self.starts = [m.start() for m in TOKEN_RE.finditer(text)]
        self.ends = [m.end() for m in TOKEN_RE.finditer(text)]

    def of(self, spans) -> set[int]:
        """Indices of tokens sharing at least one character with any span."""
        out = set()
        for a, b in spans:
            i = bisect.bisect_right(self.ends, a)
            while i < len(self.starts) and self.starts[i] < b:
                out.add(i)
                i += 1
        return out


def chars_overlap(spans1, spans2) -> bool:
    """Whether any span of one list shares a character with any of the other."""
    return any(a < d and c < b for a, b in spans1 for c, d in spans2)


def surname(speaker: str | None) -> str | None:
    """Last capitalised word of a speaker name (possessive stripped); None for pronouns."""
    if not speaker:
        return None
    for w in reversed(re.findall(r"[^\W\d_][\w'\u2019.-]*", speaker)):
        w = re.sub(r"['\u2019]s$", "", w).strip(".-'\u2019")
        if not w or w.lower() in NAME_SUFFIXES:
            continue
        if w.lower() in PRONOUNS or not w[0].isupper() or len(w) < 2:
            return None
        return w
    return None


def source_correct(text: str, gold: dict, pred: dict) -> bool:
    """The mention overlaps a gold source span, or the speaker's surname is in it."""
    if pred["mention"] and chars_overlap([pred["mention"]], gold["source"]):
        return True
    sn = surname(pred["speaker"])
    if sn:
        src = " ".join(text[a:b] for a, b in gold["source"])
        return bool(re.search(rf"(?<!\w){re.escape(sn)}(?!\w)", src, re.IGNORECASE))
    return False


def prf(hits_p: float, n_pred: float, hits_r: float, n_gold: float) -> dict[str, float]:
    """Precision, recall and F1."""
    p = hits_p / n_pred if n_pred else 0.0
    r = hits_r / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _prep_pred(text: str, q: dict) -> dict:
    sm, cue = q.get("speaker_mention"), q.get("cue")
    return {
        "content": norm_spans(text, q.get("content_spans") or [[q["start"], q["end"]]]),
        "speaker": q.get("speaker"),
        "mention": [sm["start"], sm["end"]] if sm else None,
        "cue": [cue["start"], cue["end"]] if cue else None,
    }


def subsets_for(gold_docs: list[dict]) -> dict[str, Callable[[dict], bool]]:
    """The gold subsets scored: all, direct, indirect (and kind=direct/mixed if known)."""
    subs: dict[str, Callable[[dict], bool]] = {
        "all": lambda q: True,
        "direct": lambda q: bool(q["direct"]),
        "indirect": lambda q: not q["direct"],
    }
    if any("kind" in q for d in gold_docs for q in d["quotes"]):
        subs["kind=direct"] = lambda q: q.get("kind") == "direct"
        subs["kind=mixed"] = lambda q: q.get("kind") == "mixed"
    return subs


def _iou(p: set, g: set) -> float:
    inter = len(p & g)
    return inter / len(p | g) if inter else 0.0


def _score_doc(gd: dict, preds_raw: list[dict], subs: dict, acc: dict) -> None:
    text = gd["text"]
    toks = Tokens(text)
    golds = []
    for q in gd["quotes"]:
        g = {
            "content": norm_spans(text, q["content"]),
            "source": norm_spans(text, q.get("source") or []),
            "cue": norm_spans(text, q.get("cue") or []),
            "raw": q,
        }
        g["tok"] = toks.of(g["content"])
        golds.append(g)
    preds = [p for p in (_prep_pred(text, q) for q in preds_raw) if p["content"]]
    for p in preds:
        p["tok"] = toks.of(p["content"])
        best, best_iou = None, 0.0
        for g in golds:
            iou = _iou(p["tok"], g["tok"])
            if iou > best_iou:
                best, best_iou = g, iou
        p["best"] = best
    for name, keep in subs.items():
        _score_subset(text, golds, preds, keep, acc[name])


def _score_subset(text, golds, preds, keep, a) -> None:
    gin = [g for g in golds if keep(g["raw"])]
    gout = [g for g in golds if not keep(g["raw"])]
    tok_in = set().union(*[g["tok"] for g in gin]) if gin else set()
    tok_out = set().union(*[g["tok"] for g in gout]) if gout else set()
    pin = [p for p in preds if p["best"] is None or keep(p["best"]["raw"])]
    a["n_gold"] += len(gin)
    a["n_pred"] += len(pin)
    a["gold_no_source"] += sum(1 for g in gin if not g["source"])
    pool: dict[str, int] = {}
    for g in gin:
        key = json.dumps(g["content"])
        pool[key] = pool.get(key, 0) + 1
    for p in pin:
        key = json.dumps(p["content"])
        if pool.get(key, 0) > 0:
            pool[key] -= 1
            a["exact_hits"] += 1
    pred_union: set[int] = set()
    for p in pin:
        pt = p["tok"] - (tok_out - tok_in)
        a["tok_pred"] += len(pt)
        a["tok_overlap_p"] += len(pt & tok_in)
        pred_union |= p["tok"]
    for g in gin:
        a["tok_gold"] += len(g["tok"])
        a["tok_overlap_r"] += len(g["tok"] & pred_union)
    groups: dict[int, list[dict]] = {}
    for p in pin:
        if p["best"] is not None:
            groups.setdefault(id(p["best"]), []).append(p)
            if p["best"]["source"]:
                a["ovl_src_n"] += 1
                a["ovl_src_ok"] += source_correct(text, p["best"], p)
    for g in gin:
        members = groups.get(id(g), [])
        if members:
            union = set().union(*[p["tok"] for p in members])
            if len(union & g["tok"]) / len(union | g["tok"]) >= IOU_THRESHOLD:
                a["grp_gold_found"] += 1
                a["grp_pred_ok"] += len(members)
    cands = []
    for i, p in enumerate(pin):
        for j, g in enumerate(gin):
            iou = _iou(p["tok"], g["tok"])
            if iou and iou >= IOU_THRESHOLD:
                ok = bool(g["source"]) and source_correct(text, g, p)
                cands.append((-iou, not ok, i, j))
    used_p, used_g = set(), set()
    for _, _, i, j in sorted(cands):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        p, g = pin[i], gin[j]
        a["matched"] += 1
        if g["source"]:
            a["src_n"] += 1
            ok = source_correct(text, g, p)
            a["src_ok"] += ok
            a["attr_ok"] += ok
        elif p["speaker"] is None and p["mention"] is None:
            a["attr_ok"] += 1
        if g["cue"]:
            a["cue_n"] += 1
            a["cue_ok"] += bool(p["cue"]) and chars_overlap([p["cue"]], g["cue"])


def score(gold_docs: list[dict], pred_docs: list[dict]) -> tuple[dict, dict]:
    """Results per subset (counts and P/R/F1 per metric) and meta data, as score.py."""
    pred_by_id = {d["id"]: d.get("quotes") or [] for d in pred_docs}
    subs = subsets_for(gold_docs)
    acc = {name: dict.fromkeys(COUNTS, 0) for name in subs}
    for gd in gold_docs:
        _score_doc(gd, pred_by_id.get(gd["id"], []), subs, acc)
    results = {}
    for name, a in acc.items():
        results[name] = {
            "counts": a,
            "exact": prf(a["exact_hits"], a["n_pred"], a["exact_hits"], a["n_gold"]),
            "tok": prf(a["tok_overlap_p"], a["tok_pred"], a["tok_overlap_r"], a["tok_gold"]),
            "match": prf(a["matched"], a["n_pred"], a["matched"], a["n_gold"]),
            "src_acc": a["src_ok"] / a["src_n"] if a["src_n"] else 0.0,
            "cue_acc": a["cue_ok"] / a["cue_n"] if a["cue_n"] else 0.0,
            "attr": prf(a["attr_ok"], a["n_pred"], a["attr_ok"], a["n_gold"]),
            "grp": prf(a["grp_pred_ok"], a["n_pred"], a["grp_gold_found"], a["n_gold"]),
            "src_acc_ovl": a["ovl_src_ok"] / a["ovl_src_n"] if a["ovl_src_n"] else 0.0,
        }
    gold_ids = {d["id"] for d in gold_docs}
    meta = {
        "articles": len(gold_docs),
        "unknown_prediction_ids": sorted(set(pred_by_id) - gold_ids),
        "iou_threshold": IOU_THRESHOLD,
    }
    return results, meta
