"""Quotewise machine learning: quote extraction, speaker attribution and stance scoring.

Models load only from local files (packaged or committed weights): the Hugging Face hub is
switched off for every process that imports this package.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
