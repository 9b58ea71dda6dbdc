"""The numeric precision a model runs in at inference: int8 (the default), bf16 or fp32.

int8 quantises the linear layers dynamically.  On CPUs with AMX tiles its weights may be
packed for oneDNN's kernels, which use them (``engine="onednn"``); the packed weights keep
their engine whatever the process's default is.  bf16 casts every weight (fast with AMX,
slow without).  A non-default precision is named in the model's version.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn

VARIANTS = ("int8", "bf16", "fp32")
DEFAULT = "int8"


def has_amx() -> bool:
    """Whether this CPU has AMX tiles (Intel Sapphire Rapids and later)."""
    return bool(torch.cpu._is_amx_tile_supported())


@contextmanager
def _quantized_engine(name: str | None) -> Iterator[None]:
    """The process's quantized engine set to ``name`` (None: left as it is) for a while."""
    previous = torch.backends.quantized.engine
    torch.backends.quantized.engine = name or previous
    try:
        yield
    finally:
        torch.backends.quantized.engine = previous


def convert(
    model: nn.Module,
    variant: str,
    qconfig: torch.ao.quantization.QConfig = torch.ao.quantization.default_dynamic_qconfig,
    engine: str | None = None,
) -> nn.Module:
    """``model`` (in eval mode) in ``variant``: its linear layers dynamically quantised to
    int8 with ``qconfig`` and packed for ``engine`` (default: the process's), bf16 weights,
    or unchanged (fp32)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown precision {variant!r}: use one of {VARIANTS}")
    if variant == "bf16":
        return model.to(torch.bfloat16)
    if variant == "int8":
        with warnings.catch_warnings(), _quantized_engine(engine):
            warnings.simplefilter("ignore")  # torch.ao's deprecation notice
            return torch.ao.quantization.quantize_dynamic(model, {nn.Linear: qconfig})
    return model


def versioned(version: str, variant: str) -> str:
    """``version`` with a non-default precision added (``stance-1.2+af07f991.bf16``)."""
    return version if variant == DEFAULT else f"{version}.{variant}"
