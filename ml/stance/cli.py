"""Click commands of the stance model: ``train-stance``, ``calibrate-stance`` and ``stance``
(the evaluation).

The lead's ``quotewise`` group attaches them (``quotewise train-stance``,
``quotewise calibrate-stance``, ``quotewise eval stance``); ``python -m ml.stance.train`` /
``python -m ml.stance.evaluate`` run them directly.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import click

from ml import precision
from ml.stance.model import ARTIFACT_DIR
from ml.stance.train import Hyper


def _hyper_options(fn):
    for f in reversed(fields(Hyper)):
        default = getattr(Hyper(), f.name)
        fn = click.option(
            f"--{f.name.replace('_', '-')}", type=type(default), default=default, show_default=True
        )(fn)
    return fn


@click.command("train-stance")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=ARTIFACT_DIR,
    show_default=True,
    help="Artifact folder (replaced).",
)
@_hyper_options
def train_stance(out: Path, **hyper: float) -> None:
    """Fine-tune and calibrate the stance cross-encoder; write the artifact."""
    from ml.stance.train import run

    record = run(Hyper(**hyper), out)  # type: ignore[arg-type]
    click.echo(
        json.dumps(
            {k: record[k] for k in ("version", "train_seconds", "calibration", "validation")},
            indent=1,
        )
    )
    click.echo(f"hyperparameters: {asdict(Hyper(**hyper))}")  # type: ignore[arg-type]


@click.command("calibrate-stance")
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=ARTIFACT_DIR,
    show_default=True,
    help="Artifact folder (updated in place).",
)
def calibrate_stance(model_path: Path) -> None:
    """Refit a trained model's temperature with the current inference; update its records."""
    from ml.stance.train import recalibrate

    record = recalibrate(model_path)
    keys = ("version", "calibration", "validation")
    click.echo(json.dumps({k: record[k] for k in keys}, indent=1))


@click.command("stance")
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Artifact folder (default: the shipped model).",
)
@click.option(
    "--variant",
    type=click.Choice(precision.VARIANTS),
    default=precision.DEFAULT,
    show_default=True,
    help="Numeric precision of the model.",
)
@click.option("--no-baselines", is_flag=True, help="Skip the majority and embedding+LR rows.")
@click.option(
    "--json",
    "json_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Write every figure as JSON here.",
)
@click.option(
    "--pred-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the model's gold/pred JSONL per set (score_stance.py format) here.",
)
def stance(
    model_path: Path | None,
    variant: str,
    no_baselines: bool,
    json_path: Path | None,
    pred_dir: Path | None,
) -> None:
    """Evaluate stance: news test, VAST held-out targets, IBM test, seed quotes."""
    from ml.stance.evaluate import evaluate, table

    results = evaluate(model_path, variant, not no_baselines, pred_dir)
    click.echo(table(results))
    if json_path:
        json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
