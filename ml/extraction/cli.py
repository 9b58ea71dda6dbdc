"""Click commands of the extractor; the lead attaches them to the ``quotewise`` group."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ml.extraction.train import average_command
from ml.extraction.train import main as train_command

__all__ = ["average_command", "eval_polnear", "eval_seeds", "train_command"]


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


@click.command("seeds")
@click.option(
    "--misses", is_flag=True, help="also list missed and misattributed quotes, wrong predictions"
)
def eval_seeds(misses: bool) -> None:
    """Recall, speaker accuracy and wrong predictions on the hand-checked seed quotes."""
    from ml.extraction import Extractor
    from ml.extraction.evaluate import evaluate_seeds
    from ml.speakers import SpeakerRegistry

    registry = SpeakerRegistry.load()
    result = evaluate_seeds(Extractor.load(registry=registry), resolve=registry.canonical)
    click.echo("| gold | pred | recall | speaker accuracy | wrong predictions |")
    click.echo("|---:|---:|---:|---:|---:|")
    click.echo(
        f"| {result['gold']} | {result['pred']} | {result['recall']:.1%} "
        f"| {result['speaker_accuracy']:.1%} | {result['wrong_share']:.1%} |"
    )
    for m in result["misses"] if misses else []:
        click.echo(f"{m['state']}: {m['article']} {m['text']!r} gold={m['gold']} pred={m['pred']}")
