"""The shipped stance model, on real weights: calibration, labels, conditioning, scoring,
precisions."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import torch

from ml.paths import shared_dir
from ml.pipeline import DEFAULT_TARGET
from ml.precision import VARIANTS
from ml.stance import StanceModel
from ml.stance.evaluate import score_predictions, write_scorer_files
from ml.types import STANCE_LABELS, StanceInput

SCORER = shared_dir() / "eval" / "score_stance.py"
CLEAR = {
    "favor": "We welcome these talks. They are constructive, and I am confident that an "
    "agreement on security guarantees is within reach.",
    "against": "These negotiations are a waste of time. Washington has rejected every proposal "
    "and is blocking any agreement, so the talks will fail.",
    "neutral": "The delegations will meet in Geneva on Monday, and the talks are scheduled to "
    "last one day, the ministry said.",
}


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def test_version(model: StanceModel) -> None:
    assert model.version.startswith("stance-1.3+") and len(model.version.split("+")[1]) == 8


def test_probabilities_are_calibrated_distributions(model: StanceModel) -> None:
    items = [StanceInput(t, DEFAULT_TARGET, "A spokesman") for t in CLEAR.values()]
    for pred in model.predict(items, batch_size=2):
        assert set(pred.probabilities) == set(STANCE_LABELS)
        assert sum(pred.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert pred.label == max(pred.probabilities, key=pred.probabilities.__getitem__)
        assert pred.score == pred.probabilities[pred.label]


@pytest.mark.parametrize("label", STANCE_LABELS)
def test_clear_examples(model: StanceModel, label: str) -> None:
    [pred] = model.predict([StanceInput(CLEAR[label], DEFAULT_TARGET, "Sergei Ryabkov")])
    assert pred.label == label


@pytest.mark.parametrize("variant", VARIANTS)
def test_clear_examples_in_each_precision(variant: str) -> None:
    engine = torch.backends.quantized.engine
    model = StanceModel.open(None, variant)
    assert torch.backends.quantized.engine == engine  # packing for oneDNN leaves it as it was
    preds = model.predict(
        [StanceInput(text, DEFAULT_TARGET, "Sergei Ryabkov") for text in CLEAR.values()]
    )
    assert [p.label for p in preds] == list(CLEAR)
    for p in preds:
        assert sum(p.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    suffix = "" if variant == "int8" else f".{variant}"
    assert model.version.startswith("stance-1.3+") and model.version.endswith(suffix)
    assert len(model.version.removesuffix(suffix).split("+")[1]) == 8


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_quotes_scores_do_not_depend_on_its_batch(variant: str) -> None:
    # int8 quantises activations dynamically: with one scale per batch, 39 of the 457 held-out
    # news quotes changed label with the quotes batched beside them (docs/evaluation.md)
    from ml.stance import dataset

    model = StanceModel.load() if variant == "int8" else StanceModel.open(None, variant)
    items = [e.item for e in dataset.seed_quotes()]  # real quotes with their context
    together = model.predict(items)
    reversed_in_fives = model.predict(items[::-1], batch_size=5)[::-1]
    alone = [model.predict([item])[0] for item in items[:24]]
    for batched, other in [(together, reversed_in_fives), (together[:24], alone)]:
        for a, b in zip(batched, other, strict=True):
            assert a.label == b.label
            assert a.probabilities == pytest.approx(b.probabilities, abs=1e-6)


def test_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown precision 'fp8'"):
        StanceModel.open(None, "fp8")


def test_target_conditioning_changes_output(model: StanceModel) -> None:
    # The quote supports its own target more than an unrelated one.  (That the unrelated
    # target gets another label is not reached yet, and 1.2 separates the two less than 1.1
    # did: favor 0.70 vs 0.66, 1.1 0.66 vs 0.50; docs/models/stance.md, Limits.)
    text = "Nuclear power is clean, safe and reliable, and we should build more reactors."
    on, off = model.predict(
        [StanceInput(text, "nuclear power"), StanceInput(text, "banning plastic bags")]
    )
    assert on.label == "favor"
    assert on.probabilities["favor"] > off.probabilities["favor"] + 0.03


def test_empty_batch(model: StanceModel) -> None:
    assert model.predict([]) == []


@pytest.mark.parametrize(
    ("items", "error"),
    [
        ([StanceInput("", DEFAULT_TARGET)], ValueError),
        ([StanceInput("A quote.", "  ")], ValueError),
        ([StanceInput("A quote.", None)], ValueError),  # type: ignore[arg-type]
        ([StanceInput("A quote.", DEFAULT_TARGET, speaker=3)], ValueError),  # type: ignore[arg-type]
        (["just a string"], TypeError),
        (StanceInput("A quote.", DEFAULT_TARGET), TypeError),
    ],
)
def test_malformed_inputs_raise(model: StanceModel, items, error) -> None:
    with pytest.raises(error, match=r"StanceInput|string|sequence"):
        model.predict(items)


def test_bad_batch_size(model: StanceModel) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        model.predict([StanceInput("A quote.", DEFAULT_TARGET)], batch_size=0)


@pytest.mark.skipif(not SCORER.exists(), reason="shared/eval/score_stance.py is absent")
def test_evaluator_equals_shared_scorer(model: StanceModel, tmp_path) -> None:
    from ml.stance import dataset

    examples = dataset.vast("val")[:60] + dataset.ibm("test")[:20]
    preds = model.predict([e.item for e in examples])
    ours = score_predictions(examples, preds)
    gold, pred, out = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", tmp_path / "out.json"
    write_scorer_files(examples, preds, gold, pred)
    cmd = [
        sys.executable,
        str(SCORER),
        "--gold",
        str(gold),
        "--pred",
        str(pred),
        "--json",
        str(out),
    ]
    subprocess.run(cmd, check=True, capture_output=True)
    ref = json.loads(out.read_text())
    assert ours["macro_f1"] == ref["macro_f1"]
    assert ours["accuracy"] == ref["accuracy"]
    assert ours["ece"] == ref["ece"]
    assert {k: v["f1"] for k, v in ours["labels"].items()} == ref["f1"]


def _macro_f1(model: StanceModel, examples) -> float:
    return score_predictions(examples, model.predict([e.item for e in examples]))["macro_f1"]


def test_seed_quotes_agreement_floor(model: StanceModel) -> None:
    from ml.stance import dataset

    # regression floor at the measured level (docs/evaluation.md: 0.481); never trained on
    assert _macro_f1(model, dataset.seed_quotes()) >= 0.44


@pytest.mark.skipif(not (shared_dir() / "polnear").exists(), reason="shared/polnear is absent")
def test_held_out_news_floor(model: StanceModel) -> None:
    from ml.stance import dataset

    # regression floor at the measured level (docs/evaluation.md: 0.610 on 457); target 0.80
    assert _macro_f1(model, dataset.news("test")) >= 0.57


def _seven_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 7]) for i in range(len(words) - 6)}


def test_written_examples_share_no_seven_words_with_the_seeds() -> None:
    from ml.stance import dataset

    seeds = set().union(
        *(_seven_grams(p.read_text(encoding="utf-8")) for p in dataset.SEEDS_DIR.glob("*/*.txt"))
    )
    written = dataset.written()
    assert len(written) >= 320 and seeds
    assert not [e.id for e in written if _seven_grams(e.item.text) & seeds]


@pytest.mark.skipif(not (shared_dir() / "polnear").exists(), reason="shared/polnear is absent")
def test_shipped_model_was_trained_on_the_committed_data() -> None:
    from collections import Counter
    from dataclasses import asdict

    from ml.paths import ARTIFACTS_DIR, REPO_ROOT
    from ml.stance import dataset, transfer
    from ml.stance.train import Hyper

    record = json.loads((ARTIFACTS_DIR / "stance" / "training.json").read_text(encoding="utf-8"))
    hyper = record["hyperparameters"]
    assert hyper == asdict(Hyper()), "quotewise train-stance (the defaults) rebuilds this model"
    counts = Counter(e.source for e in dataset.training_set(hyper.get("data_round", 1)))
    if hyper.get("transfer"):
        counts["transfer"] = len(transfer.examples(REPO_ROOT / hyper["transfer"]))
    assert dict(counts) == record["counts"]["train"]
    for name, digest in record["data_sha256"].items():
        path = REPO_ROOT / name if not name.startswith("shared/") else shared_dir() / name[7:]
        assert dataset.file_sha256(path) == digest, name


def test_distillation_loss_pulls_the_student_toward_the_teacher() -> None:
    import torch

    from ml.stance.train import Hyper, kd_loss

    teacher = torch.tensor([[2.0, -1.0, 0.0], [0.0, 0.5, 3.0]])
    assert kd_loss(teacher.clone(), teacher, Hyper()).item() == pytest.approx(0.0, abs=1e-6)
    student = torch.zeros(2, 3, requires_grad=True)
    kd_loss(student, teacher, Hyper()).backward()
    # a gradient step raises each row's logit of the teacher's favourite label the most
    assert (-student.grad).argmax(dim=-1).tolist() == teacher.argmax(dim=-1).tolist()


@pytest.mark.skipif(not (shared_dir() / "polnear").exists(), reason="shared/polnear is absent")
def test_committed_teacher_logits_cover_the_training_and_transfer_sets() -> None:
    from ml.stance import dataset, transfer
    from ml.stance.teacher import LOGITS_FILE, read_logits

    logits = read_logits(LOGITS_FILE)
    taught = dataset.training_set(2) + transfer.examples(transfer.TRANSFER_FILE)
    assert logits.keys() == {e.id for e in taught}
    assert all(v.shape == (len(STANCE_LABELS),) for v in logits.values())


def test_a_transfer_set_needs_the_teachers_logits() -> None:
    from ml.stance.train import Hyper, transfer_set

    assert transfer_set(Hyper(transfer=""), None) == []
    with pytest.raises(SystemExit, match="--distill"):
        transfer_set(Hyper(distill=""), None)


@pytest.mark.skipif(not (shared_dir() / "polnear").exists(), reason="shared/polnear is absent")
def test_transfer_set_is_unlabeled_quotes_of_training_articles_toward_a_nearby_target() -> None:
    from ml.stance import dataset, transfer

    committed = transfer.examples(transfer.TRANSFER_FILE)
    assert [(e.id, e.item.target) for e in committed] == [
        (r["id"], r["target"]) for r in transfer.build()
    ]
    labeled = dataset.news_rows()
    targets = {(r["article"], r["target"]) for r in labeled}
    assert len(committed) > 6000
    assert not {e.id for e in committed} & {r["id"] for r in labeled}
    assert {dataset.news_part(e.group) for e in committed} == {"train"}
    assert all((e.group, e.item.target) in targets for e in committed)
    assert all(e.item.context and e.item.text for e in committed)
