"""The distillation transfer set: unlabeled PolNeAR attributions of the stance-train articles,
each paired with the target of the nearest hand-labeled quote of its article.

The teacher labels them (``python -m ml.stance.teacher``) and the student learns from its
logits (``quotewise train-stance --distill … --transfer …``).  The committed file holds only
ids and targets; the quote, speaker and paragraph are read from ``../shared/polnear``::

    python -m ml.stance.transfer        # -> ml/stance/data/transfer_set.jsonl
"""

from __future__ import annotations

from pathlib import Path

import click

from ml.jsonl import read_jsonl, write_jsonl_atomic
from ml.stance import dataset
from ml.stance.dataset import Example
from ml.stance.sample_news import candidates
from ml.types import StanceInput

TRANSFER_FILE = dataset.DATA_DIR / "transfer_set.jsonl"


def build() -> list[dict]:
    """``{"id", "target"}`` for every candidate attribution of a stance-train article that no
    labeling round holds, its target that of the labeled quote nearest to it; sorted by id."""
    seen = {
        r["id"]
        for path in sorted(dataset.LABELS_DIR.glob("news_part*.jsonl"))
        for r in read_jsonl(path, {"id": (str,)})
    }
    labeled: dict[str, list[dict]] = {}
    for r in dataset.news_rows():
        labeled.setdefault(r["article"], []).append(r)
    rows = []
    for c in candidates():
        near = labeled.get(c["article"])
        if c["id"] in seen or not near or dataset.news_part(c["article"]) != "train":
            continue
        nearest = min(near, key=lambda r: (abs(r["start"] - c["start"]), r["id"]))
        rows.append({"id": c["id"], "target": nearest["target"]})
    return sorted(rows, key=lambda r: r["id"])


def examples(path: Path, labels: dict[str, str] | None = None) -> list[Example]:
    """The transfer set at ``path`` as examples, each labeled ``labels[id]`` (the teacher's
    choice; unlabeled, "", without ``labels``); quote, speaker and paragraph from PolNeAR."""
    found = {c["id"]: c for c in candidates()}
    out = []
    for r in read_jsonl(path, {"id": (str,), "target": (str,)}):
        label = "" if labels is None else labels.get(r["id"])
        if label is None:
            raise SystemExit(f"{path}: the teacher's logits lack {r['id']}")
        c = found[r["id"]]
        item = StanceInput(c["quote"], r["target"], c["speaker"], dataset.news_context(c))
        out.append(Example(r["id"], "transfer", item, label, c["article"]))
    return out


@click.command()
@click.option("--out", type=click.Path(path_type=Path), default=TRANSFER_FILE, show_default=True)
def main(out: Path) -> None:
    """Write the transfer set (ids and targets) for the teacher and the student."""
    rows = build()
    write_jsonl_atomic(out, rows)
    click.echo(f"{len(rows)} attributions -> {out}")


if __name__ == "__main__":
    main()
