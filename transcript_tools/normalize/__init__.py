"""Normalization: punctuation, casing and sentence segmentation of raw transcripts."""

from __future__ import annotations

from transcript_tools.normalize.sentences import split_sentences, split_words

__all__ = ["split_sentences", "split_words"]
