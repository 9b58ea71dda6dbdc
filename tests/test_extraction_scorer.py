"""``ml.extraction.scoring`` gives exactly the figures of the shared reference scorer."""

from __future__ import annotations

import importlib.util
import json

import pytest

from ml.data.polnear import load_split
from ml.extraction import Extractor
from ml.extraction.evaluate import gold_docs, predict
from ml.extraction.scoring import score
from ml.paths import shared_dir

REFERENCE = shared_dir() / "eval" / "score.py"
pytestmark = pytest.mark.skipif(
    not REFERENCE.exists() or not (shared_dir() / "polnear" / "dev").exists(),
    reason=f"the shared reference scorer or PolNeAR dev is absent under {shared_dir()}",
)


def reference():
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_same_figures_as_reference_on_predictions():
    docs = gold_docs(list(load_split("dev"))[:30])
    preds = predict(Extractor.load(rules_only=True), docs)
    ours, ours_meta = score(docs, preds)
    theirs, theirs_meta = reference().score(json.loads(json.dumps(docs)), preds)
    assert ours == theirs and ours_meta == theirs_meta


def test_same_figures_as_reference_on_gold_itself():
    ref = reference()
    docs = gold_docs(list(load_split("dev"))[:10])
    preds = ref.gold_as_predictions(docs)
    assert score(docs, preds) == ref.score(docs, preds)
    assert score(docs, preds)[0]["all"]["match"]["f1"] == 1.0


def test_gold_matches_reference_converter(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "gold.jsonl"
    subprocess.run(
        [
            sys.executable,
            str(shared_dir() / "eval" / "polnear_gold.py"),
            str(shared_dir() / "polnear" / "dev"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    ref = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ours = gold_docs(load_split("dev"))
    assert [d["id"] for d in ours] == [d["id"] for d in ref]
    for a, b in zip(ours, ref, strict=True):
        assert a["text"] == b["text"]
        assert [(q["content"], q["source"], q["cue"], q["direct"]) for q in a["quotes"]] == [
            (q["content"], q["source"], q["cue"], q["direct"]) for q in b["quotes"]
        ]
