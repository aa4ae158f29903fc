"""Normalization: punctuation, casing and sentence segmentation of raw transcripts.

The package itself is callable, ``transcript_tools.normalize(transcript)``, so
that the top-level ``normalize`` name and this package are one object:
binding the function to that name would hide the package from
``import transcript_tools.normalize.sentences as ...``.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from transcript_tools.model import Transcript
from transcript_tools.normalize.normalizer import is_punctuated, normalize
from transcript_tools.normalize.punctuation import ModelRestorer, Prediction, Restorer, default_restorer
from transcript_tools.normalize.sentences import split_sentences, split_words

__all__ = [
    "ModelRestorer",
    "Prediction",
    "Restorer",
    "default_restorer",
    "is_punctuated",
    "normalize",
    "split_sentences",
    "split_words",
]


class _CallablePackage(ModuleType):
    def __call__(self, transcript: Transcript, **options: Any) -> Transcript:
        """Same as :func:`transcript_tools.normalize.normalize`."""
        return normalize(transcript, **options)


sys.modules[__name__].__class__ = _CallablePackage
