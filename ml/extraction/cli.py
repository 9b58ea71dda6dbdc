"""Click commands of the extractor; the lead attaches them to the ``quotewise`` group."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ml.extraction.train import main as train_command

__all__ = ["eval_polnear", "train_command"]


@click.command("polnear")
@click.option("--split", type=click.Choice(["dev", "train"]), default="dev", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="write the predictions JSONL (score.py format) here",
)
@click.option(
    "--json-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="write the full results JSON here",
)
def eval_polnear(split: str, output: Path | None, json_out: Path | None) -> None:
    """Score the extractor on a PolNeAR split (metrics of shared/eval/score.py)."""
    from ml.extraction import Extractor
    from ml.extraction.evaluate import evaluate_polnear, format_tables

    extractor = Extractor.load()
    results = evaluate_polnear(extractor, split, output)
    click.echo(f"{extractor.version} on PolNeAR {split}")
    click.echo(format_tables(results))
    if json_out:
        json_out.write_text(json.dumps(results, indent=1))
