"""Target-conditioned stance of quotes (favor / against / neutral), calibrated.

``StanceModel.load()`` returns the shipped cross-encoder once per process;
``.predict(items)`` scores a batch of ``StanceInput``.
"""

from ml.stance.model import StanceModel

__all__ = ["StanceModel"]
