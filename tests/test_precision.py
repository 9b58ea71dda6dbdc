"""Both models in each numeric precision, on their real weights: same answers on clear
inputs, the precision named in the version, no change to the process's quantized engine."""

from __future__ import annotations

import pytest
import torch

from ml.extraction import Extractor
from ml.pipeline import DEFAULT_TARGET
from ml.precision import VARIANTS
from ml.stance import StanceModel
from ml.types import StanceInput

CLEAR = [
    ("We welcome these talks and are confident that an agreement is within reach.", "favor"),
    ("These negotiations are a waste of time: Washington is blocking any agreement.", "against"),
    ("The delegations will meet in Geneva on Monday for one day, the ministry said.", "neutral"),
]
ARTICLE = (
    "GENEVA, Jan 10 - The talks lasted nearly eight hours.\n\n"
    '"We had a difficult but very professional conversation," Deputy Foreign Minister '
    "Sergei Ryabkov told reporters after the meeting.\n\n"
    "Deputy Secretary of State Wendy Sherman said the United States had firmly pushed back "
    "on proposals that were non-starters."
)


@pytest.mark.parametrize("variant", VARIANTS)
def test_stance_model_in_each_precision(variant: str) -> None:
    engine = torch.backends.quantized.engine
    model = StanceModel.open(None, variant)
    assert torch.backends.quantized.engine == engine
    preds = model.predict(
        [StanceInput(text, DEFAULT_TARGET, "Sergei Ryabkov") for text, _ in CLEAR]
    )
    assert [p.label for p in preds] == [label for _, label in CLEAR]
    for p in preds:
        assert sum(p.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    suffix = "" if variant == "int8" else f".{variant}"
    assert model.version.startswith("stance-1.2+") and model.version.endswith(suffix)
    assert len(model.version.removesuffix(suffix).split("+")[1]) == 8


def test_unknown_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown precision 'fp8'"):
        StanceModel.open(None, "fp8")


@pytest.mark.parametrize("variant", VARIANTS)
def test_extractor_in_each_precision(variant: str) -> None:
    extractor = Extractor.load(variant=variant)
    quotes = extractor.extract(ARTICLE)
    assert [(q.type, q.speaker) for q in quotes] == [
        ("direct", "Sergei Ryabkov"),
        ("indirect", "Wendy Sherman"),
    ]
    assert extractor.version.endswith("" if variant == "int8" else f".{variant}")
