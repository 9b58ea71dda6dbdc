"""Locations of the project's data and of the shared (never committed) corpora."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = REPO_ROOT / "ml" / "artifacts"
SEEDS_DIR = REPO_ROOT / "seeds"


def shared_dir() -> Path:
    """The shared data folder: ``$QUOTEWISE_SHARED_DIR`` or ``../shared`` beside the repo."""
    return Path(os.environ.get("QUOTEWISE_SHARED_DIR", REPO_ROOT.parent / "shared"))
