"""Stance throughput on 2 CPU threads: eager fp32 vs the int8 (shipped) and bf16 precisions.

Quotes of the median length of the hand-labeled PolNeAR quotes (with speaker, no context),
toward the default target; median quotes/s of several runs; the same for the held-out news
quotes as the pipeline scores them (with speaker and context); and the macro-F1 of each
variant on the held-out news quotes and VAST targets, with the ECE on the news quotes.

    python bench/bench_stance.py [--runs 5] [--n 512] [--threads 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from ml import precision
from ml.pipeline import DEFAULT_TARGET
from ml.stance import dataset
from ml.stance.evaluate import score_predictions
from ml.stance.model import StanceModel
from ml.types import StanceInput


def median_length_quotes(n: int) -> tuple[int, list[StanceInput]]:
    """The median word count of the labeled quotes and ``n`` quotes of about that length."""
    rows = dataset.news_rows()
    if not rows:
        raise SystemExit("no labeled news quotes under ml/stance/data/labels")
    words = statistics.median_low(len(r["quote"].split()) for r in rows)
    near = [r for r in rows if abs(len(r["quote"].split()) - words) <= 2]
    items = [StanceInput(r["quote"], DEFAULT_TARGET, r.get("speaker")) for r in near]
    return words, (items * (n // len(items) + 1))[:n]


def throughput(model: StanceModel, items: list[StanceInput], runs: int) -> float:
    """Median quotes/s over ``runs`` timed passes after one warm-up pass."""
    model.predict(items[:64])
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        model.predict(items, batch_size=64)
        rates.append(len(items) / (time.perf_counter() - t0))
    return statistics.median(rates)


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--n", type=int, default=512)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    words, items = median_length_quotes(a.n)
    sets = {"news_test": dataset.news("test"), "vast_val_targets": dataset.vast("val")}
    print(
        f"median quote length: {words} words; {a.n} quotes; {a.threads} threads; "
        f"median of {a.runs} runs"
    )
    print(f"AMX: {precision.has_amx()}")
    with_context = [e.item for e in sets["news_test"]]
    print(
        "| variant | quotes/s | × eager | quotes/s with context | "
        + " | ".join(f"macro-F1 {s}" for s in sets)
        + " | ECE news_test |"
    )
    print("|---|---|---|---|" + "---|" * (len(sets) + 1))
    base = None
    for variant in ("fp32", *(v for v in precision.VARIANTS if v != "fp32")):
        model = StanceModel.open(None, variant)
        rate = throughput(model, items, a.runs)
        base = base or rate
        context_rate = throughput(model, with_context, a.runs)
        scores = [
            score_predictions(exs, model.predict([e.item for e in exs])) for exs in sets.values()
        ]
        print(
            f"| {variant} | {rate:.0f} | {rate / base:.2f} | {context_rate:.0f} | "
            + " | ".join(f"{m['macro_f1']:.3f}" for m in scores)
            + f" | {scores[0]['ece']:.3f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
