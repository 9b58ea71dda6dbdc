"""Evaluation of the extractor: PolNeAR (the reference metrics) and the hand-checked seeds.

``evaluate_polnear`` writes predictions in the format of ``shared/eval/score.py`` and
scores them with the port in ``ml.extraction.scoring`` (same figures).  ``evaluate_seeds``
measures recall, canonical-speaker accuracy and the share of wrong predictions against
``tests/data/seed_quotes.jsonl``; ``resolve`` maps a speaker name to its canonical name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from ml.data.polnear import PolnearArticle, load_split
from ml.extraction.scoring import TOKEN_RE, score
from ml.paths import REPO_ROOT, SEEDS_DIR
from ml.types import ExtractedQuote

SEED_GOLD = REPO_ROOT / "tests" / "data" / "seed_quotes.jsonl"
Resolve = Callable[[str | None], str | None]


def gold_docs(articles: Iterable[PolnearArticle]) -> list[dict]:
    """Gold in the format of ``shared/eval/polnear_gold.py``."""
    return [
        {
            "id": a.id,
            "text": a.text,
            "quotes": [
                {
                    "content": [list(s) for s in q.content],
                    "source": [list(s) for s in q.source],
                    "cue": [list(s) for s in q.cue],
                    "direct": q.kind != "indirect",
                    "kind": q.kind,
                }
                for q in a.attributions
            ],
        }
        for a in articles
    ]


def prediction_record(q: ExtractedQuote) -> dict:
    """One quote in the prediction format of ``score.py``."""
    rec = asdict(q)
    rec["content_spans"] = [[s.start, s.end] for s in q.content_spans]
    return rec


def predict(extractor, docs: list[dict], batch_size: int = 16) -> list[dict]:
    """Prediction documents (``{"id", "quotes"}``) for gold documents."""
    out = []
    for i in range(0, len(docs), batch_size):
        part = docs[i : i + batch_size]
        for d, quotes in zip(part, extractor.extract_batch([d["text"] for d in part]), strict=True):
            out.append({"id": d["id"], "quotes": [prediction_record(q) for q in quotes]})
    return out


def format_tables(results: dict, subsets: Iterable[str] = ("all", "direct", "indirect")) -> str:
    """Markdown table: P/R/F1 of exact, token and match; source and cue accuracy."""
    pc = lambda x: f"{100 * x:.1f}"  # noqa: E731
    head = "| subset | gold | pred | exact P/R/F1 | tok P/R/F1 | match P/R/F1 | src acc | cue acc |"
    lines = [head, "|---|---:|---:|---|---|---|---:|---:|"]
    for s in subsets:
        r = results[s]
        trip = lambda m: "/".join(pc(r[m][k]) for k in ("p", "r", "f1"))  # noqa: E731, B023
        c = r["counts"]
        lines.append(
            f"| {s} | {c['n_gold']} | {c['n_pred']} | {trip('exact')} | {trip('tok')} | "
            f"{trip('match')} | {pc(r['src_acc'])} | {pc(r['cue_acc'])} |"
        )
    return "\n".join(lines)


def evaluate_polnear(extractor, split: str = "dev", output: Path | None = None) -> dict:
    """Score the extractor on a PolNeAR split; optionally write the predictions JSONL."""
    docs = gold_docs(load_split(split))
    preds = predict(extractor, docs)
    if output:
        with Path(output).open("w", encoding="utf-8") as fh:
            for p in preds:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    return score(docs, preds)[0]


def _tokens(text: str, a: int, b: int) -> set[int]:
    return {m.start() for m in TOKEN_RE.finditer(text, a, b)}


def _seed_path(articles_dir: Path, article: str) -> Path:
    """The seed text of an article given by file name, stem or id part of the stem."""
    exact = articles_dir / f"{article}.txt"
    if exact.exists():
        return exact
    found = sorted(p for p in articles_dir.glob("*.txt") if article in p.stem)
    if not found:
        raise FileNotFoundError(f"no seed article {article!r} under {articles_dir}")
    return found[0]


def _iou(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def evaluate_seeds(
    extractor,
    gold_path: Path = SEED_GOLD,
    resolve: Resolve = lambda name: name,
    articles_dir: Path = SEEDS_DIR / "articles",
) -> dict:
    """Seed recall, speaker accuracy (canonical names) and share of wrong predictions.

    ``misses`` lists each missed or misattributed gold quote and each wrong prediction.

    A prediction matches a gold quote of the same article at token IoU >= 0.5; speaker
    accuracy is over found gold quotes: ``resolve(predicted speaker) == gold speaker``.
    """
    gold: dict[str, list[dict]] = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            gold.setdefault(Path(q["article"]).stem, []).append(q)
    names = sorted(gold)
    texts = [_seed_path(articles_dir, n).read_text(encoding="utf-8") for n in names]
    n_gold = found = right = n_pred = wrong = 0
    misses: list[dict] = []
    for name, text, preds in zip(names, texts, extractor.extract_batch(texts), strict=True):
        ptoks = [_tokens(text, p.start, p.end) for p in preds]
        gtoks = [
            set().union(*[_tokens(text, a, b) for a, b in g.get("content_spans") or []])
            or _tokens(text, g["start"], g["end"])
            for g in gold[name]
        ]
        n_gold += len(gtoks)
        n_pred += len(preds)
        for p, pt in zip(preds, ptoks, strict=True):
            if not any(_iou(pt, gt) >= 0.5 for gt in gtoks):
                wrong += 1
                misses.append(
                    {
                        "article": name,
                        "text": p.text[:80],
                        "gold": None,
                        "pred": p.speaker,
                        "state": "wrong",
                    }
                )
        for g, gt in zip(gold[name], gtoks, strict=True):
            iou, i = max(((_iou(pt, gt), i) for i, pt in enumerate(ptoks)), default=(0.0, -1))
            speaker = resolve(preds[i].speaker) if iou >= 0.5 else None
            found += iou >= 0.5
            right += iou >= 0.5 and speaker == g.get("speaker")
            if iou < 0.5 or speaker != g.get("speaker"):
                misses.append(
                    {
                        "article": name,
                        "text": g.get("text", "")[:80],
                        "gold": g.get("speaker"),
                        "pred": speaker,
                        "state": "misattributed" if iou >= 0.5 else "missed",
                    }
                )
    return {
        "gold": n_gold,
        "pred": n_pred,
        "recall": found / n_gold if n_gold else 0.0,
        "speaker_accuracy": right / found if found else 0.0,
        "wrong_share": wrong / n_pred if n_pred else 0.0,
        "misses": misses,
    }
