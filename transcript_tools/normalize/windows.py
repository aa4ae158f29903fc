"""Overlapping windows over a word sequence, and averaging their predictions.

The encoder reads at most a few hundred pieces at once, and a word near the
edge of a window lacks the context that decides its punctuation. So every
word is predicted in several windows (two by default, overlapping by half), and the
predictions are averaged with weights that favour the window in which the
word sits nearer the middle. Training code imports this module by path, so it
depends on numpy alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["average", "plan_windows", "position_weights"]


def plan_windows(piece_counts: Sequence[int], max_pieces: int, views: int = 2) -> list[tuple[int, int]]:
    """Word ranges ``[start, end)`` of overlapping windows covering every word.

    Each window holds as many whole words as fit in ``max_pieces`` (at least
    one word, truncated if a single word is longer); the next one starts
    ``1 / views`` of the way through the previous, so most words are seen
    in ``views`` windows.

    Args:
        piece_counts: Pieces of each word.
        max_pieces: Pieces a window may hold, without special tokens.
        views: Windows each word should appear in (at least 1).

    Returns:
        The windows in order; empty for no words.

    Example:
        >>> plan_windows([1] * 10, 4)
        [(0, 4), (2, 6), (4, 8), (6, 10)]
        >>> plan_windows([1] * 10, 6, views=3)
        [(0, 6), (2, 8), (4, 10)]
    """
    windows: list[tuple[int, int]] = []
    n = len(piece_counts)
    start = 0
    while start < n:
        end, used = start, 0
        while end < n and (end == start or used + piece_counts[end] <= max_pieces):
            used += piece_counts[end]
            end += 1
        windows.append((start, end))
        if end >= n:
            break
        start = max(start + 1, start + (end - start) // max(views, 1))
    return windows


def position_weights(length: int) -> np.ndarray:
    """Triangular weights: 1 at the window's edges, rising towards the middle.

    Example:
        >>> position_weights(5).tolist()
        [1.0, 2.0, 3.0, 2.0, 1.0]
    """
    index = np.arange(length, dtype=np.float32)
    return np.minimum(index + 1, length - index)


def average(n_words: int, windows: Sequence[tuple[int, int]], probabilities: Sequence[np.ndarray]) -> np.ndarray:
    """Weighted average of each word's class probabilities over its windows.

    Args:
        n_words: Number of words.
        windows: The word ranges, as from :func:`plan_windows`.
        probabilities: For each window, an array ``(end - start, classes)``.

    Returns:
        An array ``(n_words, classes)``.
    """
    classes = probabilities[0].shape[1] if probabilities else 1
    total = np.zeros((n_words, classes), dtype=np.float32)
    weight = np.zeros((n_words, 1), dtype=np.float32)
    for (start, end), probs in zip(windows, probabilities):
        w = position_weights(end - start)[:, None]
        total[start:end] += probs * w
        weight[start:end] += w
    return total / np.maximum(weight, 1e-9)
