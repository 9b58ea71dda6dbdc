"""The stance data: IBM claim stance, VAST dev, hand-labeled news quotes and written examples.

Every split is deterministic: IBM validation topics, VAST validation targets and the news
train / calibration / test articles are chosen by SHA-256 buckets of the topic, target or
article id.  The five seed articles never enter any split.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ml.data.polnear import load_split
from ml.paths import REPO_ROOT, SEEDS_DIR, shared_dir
from ml.pipeline import paragraph_context
from ml.types import STANCE_LABELS, StanceInput

DATA_DIR = Path(__file__).resolve().parent / "data"
LABELS_DIR = DATA_DIR / "labels"
WRITTEN_GLOB = "written_talks*.jsonl"  # written_talks.jsonl (round 1), written_talks_round2.jsonl
SEED_QUOTES_PATH = REPO_ROOT / "tests" / "data" / "seed_quotes.jsonl"
NEWS_SPLIT = {"train": 60, "calibration": 75, "test": 100}  # cumulative percent of articles
IBM_VAL_PERCENT = 20  # of the IBM train topics
VAST_VAL_PERCENT = 30  # of the VAST dev targets


@dataclass(frozen=True)
class Example:
    """One labeled stance example and where it comes from."""

    id: str
    source: str  # ibm | vast | news | written | seed
    item: StanceInput
    label: str
    group: str  # the unit of splitting: topic, target or article


def bucket(key: str) -> int:
    """A stable percentile in ``[0, 100)`` of ``key``."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _read(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@cache
def _seed_texts() -> tuple[str, ...]:
    return tuple(_norm(p.read_text(encoding="utf-8")) for p in sorted(SEEDS_DIR.glob("*/*.txt")))


def in_seeds(text: str) -> bool:
    """Whether ``text`` (at least 30 characters of it) occurs in one of the seed articles."""
    t = _norm(text)
    return len(t) >= 30 and any(t in s for s in _seed_texts())


def ibm(split: str) -> list[Example]:
    """IBM claim stance: ``train`` (minus validation topics), ``val`` (held-out train topics),
    or ``test``; pairs (motion, claim) -> label."""
    rows = _read(shared_dir() / "stance" / "ibm_claim_stance.jsonl")
    out = []
    for r in rows:
        is_val = r["split"] == "train" and bucket(f"ibm:{r['topic_id']}") < IBM_VAL_PERCENT
        part = "test" if r["split"] == "test" else ("val" if is_val else "train")
        if part == split:
            item = StanceInput(text=r["claim"], target=r["topic"])
            out.append(
                Example(
                    f"ibm-{r['claim_id']}-{r['topic_id']}",
                    "ibm",
                    item,
                    r["label"],
                    str(r["topic_id"]),
                )
            )
    return out


def vast(split: str) -> list[Example]:
    """VAST dev split by target into ``train`` and ``val``."""
    out = []
    for r in _read(shared_dir() / "stance" / "vast_dev.jsonl"):
        part = "val" if bucket(f"vast:{r['target']}") < VAST_VAL_PERCENT else "train"
        if part == split:
            item = StanceInput(text=r["text"], target=r["target"])
            out.append(Example(r["id"], "vast", item, r["label"], r["target"]))
    return out


@cache
def _polnear_texts() -> dict[str, str]:
    return {a.id: a.text for split in ("train", "dev") for a in load_split(split)}


def _in_rounds(row: dict, data_round: int | None) -> bool:
    """Whether a labeled or written row belongs to data rounds 1…``data_round`` (None: all)."""
    return data_round is None or row.get("round", 1) <= data_round


def news_rows(data_round: int | None = None) -> list[dict]:
    """Labeled news quotes of rounds up to ``data_round`` (None: all; first occurrence of each
    id), skips and unknown labels dropped."""
    seen: set[str] = set()
    rows = []
    for path in sorted(LABELS_DIR.glob("news_part*.jsonl")):
        for r in _read(path):
            if not _in_rounds(r, data_round):
                continue
            if r.get("label") in STANCE_LABELS and r.get("target") and r["id"] not in seen:
                seen.add(r["id"])
                rows.append(r)
    return rows


def news_part(article: str) -> str:
    """The news split (train, calibration or test) of an article."""
    b = bucket(f"news:{article}")
    return next(name for name, upper in NEWS_SPLIT.items() if b < upper)


def news_context(row: dict) -> str | None:
    """The paragraph around a PolNeAR quote (``article``, ``start``, ``end``), if the article
    is at hand."""
    text = _polnear_texts().get(row["article"])
    return paragraph_context(text, row["start"], row["end"]) if text else None


def news(split: str, data_round: int | None = None) -> list[Example]:
    """Hand-labeled PolNeAR quotes of one split (rounds up to ``data_round``; None: all), with
    the paragraph around each as context."""
    out = []
    for r in news_rows(data_round):
        if news_part(r["article"]) != split:
            continue
        item = StanceInput(r["quote"], r["target"], r.get("speaker") or None, news_context(r))
        out.append(Example(r["id"], "news", item, r["label"], r["article"]))
    return out


def written(data_round: int | None = None) -> list[Example]:
    """Team-written in-domain examples (training only) of rounds up to ``data_round`` (None:
    all); any text found in a seed is dropped."""
    rows = [r for path in sorted(DATA_DIR.glob(WRITTEN_GLOB)) for r in _read(path)]
    out = []
    for i, r in enumerate(rows):
        if not _in_rounds(r, data_round):
            continue
        text = r.get("text") or r.get("quote")
        if r.get("label") not in STANCE_LABELS or not text or not r.get("target"):
            continue
        if in_seeds(text):
            continue
        item = StanceInput(text, r["target"], r.get("speaker") or None, r.get("context") or None)
        out.append(
            Example(str(r.get("id", f"written-{i}")), "written", item, r["label"], f"written-{i}")
        )
    return out


def seed_quotes() -> list[Example]:
    """The hand-labeled seed quotes (evaluation only), with their paragraph as context."""
    if not SEED_QUOTES_PATH.exists():
        return []
    out = []
    for i, r in enumerate(_read(SEED_QUOTES_PATH)):
        label = r.get("stance") or r.get("label")
        if label not in STANCE_LABELS:
            continue
        name = r["article"] if r["article"].endswith(".txt") else f"{r['article']}.txt"
        path = SEEDS_DIR / "articles" / name
        context = None
        if path.exists():
            context = paragraph_context(path.read_text(encoding="utf-8"), r["start"], r["end"])
        target = r.get("target") or "the Russia–US security negotiations"
        item = StanceInput(r["text"], target, r.get("speaker") or None, context)
        out.append(Example(str(r.get("id", f"seed-{i}")), "seed", item, label, r["article"]))
    return out


def training_set(data_round: int | None = None) -> list[Example]:
    """Everything the model is fitted on (news and written examples of rounds up to
    ``data_round``; None: all)."""
    return ibm("train") + vast("train") + news("train", data_round) + written(data_round)


def source_hashes() -> dict[str, str]:
    """SHA-256 of every data file the splits read."""
    paths: Iterable[Path] = [
        shared_dir() / "stance" / "ibm_claim_stance.jsonl",
        shared_dir() / "stance" / "vast_dev.jsonl",
        *sorted(LABELS_DIR.glob("news_part*.jsonl")),
        *sorted(DATA_DIR.glob(WRITTEN_GLOB)),
    ]
    return {
        str(
            p.relative_to(REPO_ROOT)
            if p.is_relative_to(REPO_ROOT)
            else f"shared/{p.parent.name}/{p.name}"
        ): file_sha256(p)
        for p in paths
        if p.exists()
    }
