"""Stance metrics, computed exactly as ``shared/eval/score_stance.py`` computes them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ml.types import STANCE_LABELS

ECE_BINS = 15


def ece(conf_correct: Sequence[tuple[float, bool]], bins: int = ECE_BINS) -> float:
    """Expected calibration error: equal-width bins on the top probability."""
    total = len(conf_correct)
    err = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        part = [(c, ok) for c, ok in conf_correct if lo < c <= hi or (b == 0 and c == 0)]
        if part:
            conf = sum(c for c, _ in part) / len(part)
            acc = sum(ok for _, ok in part) / len(part)
            err += len(part) / total * abs(conf - acc)
    return err


def score(
    gold: Sequence[str], pred: Sequence[str], top_prob: Sequence[float] | None = None
) -> dict[str, Any]:
    """Per-label P/R/F1, macro-F1, accuracy, confusion matrix (gold rows) and ECE."""
    if len(gold) != len(pred) or not gold:
        raise ValueError("gold and predictions must be non-empty and of equal length")
    per_label = {}
    for lab in STANCE_LABELS:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per_label[lab] = {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(f1, 4),
            "support": tp + fn,
            "_f1": f1,
        }
    macro = sum(v.pop("_f1") for v in per_label.values()) / len(STANCE_LABELS)
    res: dict[str, Any] = {
        "n": len(gold),
        "macro_f1": round(macro, 4),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred)) / len(gold), 4),
        "labels": per_label,
        "confusion": {
            g: {p: sum(1 for a, b in zip(gold, pred) if a == g and b == p) for p in STANCE_LABELS}
            for g in STANCE_LABELS
        },
    }
    if top_prob is not None:
        res["ece"] = round(ece([(float(c), g == p) for c, g, p in zip(top_prob, gold, pred)]), 4)
    return res
