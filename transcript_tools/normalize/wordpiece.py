"""BERT-style uncased WordPiece tokenization in pure Python.

The punctuation model was fine-tuned from an uncased BERT-family encoder, so its
input is the word lowercased, stripped of accents, split at punctuation and
then cut into the longest vocabulary pieces from the left. This is the same
algorithm as the reference BERT tokenizer, restricted to what one
whitespace-free word needs; it avoids a dependency on a tokenizer library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

__all__ = ["WordPiece"]

_MAX_CHARS = 100


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    # BERT treats every non-alphanumeric ASCII symbol as punctuation ("$", "^", "`").
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _basic_split(word: str) -> list[str]:
    text = unicodedata.normalize("NFD", word.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    parts: list[str] = []
    current: list[str] = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or unicodedata.category(char) in ("Cc", "Cf"):
            continue
        if _is_punctuation(char) or (0x4E00 <= code <= 0x9FFF):
            if current:
                parts.append("".join(current))
                current = []
            parts.append(char)
        elif char.isspace():
            if current:
                parts.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        parts.append("".join(current))
    return parts


class WordPiece:
    """Turns one word into vocabulary ids, with a per-word cache.

    Args:
        vocab: Piece to id; continuation pieces start with ``##``.
        unk_token: The piece used for words that cannot be split.

    Example:
        >>> wp = WordPiece({"[UNK]": 0, "iran": 1, "u": 2, ".": 3, "s": 4, "cia": 5, "-": 6, "back": 7, "##ed": 8})
        >>> wp.encode("U.S.")
        [2, 3, 4, 3]
        >>> wp.encode("CIA-backed")
        [5, 6, 7, 8]
        >>> wp.encode("Irán")
        [1]
    """

    def __init__(self, vocab: Mapping[str, int], *, unk_token: str = "[UNK]") -> None:
        self._vocab = dict(vocab)
        self._unk = self._vocab[unk_token]
        self._cache: dict[str, list[int]] = {}

    def _pieces(self, token: str) -> list[int]:
        if len(token) > _MAX_CHARS:
            return [self._unk]
        ids: list[int] = []
        start = 0
        while start < len(token):
            end = len(token)
            found = None
            while start < end:
                piece = token[start:end] if start == 0 else "##" + token[start:end]
                found = self._vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self._unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, word: str) -> list[int]:
        """The piece ids of one word (``[UNK]`` for a word with no pieces).

        Args:
            word: A token without whitespace, in any case.

        Returns:
            At least one id.
        """
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        ids = [i for part in _basic_split(word) for i in self._pieces(part)] or [self._unk]
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids
