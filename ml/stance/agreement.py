"""Inter-annotator agreement on the hand-labeled news quotes.

A second annotator, blind to the first labels, labels a random sample of 150 first-pass
items toward the same targets; Cohen's kappa measures agreement (of the two passes as they
were made).  Each disagreement was then settled by a third reading, and the settled label
replaced the first-pass label in ``news_part1.jsonl`` (its note starts "adjudicated").

    python -m ml.stance.agreement sample --out .work/stance_second_pass.jsonl
    python -m ml.stance.agreement kappa
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from ml.stance.sample_news import candidates

DATA_DIR = Path(__file__).resolve().parent / "data"
FIRST_PASS = DATA_DIR / "labels" / "news_part1.jsonl"
SECOND_PASS = DATA_DIR / "labels_second_pass.jsonl"
SAMPLE_SIZE = 150
SEED = 7


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sample(out: Path) -> None:
    """Write the second annotator's items: first-pass targets and contexts, no labels."""
    rows = [r for r in _read(FIRST_PASS) if r["label"] != "skip"]
    picked = sorted(random.Random(SEED).sample(range(len(rows)), SAMPLE_SIZE))
    context = {c["id"]: c["context"] for c in candidates()}
    keys = ("id", "article", "start", "end", "quote", "speaker", "target")
    with out.open("w", encoding="utf-8") as fh:
        for i in picked:
            item = {k: rows[i][k] for k in keys} | {"context": context[rows[i]["id"]]}
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")


def kappa() -> None:
    """Print Cohen's kappa, raw agreement and the confusion of the two passes."""
    first = {r["id"]: r.get("first_label", r["label"]) for r in _read(FIRST_PASS)}
    pairs = [(first[r["id"]], r["label"]) for r in _read(SECOND_PASS) if r["label"] != "skip"]
    a, b = zip(*pairs)
    print(
        f"items: {len(pairs)}  raw agreement: {sum(x == y for x, y in pairs) / len(pairs):.3f}"
        f"  Cohen's kappa: {cohen_kappa_score(a, b):.3f}"
    )
    for (x, y), n in sorted(Counter(pairs).items()):
        print(f"  first={x:8} second={y:8} {n}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("sample").add_argument("--out", type=Path, required=True)
    sub.add_parser("kappa")
    args = ap.parse_args()
    sample(args.out) if args.cmd == "sample" else kappa()


if __name__ == "__main__":
    main()
