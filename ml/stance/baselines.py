"""Reference systems for the stance table: majority class and frozen embeddings + LR."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ml.stance.dataset import Example
from ml.stance.model import format_pair
from ml.types import STANCE_LABELS, StancePrediction


def _prediction(row: Sequence[float]) -> StancePrediction:
    k = int(np.argmax(row))
    probs = {lab: float(p) for lab, p in zip(STANCE_LABELS, row)}
    return StancePrediction(STANCE_LABELS[k], probs[STANCE_LABELS[k]], probs)


class Majority:
    """Always the most frequent training label, with the training label frequencies."""

    def __init__(self, train: Sequence[Example]) -> None:
        counts = Counter(e.label for e in train)
        self.row = [counts[lab] / len(train) for lab in STANCE_LABELS]

    def predict(self, examples: Sequence[Example]) -> list[StancePrediction]:
        """The same prediction for every example."""
        return [_prediction(self.row) for _ in examples]


class EmbeddingLR:
    """Logistic regression on frozen all-MiniLM-L6-v2 mean-pooled embeddings.

    Features: the target embedding, the text embedding ("speaker: quote [SEP] context") and
    their element-wise product.
    """

    def __init__(self, train: Sequence[Example], seed: int = 13) -> None:
        from sentence_transformers import SentenceTransformer
        from sklearn.linear_model import LogisticRegression

        from ml.stance.train import base_model_dir

        self.encoder = SentenceTransformer(str(base_model_dir()), device="cpu")
        self.encoder.max_seq_length = 128
        self.clf = LogisticRegression(max_iter=3000, C=1.0, random_state=seed)
        self.clf.fit(self.features(train), [STANCE_LABELS.index(e.label) for e in train])

    def features(self, examples: Sequence[Example]) -> np.ndarray:
        """The feature matrix of ``examples``."""
        pairs = [format_pair(e.item) for e in examples]
        targets = sorted({a for a, _ in pairs})
        t_emb = dict(zip(targets, self.encoder.encode(targets, batch_size=64)))
        x = self.encoder.encode([b for _, b in pairs], batch_size=64)
        t = np.stack([t_emb[a] for a, _ in pairs])
        return np.hstack([t, x, t * x])

    def predict(self, examples: Sequence[Example]) -> list[StancePrediction]:
        """Predicted probabilities (columns ordered as ``STANCE_LABELS``)."""
        proba = np.zeros((len(examples), len(STANCE_LABELS)))
        proba[:, self.clf.classes_] = self.clf.predict_proba(self.features(examples))
        return [_prediction(row) for row in proba]
