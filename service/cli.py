"""The ``quotewise`` command line: serve, extract, stance, rescore, evaluation and training."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from ml.extraction.cli import average_command as average_extractor
from ml.extraction.cli import eval_polnear, eval_seeds
from ml.extraction.cli import train_command as train_extractor
from ml.jsonl import JsonlError, read_jsonl, write_jsonl_atomic
from ml.pipeline import AnnotatedQuote, QuotePipeline, default_target
from ml.stance.cli import calibrate_stance, train_stance
from ml.stance.cli import stance as eval_stance
from ml.types import StanceInput, StancePrediction

_ID = (str, int)
_OPTIONAL_STR = (str, type(None))


@click.group()
def main() -> None:
    """Quotewise: who said what, and where they stand."""


def _read(path: Path, required: dict[str, tuple[type, ...]]) -> list[dict[str, Any]]:
    try:
        return read_jsonl(path, required)
    except JsonlError as exc:
        raise click.ClickException(str(exc)) from exc


def stance_json(pred: StancePrediction) -> dict[str, Any]:
    """The contract's ``stance`` object."""
    return {"label": pred.label, "score": pred.score, "probabilities": pred.probabilities}


def _span_json(span) -> dict[str, int] | None:
    return {"start": span.start, "end": span.end} if span else None


def quote_json(aq: AnnotatedQuote, target: str | None) -> dict[str, Any]:
    """One quote of ``quotewise extract``'s output."""
    q = aq.quote
    row: dict[str, Any] = {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "type": q.type,
        "speaker": aq.speaker_name,
        "speaker_mention": _span_json(q.speaker_mention),
        "cue": _span_json(q.cue),
    }
    if q.content_spans:
        row["content_spans"] = [[s.start, s.end] for s in q.content_spans]
    if target is not None:
        row["stance"] = stance_json(aq.stances[target])
    return row


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Run the API (development server) on the database of QUOTEWISE_DATABASE_URL."""
    from service import create_app

    app = create_app()
    QuotePipeline.shared()
    app.run(host=host, port=port, threaded=True)


@main.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--output", "output_path", required=True, type=click.Path(path_type=Path))
@click.option("--no-stance", is_flag=True, help="Skip stance scoring.")
@click.option("--target", default=None, help="Stance target (default: the service's).")
@click.option("--batch-size", default=16, show_default=True, type=click.IntRange(1))
def extract(
    input_path: Path, output_path: Path, no_stance: bool, target: str | None, batch_size: int
) -> None:
    """Extract attributed quotes from articles: JSONL {id, text} in, {id, quotes} out."""
    rows = _read(input_path, {"id": _ID, "text": (str,)})
    pipeline = QuotePipeline.shared()
    target = None if no_stance else (target or default_target())
    out = []
    with tqdm(
        total=len(rows), desc="extract", unit="article", file=click.get_text_stream("stderr")
    ) as bar:
        for i in range(0, len(rows), batch_size):
            chunk = rows[i : i + batch_size]
            annotated = pipeline.annotate(
                [r["text"] for r in chunk], targets=[target] if target else []
            )
            out += [
                {"id": r["id"], "quotes": [quote_json(aq, target) for aq in quotes]}
                for r, quotes in zip(chunk, annotated)
            ]
            bar.update(len(chunk))
    write_jsonl_atomic(output_path, out)


@main.command()
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--output", "output_path", required=True, type=click.Path(path_type=Path))
@click.option("--target", default=None, help="Target for lines without one.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1))
def stance(input_path: Path, output_path: Path, target: str | None, batch_size: int) -> None:
    """Score stance toward a target: JSONL {id, text, target?, speaker?, context?} in."""
    from ml.stance import StanceModel

    rows = _read(
        input_path,
        {
            "id": _ID,
            "text": (str,),
            "target": _OPTIONAL_STR,
            "speaker": _OPTIONAL_STR,
            "context": _OPTIONAL_STR,
        },
    )
    fallback = target or default_target()
    model = StanceModel.load()
    items = [
        StanceInput(r["text"], r.get("target") or fallback, r.get("speaker"), r.get("context"))
        for r in rows
    ]
    preds: list[StancePrediction] = []
    step = 16 * batch_size  # lines per progress update: enough to batch inputs of one length
    with tqdm(
        total=len(items), desc="stance", unit="quote", file=click.get_text_stream("stderr")
    ) as bar:
        for i in range(0, len(items), step):
            preds += model.predict(items[i : i + step], batch_size=batch_size)
            bar.update(len(items[i : i + step]))
    write_jsonl_atomic(
        output_path,
        (
            {"id": r["id"], "target": it.target, "stance": stance_json(p), "model": model.version}
            for r, it, p in zip(rows, items, preds)
        ),
    )


@main.command()
@click.option("--target", default=None, help="Target to score (default: the service's).")
def rescore(target: str | None) -> None:
    """Re-score every stored quote with the current stance model; old scores are kept."""
    from service import create_app
    from service.rescore import rescore as run_rescore

    app = create_app({"QUOTEWISE_LOAD_SEEDS": False})
    stderr = click.get_text_stream("stderr")
    with app.app_context(), tqdm(desc="rescore", unit="article", file=stderr) as bar:
        n = run_rescore(QuotePipeline.shared(), target or default_target(), bar.update)
    click.echo(f"{n} quotes scored")


@main.group("eval")
def eval_group() -> None:
    """Evaluation tables: extraction on PolNeAR, stance on held-out data."""


eval_group.add_command(eval_polnear)
eval_group.add_command(eval_seeds)
eval_group.add_command(eval_stance)
main.add_command(train_extractor)
main.add_command(average_extractor)
main.add_command(train_stance)
main.add_command(calibrate_stance)


@main.command("init-db")
def init_db() -> None:
    """Migrate the database, synchronise the speaker registry, load the seeds if empty."""
    from service import create_app

    create_app()
    click.echo("database ready")


if __name__ == "__main__":
    main()
