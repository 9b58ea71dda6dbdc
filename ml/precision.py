"""The numeric precision a model runs in at inference: int8 (the default), bf16 or fp32.

int8 quantises the linear layers dynamically.  On CPUs with AMX tiles its weights may be
packed for oneDNN's kernels, which use them (``engine="onednn"``); the packed weights keep
their engine whatever the process's default is.  Dynamic quantisation gives a whole input
tensor one activation scale, so an item's result depends on the items batched beside it;
``per_item=True`` gives each batch item its own scale (``PerItemLinear``), so that a batch
gives every item exactly what it would get alone.  bf16 casts every weight (fast with AMX
or AVX512-BF16, slow without).  A non-default precision is named in the model's version.
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


class PerItemLinear(nn.Module):
    """A dynamically quantised linear layer that quantises each batch item on its own scale.

    Padding rows count in their item's scale, so batch items of one length only.
    """

    def __init__(self, linear: nn.Module) -> None:
        super().__init__()
        self.linear = linear

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """``linear`` applied to each item (first axis) of ``x`` separately."""
        if x.shape[0] == 1:
            return self.linear(x)
        return torch.cat([self.linear(item) for item in x.split(1)])


def _per_item(module: nn.Module) -> None:
    """Wrap every dynamically quantised linear layer under ``module`` in ``PerItemLinear``."""
    for name, child in module.named_children():
        if isinstance(child, torch.ao.nn.quantized.dynamic.Linear):
            setattr(module, name, PerItemLinear(child))
        else:
            _per_item(child)


def convert(
    model: nn.Module,
    variant: str,
    qconfig: torch.ao.quantization.QConfig = torch.ao.quantization.default_dynamic_qconfig,
    engine: str | None = None,
    per_item: bool = False,
) -> nn.Module:
    """``model`` (in eval mode) in ``variant``: its linear layers dynamically quantised to
    int8 with ``qconfig``, packed for ``engine`` (default: the process's) and, with
    ``per_item``, scaled per batch item; bf16 weights; or unchanged (fp32)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown precision {variant!r}: use one of {VARIANTS}")
    if variant == "bf16":
        return model.to(torch.bfloat16)
    if variant == "int8":
        with warnings.catch_warnings(), _quantized_engine(engine):
            warnings.simplefilter("ignore")  # torch.ao's deprecation notice
            model = torch.ao.quantization.quantize_dynamic(model, {nn.Linear: qconfig})
        if per_item:
            _per_item(model)
    return model


def versioned(version: str, variant: str) -> str:
    """``version`` with a non-default precision added (``stance-1.3+af07f991.bf16``)."""
    return version if variant == DEFAULT else f"{version}.{variant}"
