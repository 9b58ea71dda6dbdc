"""The ``quotewise extract`` and ``quotewise stance`` contracts, run as real commands."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from ml.paths import SEEDS_DIR, shared_dir

QUOTEWISE = [sys.executable, "-m", "service.cli"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*QUOTEWISE, *args], capture_output=True, text=True, timeout=600)


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seed_rows() -> list[dict]:
    rows = []
    for p in sorted((SEEDS_DIR / "articles").glob("*.txt")):
        with p.open(encoding="utf-8", newline="") as fh:
            rows.append({"id": p.stem, "text": fh.read(), "ignored": 1})
    return rows


@pytest.fixture(scope="module")
def extracted(seed_rows, tmp_path_factory) -> list[dict]:
    d = tmp_path_factory.mktemp("extract")
    proc = run(
        "extract",
        "--input",
        str(write_jsonl(d / "in.jsonl", seed_rows)),
        "--output",
        str(d / "out.jsonl"),
    )
    assert proc.returncode == 0, proc.stderr
    assert "extract" in proc.stderr  # the progress bar
    return [json.loads(line) for line in (d / "out.jsonl").read_text(encoding="utf-8").splitlines()]


def test_extract_output_follows_the_contract(seed_rows, extracted):
    assert [r["id"] for r in extracted] == [r["id"] for r in seed_rows]
    texts = {r["id"]: r["text"] for r in seed_rows}
    speakers = set()
    for row in extracted:
        assert set(row) == {"id", "quotes"}
        text = texts[row["id"]]
        for q in row["quotes"]:
            assert {
                "start",
                "end",
                "text",
                "type",
                "speaker",
                "speaker_mention",
                "cue",
                "stance",
            } <= set(q)
            assert text[q["start"] : q["end"]] == q["text"]
            assert q["type"] in {"direct", "indirect", "mixed"}
            for span in (q["speaker_mention"], q["cue"]):
                assert span is None or 0 <= span["start"] < span["end"] <= len(text)
            for a, b in q.get("content_spans", []):
                assert q["start"] <= a < b <= q["end"]
            probs = q["stance"]["probabilities"]
            assert set(probs) == {"favor", "against", "neutral"}
            assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-4)
            assert q["stance"]["label"] == max(probs, key=probs.get)
            speakers.add(q["speaker"])
    assert {"Sergey Lavrov", "Antony Blinken", "Malek Dudakov", "Alan Kafruni"} <= speakers


def test_extract_no_stance_omits_stance(seed_rows, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = run(
        "extract",
        "--input",
        str(write_jsonl(tmp_path / "in.jsonl", seed_rows[:1])),
        "--output",
        str(out),
        "--no-stance",
    )
    assert proc.returncode == 0, proc.stderr
    quotes = json.loads(out.read_text(encoding="utf-8"))["quotes"]
    assert quotes and all("stance" not in q for q in quotes)


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": "x"}', "'text' must be string"),
        ("[1]", "JSON object"),
    ],
)
def test_malformed_line_is_named_and_nothing_is_written(tmp_path, bad_line, message):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "Hi."}) + "\n" + bad_line + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    proc = run("extract", "--input", str(src), "--output", str(out))
    assert proc.returncode != 0
    assert f"{src}:2" in proc.stderr and message in proc.stderr
    assert not out.exists() and not list(tmp_path.glob(".out.jsonl*"))


def test_stance_contract_and_target_parameter(tmp_path):
    rows = [
        {
            "id": 1,
            "text": "\u201cWe welcome the talks and expect real progress next week,\u201d "
            "the minister said.",
        },
        {
            "id": "b",
            "text": "The talks are a waste of time; Washington is blocking any deal.",
            "speaker": "Sergey Lavrov",
            "target": "the Geneva talks",
        },
        {"id": "c", "text": "The delegations will meet on Friday in Geneva.", "context": None},
    ]
    out = tmp_path / "out.jsonl"
    proc = run(
        "stance",
        "--input",
        str(write_jsonl(tmp_path / "in.jsonl", rows)),
        "--output",
        str(out),
        "--target",
        "the Russia–US security negotiations",
    )
    assert proc.returncode == 0, proc.stderr
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == [1, "b", "c"]
    assert [g["target"] for g in got] == [
        "the Russia–US security negotiations",
        "the Geneva talks",
        "the Russia–US security negotiations",
    ]
    for g in got:
        assert set(g) == {"id", "target", "stance", "model"} and g["model"].startswith("stance")
        assert math.isclose(sum(g["stance"]["probabilities"].values()), 1.0, abs_tol=1e-4)
    assert [g["stance"]["label"] for g in got] == ["favor", "against", "neutral"]


def test_a_lines_stance_does_not_depend_on_the_other_lines_or_the_batch_size(tmp_path):
    from ml.stance import dataset

    items = [e.item for e in dataset.seed_quotes()]  # real quotes with speaker and context
    rows = [
        {"id": i, "text": it.text, "speaker": it.speaker, "context": it.context}
        for i, it in enumerate(items)
    ]
    outputs = []
    for name, lines, size in [("all", rows, "64"), ("one", rows[:1], "64"), ("small", rows, "1")]:
        src = write_jsonl(tmp_path / f"{name}.jsonl", lines)
        out = tmp_path / f"{name}.out.jsonl"
        proc = run("stance", "--input", str(src), "--output", str(out), "--batch-size", size)
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_text(encoding="utf-8").splitlines())
    together, alone, in_ones = outputs
    assert in_ones == together and alone == together[:1]


def test_stance_rejects_bad_types(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "ok", "target": 5}])
    proc = run("stance", "--input", str(src), "--output", str(tmp_path / "o.jsonl"))
    assert proc.returncode != 0 and "'target' must be string or null" in proc.stderr


def test_eval_seeds_prints_the_seed_table() -> None:
    proc = run("eval", "seeds", "--misses")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    gold, pred, recall, speakers, wrong = (c.strip() for c in lines[2].strip("|").split("|"))
    assert gold == "84" and int(pred) > 0
    assert all(c.endswith("%") for c in (recall, speakers, wrong))
    assert any(line.startswith(("missed:", "misattributed:", "wrong:")) for line in lines[3:])


@pytest.mark.skipif(
    not (shared_dir() / "polnear" / "dev").exists(), reason="shared/polnear is absent"
)
def test_average_extractor_saves_the_mean_of_the_weights(tmp_path):
    """`quotewise average-extractor A B` (how the shipped tagger is built) averages weights."""
    import torch

    from ml.extraction import DEFAULT_ARTIFACT
    from ml.extraction.model import load_artifact, save_artifact

    model, tokenizer = load_artifact(DEFAULT_ARTIFACT, "fp32")
    head = model.state_dict()["head.weight"].clone()
    with torch.no_grad():
        for p in model.parameters():
            p.mul_(0.5)
    save_artifact(model, tokenizer, tmp_path / "half", {"layers": 5})
    proc = run(
        "average-extractor",
        str(DEFAULT_ARTIFACT),
        str(tmp_path / "half"),
        "--out",
        str(tmp_path / "mean"),
    )
    assert proc.returncode == 0, proc.stderr
    mean, _ = load_artifact(tmp_path / "mean", "fp32")
    assert torch.allclose(mean.state_dict()["head.weight"], 0.75 * head, atol=1e-3)
    meta = json.loads((tmp_path / "mean" / "meta.json").read_text(encoding="utf-8"))
    assert len(meta["average_of"]) == 2 and 0 < meta["dev"]["mean"] < 1


@pytest.mark.skipif(not (shared_dir() / "polnear").exists(), reason="shared/polnear is absent")
def test_calibrate_stance_refits_the_shipped_temperature(tmp_path):
    """The shipped temperature is the one `quotewise calibrate-stance` fits to today's inference
    (within the rounding of another CPU's int8 kernels)."""
    import shutil

    from ml.stance.model import ARTIFACT_DIR

    model_dir = shutil.copytree(ARTIFACT_DIR, tmp_path / "stance")
    meta_path = model_dir / "stance.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta_path.write_text(json.dumps(meta | {"temperature": 1.0}), encoding="utf-8")
    proc = run("calibrate-stance", "--model", str(model_dir))
    assert proc.returncode == 0, proc.stderr
    shipped = json.loads((ARTIFACT_DIR / "training.json").read_text(encoding="utf-8"))
    refit = json.loads((model_dir / "training.json").read_text(encoding="utf-8"))
    assert refit["version"] == shipped["version"] == json.loads(proc.stdout)["version"]
    temperature = json.loads(meta_path.read_text(encoding="utf-8"))["temperature"]
    assert temperature == refit["calibration"]["temperature"]
    assert temperature == pytest.approx(meta["temperature"], abs=0.05)
    assert refit["calibration"]["nll_after"] == pytest.approx(
        shipped["calibration"]["nll_after"], abs=0.01
    )
