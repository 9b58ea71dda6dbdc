"""Evaluate the stance model and its baselines on the held-out sets.

Sets: (a) held-out news quotes, (b) held-out VAST targets, (c) IBM test; plus agreement with
the hand labels of the seed quotes.  Figures are those of ``shared/eval/score_stance.py``.

    python -m ml.stance.evaluate [--json OUT.json] [--pred-dir DIR] [--no-baselines]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ml.jsonl import write_jsonl_atomic
from ml.stance import dataset
from ml.stance.dataset import Example
from ml.stance.metrics import score
from ml.types import STANCE_LABELS, StancePrediction

Predictor = Callable[[Sequence[Example]], list[StancePrediction]]


def eval_sets() -> dict[str, list[Example]]:
    """The evaluation sets, by name (empty ones left out)."""
    sets = {
        "news_test": dataset.news("test"),
        "vast_val_targets": dataset.vast("val"),
        "ibm_test": dataset.ibm("test"),
        "seed_quotes": dataset.seed_quotes(),
    }
    return {k: v for k, v in sets.items() if v}


def score_predictions(examples: Sequence[Example], preds: Sequence[StancePrediction]) -> dict:
    """The metrics of ``preds`` against the examples' gold labels."""
    return score([e.label for e in examples], [p.label for p in preds], [p.score for p in preds])


def write_scorer_files(
    examples: Sequence[Example], preds: Sequence[StancePrediction], gold: Path, pred: Path
) -> None:
    """Gold and prediction JSONL in the formats ``score_stance.py`` reads."""
    write_jsonl_atomic(gold, ({"id": e.id, "label": e.label} for e in examples))
    write_jsonl_atomic(
        pred,
        (
            {
                "id": e.id,
                "stance": {"label": p.label, "score": p.score, "probabilities": p.probabilities},
            }
            for e, p in zip(examples, preds)
        ),
    )


def systems(model_path: Path | None, variant: str, baselines: bool) -> dict[str, Predictor]:
    """The model and (optionally) the baselines, each a function of examples."""
    from ml.stance.baselines import EmbeddingLR, Majority
    from ml.stance.model import ARTIFACT_DIR, StanceModel

    model = StanceModel.load(model_path, variant)
    out: dict[str, Predictor] = {}
    if baselines:  # fitted on the data rounds the model was trained on
        training = json.loads((Path(model_path or ARTIFACT_DIR) / "training.json").read_text())
        train = dataset.training_set(training["hyperparameters"].get("data_round", 1))
        out["majority"] = Majority(train).predict
        out["embedding+LR"] = EmbeddingLR(train).predict
    out[model.version] = lambda exs: model.predict([e.item for e in exs])
    return out


def evaluate(
    model_path: Path | None = None,
    variant: str = "int8",
    baselines: bool = True,
    pred_dir: Path | None = None,
) -> dict[str, dict[str, Any]]:
    """Metrics of every system on every set: ``{set: {system: metrics}}``."""
    sets = eval_sets()
    results: dict[str, dict[str, Any]] = {name: {} for name in sets}
    for system, predict in systems(model_path, variant, baselines).items():
        for name, examples in sets.items():
            preds = predict(examples)
            results[name][system] = score_predictions(examples, preds)
            if pred_dir and system.startswith("stance"):
                pred_dir.mkdir(parents=True, exist_ok=True)
                write_scorer_files(
                    examples,
                    preds,
                    pred_dir / f"{name}.gold.jsonl",
                    pred_dir / f"{name}.pred.jsonl",
                )
    return results


def table(results: dict[str, dict[str, Any]]) -> str:
    """A Markdown table of the results, then the confusion matrices of the model."""
    head = (
        "| set | system | n | macro-F1 | acc | ECE | "
        + " | ".join(f"{lab} P/R/F1" for lab in STANCE_LABELS)
        + " |"
    )
    lines = [head, "|" + "---|" * (6 + len(STANCE_LABELS))]
    for name, by_system in results.items():
        for system, m in by_system.items():
            cells = [
                f"{m['labels'][lab]['precision']:.2f}/{m['labels'][lab]['recall']:.2f}/"
                f"{m['labels'][lab]['f1']:.2f}"
                for lab in STANCE_LABELS
            ]
            lines.append(
                f"| {name} | {system} | {m['n']} | {m['macro_f1']:.3f} | "
                f"{m['accuracy']:.3f} | {m['ece']:.3f} | " + " | ".join(cells) + " |"
            )
    for name, by_system in results.items():
        system, m = next((s, v) for s, v in by_system.items() if s.startswith("stance"))
        lines += [
            "",
            f"Confusion, {name}, {system} (rows gold, columns predicted):",
            "",
            "| gold \\ pred | " + " | ".join(STANCE_LABELS) + " |",
            "|" + "---|" * (1 + len(STANCE_LABELS)),
        ]
        lines += [
            f"| {g} | " + " | ".join(str(m["confusion"][g][p]) for p in STANCE_LABELS) + " |"
            for g in STANCE_LABELS
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    from ml.stance.cli import stance

    stance.main(prog_name="python -m ml.stance.evaluate")
