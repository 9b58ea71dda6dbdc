"""Draw PolNeAR attributions to label for stance (the real-news part of the stance data).

Stratified by outlet, at most a few per article, with a quota of attributions that speak
of negotiations, deals, agreements or treaties, split into parts for the labelers.  PolNeAR
holds only ~350 such attributions, so a further part takes attributions whose *paragraph*
speaks of a deal.  Deterministic for a given seed.  The labels are in ``data/labels/``:

    python -m ml.stance.sample_news --out-dir .work
    # -> stance_candidates_part{1,2,3}.jsonl (1,050 drawn), stance_candidates_part4.jsonl
    #    and the second round, stance_candidates_part{5,6,7}.jsonl (480 more, same strata)
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

from ml.data.polnear import load_split
from ml.pipeline import paragraph_context

NEGOTIATION_RE = re.compile(
    r"\b(deal|deals|negotiat\w*|talks|agreement\w*|treat(y|ies)|accord\w*|TPP|NAFTA|"
    r"trade pact|ceasefire|cease-fire|compromise|bargain\w*|diplomac\w*)\b",
    re.IGNORECASE,
)


DEAL_CONTEXT_RE = re.compile(
    r"\b(negotiat\w*|talks|nuclear deal|Iran deal|trade deals?|agreements?|treat(y|ies)|"
    r"accords?|TPP|Trans-Pacific|NAFTA|ceasefire|cease-fire|deal)\b",
    re.IGNORECASE,
)


def candidates(splits: tuple[str, ...] = ("train", "dev")) -> list[dict]:
    """Every attribution of the splits whose content is a plausible stance carrier."""
    rows = []
    for split in splits:
        for art in load_split(split):
            for i, att in enumerate(art.attributions):
                start, end = att.content[0][0], att.content[-1][1]
                quote = " … ".join(art.text[a:b] for a, b in att.content)
                if not 40 <= len(quote) <= 600:
                    continue
                rows.append(
                    {
                        "id": f"{art.id}#{i}",
                        "article": art.id,
                        "split": split,
                        "outlet": art.id.split("_", 1)[0],
                        "start": start,
                        "end": end,
                        "quote": quote,
                        "speaker": " ".join(art.text[a:b] for a, b in att.source) or None,
                        "context": paragraph_context(art.text, start, end, 350),
                        "negotiation": bool(NEGOTIATION_RE.search(quote)),
                    }
                )
    return rows


def sample(rows: list[dict], n: int, seed: int) -> list[dict]:
    """Take ``n`` rows: 45 % about negotiations/deals, the rest spread evenly over outlets.

    Negotiation attributions are rarer, so up to 8 come from one article; others up to 3.
    """
    rng = random.Random(seed)
    rng.shuffle(rows)
    taken: list[dict] = []
    per_art: dict[str, int] = defaultdict(int)

    def take(pool: list[dict], k: int, per_article: int) -> None:
        by_outlet: dict[str, list[dict]] = defaultdict(list)
        for r in pool:
            by_outlet[r["outlet"]].append(r)
        queues = list(by_outlet.values())
        while k > 0 and any(queues):
            for q in queues:
                while q and per_art[q[-1]["article"]] >= per_article:
                    q.pop()
                if q and k > 0:
                    r = q.pop()
                    per_art[r["article"]] += 1
                    taken.append(r)
                    k -= 1

    take([r for r in rows if r["negotiation"]], int(n * 0.45), per_article=8)
    chosen = {r["id"] for r in taken}
    rest = [r for r in rows if not r["negotiation"] and r["id"] not in chosen]
    take(rest, n - len(taken), per_article=3)
    return taken


def deal_context_sample(rows: list[dict], exclude: set[str], n: int, seed: int) -> list[dict]:
    """Up to ``n`` rows not in ``exclude`` whose paragraph mentions a deal, 4 per article."""
    pool = [r for r in rows if r["id"] not in exclude and DEAL_CONTEXT_RE.search(r["context"])]
    random.Random(seed).shuffle(pool)
    per_art: dict[str, int] = defaultdict(int)
    taken = []
    for r in pool:
        if per_art[r["article"]] < 4 and len(taken) < n:
            per_art[r["article"]] += 1
            taken.append({**r, "negotiation": True})
    return taken


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, required=True)
    ap.add_argument("--n", type=int, default=1050)
    ap.add_argument("--parts", type=int, default=3)
    ap.add_argument("--deal-context", type=int, default=240)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--second-round", type=int, default=480)
    args = ap.parse_args()
    rows = candidates()
    drawn = sample(list(rows), args.n, args.seed)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for k in range(args.parts):
        _write(args.out_dir / f"stance_candidates_part{k + 1}.jsonl", drawn[k :: args.parts])
    extra = deal_context_sample(rows, {r["id"] for r in drawn}, args.deal_context, seed=11)
    _write(args.out_dir / f"stance_candidates_part{args.parts + 1}.jsonl", extra)
    seen = {r["id"] for r in drawn + extra}
    second = sample([r for r in rows if r["id"] not in seen], args.second_round, seed=17)
    for k in range(args.parts):
        part = args.parts + 2 + k
        _write(args.out_dir / f"stance_candidates_part{part}.jsonl", second[k :: args.parts])
    print(
        f"{len(drawn)} drawn ({sum(r['negotiation'] for r in drawn)} about deals), "
        f"{len(extra)} more with a deal in their paragraph, "
        f"{len(second)} in the second round ({sum(r['negotiation'] for r in second)} about deals)"
    )


if __name__ == "__main__":
    main()
