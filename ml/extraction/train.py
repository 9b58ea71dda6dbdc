"""Fine-tune the BIO tagger on PolNeAR train; dev chooses the best epoch.

    quotewise train-extractor [--layers 5] [--epochs 4] [--out ml/artifacts/extractor]

Seeds are fixed; the SHA-256 of the training and dev files, the settings and the dev
scores are written to ``meta.json`` beside the weights.  The shipped artifact is the
average of the weights of two runs of the same recipe, 4 and 6 epochs long (a "model
soup" of one initialisation; docs/evaluation.md):

    quotewise train-extractor --epochs 4 --out A
    quotewise train-extractor --epochs 6 --out B
    quotewise average-extractor A B --out ml/artifacts/extractor
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import time
from pathlib import Path

import click
import numpy as np
import torch

from ml.data.polnear import PolnearArticle, load_split, split_dir
from ml.extraction.model import (
    MAX_LEN,
    ROLES,
    Encoded,
    Tagger,
    base_model_dir,
    batch_tensors,
    encode,
    load_artifact,
    predict_tags,
    save_artifact,
)
from ml.paths import ARTIFACTS_DIR

ARTIFACT_DIR = ARTIFACTS_DIR / "extractor"
SEED = 13


def split_hash(split: str) -> str:
    """SHA-256 over the names and bytes of a split's text and annotation files."""
    h = hashlib.sha256()
    base = split_dir(split)
    for p in sorted(base.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(base)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def gold_tags(art: PolnearArticle, enc: Encoded) -> np.ndarray:
    """Tag ids ``(n, roles)`` (0=O, 1=B, 2=I); outer contents win over nested ones."""
    tags = np.zeros((len(enc.ids), len(ROLES)), np.int64)
    starts = np.array([s for s, _ in enc.offsets] or [0])
    ends = np.array([e for _, e in enc.offsets] or [0])
    for r, role in enumerate(ROLES):
        frags = [f for a in art.attributions for f in getattr(a, role)]
        frags.sort(key=lambda f: f[0] - f[1])
        for a, b in frags:
            idx = np.nonzero((starts < b) & (ends > a))[0]
            if len(idx) == 0 or tags[idx[0], r] != 0:
                continue
            tags[idx, r] = np.where(tags[idx, r] == 0, 2, tags[idx, r])
            tags[idx[0], r] = 1
    return tags


def chunks(tags: np.ndarray) -> set[tuple[int, int]]:
    """``(start, end)`` wordpiece runs of a B/I tag sequence (an I without B opens one)."""
    out, start = set(), None
    for i, t in enumerate([*tags.tolist(), 0]):
        if start is not None and t != 2:
            out.add((start, i))
            start = None
        if t == 1 or (t == 2 and start is None):
            start = i
    return out


def dev_scores(model, tokenizer, arts, encs) -> dict[str, float]:
    """Chunk F1 per role on dev (exact wordpiece runs)."""
    model.eval()
    preds = [p.argmax(-1) for p in predict_tags(model, tokenizer, encs)]
    scores = {}
    for r, role in enumerate(ROLES):
        tp = n_p = n_g = 0
        for art, enc, pred in zip(arts, encs, preds, strict=True):
            g, p = chunks(gold_tags(art, enc)[:, r]), chunks(pred[:, r])
            tp, n_p, n_g = tp + len(g & p), n_p + len(p), n_g + len(g)
        scores[role] = 2 * tp / (n_p + n_g) if n_p + n_g else 0.0
    scores["mean"] = sum(scores[r] for r in ROLES) / len(ROLES)
    return scores


def train(layers: int, epochs: int, lr: float, batch_size: int, out: Path) -> dict:
    """Train, keep the best dev epoch, save the artifact; returns its meta data."""
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    model = Tagger.from_base(layers)
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    train_arts, dev_arts = list(load_split("train")), list(load_split("dev"))
    train_encs, dev_encs = (
        encode(tokenizer, [a.text for a in train_arts]),
        encode(tokenizer, [a.text for a in dev_arts]),
    )
    train_tags = [gold_tags(a, e) for a, e in zip(train_arts, train_encs, strict=True)]
    size = MAX_LEN - 2
    n_windows = sum(-(-len(e.ids) // size) + 1 for e in train_encs)
    total_steps = epochs * -(-n_windows // batch_size)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / (0.06 * total_steps)) * max(0.0, 1 - s / total_steps)
    )
    best, history, t0 = None, [], time.time()
    for epoch in range(epochs):
        model.train()
        shift = random.randrange(size)
        items = []
        for enc, tags in zip(train_encs, train_tags, strict=True):
            cuts = [0, *range(shift % size or size, len(enc.ids), size), len(enc.ids)]
            items += [(enc.ids[a:b], tags[a:b]) for a, b in itertools.pairwise(cuts) if b > a]
        random.shuffle(items)
        for i in range(0, len(items), batch_size):
            part = items[i : i + batch_size]
            ids, mask = batch_tensors(tokenizer, [p[0] for p in part])
            target = torch.full((*ids.shape, len(ROLES)), -100, dtype=torch.long)
            for row, (_, tags) in enumerate(part):
                target[row, 1 : 1 + len(tags)] = torch.from_numpy(tags)
            logits = model(ids, mask)
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=-100
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            if (i // batch_size) % 50 == 0:
                print(
                    f"epoch {epoch} batch {i // batch_size} loss {loss.item():.4f} "
                    f"{time.time() - t0:.0f}s",
                    flush=True,
                )
        scores = dev_scores(model, tokenizer, dev_arts, dev_encs)
        history.append({"epoch": epoch, **scores, "seconds": round(time.time() - t0)})
        print(history[-1], flush=True)
        if best is None or scores["mean"] > best["mean"]:
            best = history[-1]
            state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(state)
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2",
        "layers": layers,
        "epochs": epochs,
        "lr": lr,
        "batch_size": batch_size,
        "seed": SEED,
        "max_len": MAX_LEN,
        "data": {"train_sha256": split_hash("train"), "dev_sha256": split_hash("dev")},
        "history": history,
        "best_epoch": best["epoch"],
        "train_seconds": round(time.time() - t0),
        "torch": torch.__version__,
    }
    save_artifact(model, tokenizer, out, meta)
    return meta


def average(paths: list[Path], out: Path) -> dict:
    """Save the mean of the weights of tagger artifacts of one architecture; returns its meta."""
    models = [load_artifact(p, "fp32") for p in paths]
    states = [m.state_dict() for m, _ in models]
    model, tokenizer = models[0]
    model.load_state_dict({k: sum(s[k] for s in states) / len(states) for k in states[0]})
    metas = [json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in paths]
    dev = list(load_split("dev"))
    meta = {
        "average_of": metas,
        "layers": metas[0]["layers"],
        "max_len": MAX_LEN,
        "dev": dev_scores(model, tokenizer, dev, encode(tokenizer, [a.text for a in dev])),
    }
    save_artifact(model, tokenizer, out, meta)
    return meta


@click.command("train-extractor")
@click.option("--layers", default=5, show_default=True, help="encoder layers kept")
@click.option("--epochs", default=4, show_default=True)
@click.option("--lr", default=2e-4, show_default=True)
@click.option("--batch-size", default=16, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=ARTIFACT_DIR, show_default=True)
def main(layers: int, epochs: int, lr: float, batch_size: int, out: Path) -> None:
    """Train the extraction tagger on PolNeAR and save it as the extractor artifact."""
    torch.set_num_threads(max(1, torch.get_num_threads()))
    meta = train(layers, epochs, lr, batch_size, out)
    click.echo(f"best epoch {meta['best_epoch']}: {meta['history'][meta['best_epoch']]}")


@click.command("average-extractor")
@click.argument("artifacts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=ARTIFACT_DIR, show_default=True)
def average_command(artifacts: tuple[Path, ...], out: Path) -> None:
    """Average the weights of tagger artifacts trained from one start (e.g. 4 and 6 epochs)."""
    if len(artifacts) < 2:
        raise click.UsageError("give at least two artifacts to average")
    meta = average(list(artifacts), out)
    click.echo(f"{out}: mean of {len(meta['average_of'])} taggers; dev chunk F1 {meta['dev']}")


if __name__ == "__main__":
    main()
