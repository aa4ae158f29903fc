"""The shipped punctuation and casing model, run with onnxruntime.

A MiniLM-L6 encoder fine-tuned on punctuated, cased spoken English (see
``model/MODEL_CARD.md``) predicts, for every word, the punctuation that follows
it (nothing, comma, period, question mark) and the shape of its letters
(lower, Capitalized, UPPER, Mixed). Mixed words and capitalized names take
their spelling from a lexicon of the most frequent cased forms in the
training text (``McDonald``, ``CIA-backed``).

The model loads lazily, once per process: importing this module costs
nothing, and neither onnxruntime nor numpy is imported until the first call.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transcript_tools.errors import ModelError
from transcript_tools.normalize.labels import CASES, PUNCTUATION, split_affixes

__all__ = ["MODEL_DIR", "ModelRestorer", "Prediction", "Restorer", "default_restorer"]

#: Where the shipped model lives inside the package.
MODEL_DIR = Path(__file__).resolve().parent / "model"

_MARKS = {"O": "", "COMMA": ",", "PERIOD": ".", "QUESTION": "?"}
_BATCH = 16
_CLITIC = re.compile(r"^(?:'(?:s|m|re|ve|ll|d)|n't)$")


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a restorer says about one word.

    Attributes:
        punctuation: The mark that follows the word: ``""``, ``","``, ``"."`` or ``"?"``.
        text: The word's letters with restored casing, without the punctuation
            around it (``"Iran"`` for ``iran,``). Only the case of letters may differ
            from the input; anything else is ignored.
    """

    punctuation: str
    text: str


#: A restorer takes the words of a transcript, in order, and returns one prediction per word.
Restorer = Callable[[Sequence[str]], Sequence[Prediction]]


def _recase(core: str, case: str, lexicon: dict[str, str]) -> str:
    lower = core.lower()
    known = lexicon.get(lower)
    if case == "lower":
        return lower
    if case == "UPPER":
        return core.upper()
    if case == "Mixed":
        if known is not None:
            return known
        parts = [lexicon.get(part, part) for part in lower.split("-")]
        if parts != lower.split("-"):
            return "-".join(parts)
    if known is not None and known[:1].isupper():
        return known
    return lower[:1].upper() + lower[1:]


def _units(words: Sequence[str]) -> list[tuple[str, int]]:
    """The model's input words and how many transcript words each covers.

    Tokenized transcripts split contractions (``do n't``, ``it 's``); the model
    was trained on ``don't`` and ``it's``, so a clitic joins the word before it.

    Example:
        >>> _units(["it", "'s", "Iran,", "do", "n't", "'s"])
        [("it's", 2), ('Iran', 1), ("don't", 2), ("'s", 1)]
    """
    units: list[tuple[str, int]] = []
    for word in words:
        core = split_affixes(word)[1]
        clitic = word.rstrip(".,?!;:").lower().replace("’", "'")
        if not _CLITIC.match(clitic):
            units.append((core or word, 1))
        elif units and units[-1][1] == 1 and units[-1][0][-1:].isalnum():
            units[-1] = (units[-1][0] + clitic, 2)
        else:
            units.append((clitic, 1))
    return units


class ModelRestorer:
    """The shipped model as a :data:`Restorer`.

    Args:
        folder: A folder with ``restorer.onnx``, ``vocab.txt``, ``lexicon.json``
            and ``config.json``.
        threads: Threads onnxruntime may use (``None``: its default).
        views: Overlapping windows each word is predicted in (``None``: the
            model's ``config.json``, else 2). Time grows with it; 3 scored no
            better than 2 on IWSLT (see ``training/README.md``).

    Raises:
        ModelError: When a file is missing or unreadable, or onnxruntime is not installed.
    """

    def __init__(self, folder: Path = MODEL_DIR, *, threads: int | None = None, views: int | None = None) -> None:
        from transcript_tools.normalize.wordpiece import WordPiece

        try:
            import numpy
            import onnxruntime
        except ImportError as error:
            raise ModelError(f"the punctuation model needs onnxruntime and numpy: {error}") from None
        self._np = numpy
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            vocab = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
            self.lexicon: dict[str, str] = json.loads((folder / "lexicon.json").read_text(encoding="utf-8"))
            self._max_pieces = int(config["max_pieces"])
            self._cls, self._sep = int(config["cls"]), int(config["sep"])
            self._bias = numpy.array(config["punctuation_bias"], dtype=numpy.float32)
            self._views = int(views or config.get("views", 2))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ModelError(f"{folder}: broken punctuation model: {error}") from None
        options = onnxruntime.SessionOptions()
        if threads is not None:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        try:
            self._session: Any = onnxruntime.InferenceSession(
                str(folder / "restorer.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime raises its own exception types for missing or corrupt files
            raise ModelError(f"{folder / 'restorer.onnx'}: cannot load the punctuation model: {error}") from None
        self._wordpiece = WordPiece({piece: index for index, piece in enumerate(vocab)})

    def probabilities(self, words: Sequence[str]) -> tuple[Any, Any]:
        """Per-word probabilities of each punctuation and casing class.

        Args:
            words: The words, in order.

        Returns:
            Two arrays of shape ``(len(words), 4)``: punctuation, casing.
        """
        from transcript_tools.normalize.windows import average, plan_windows

        np = self._np
        units = _units(words)
        pieces = [self._wordpiece.encode(text)[: self._max_pieces] for text, _ in units]
        counts = [len(p) for p in pieces]
        plan = plan_windows(counts, self._max_pieces, self._views)
        punct_parts, case_parts = [], []
        for first in range(0, len(plan), _BATCH):
            batch = plan[first : first + _BATCH]
            width = 2 + max(sum(counts[s:e]) for s, e in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            heads = []
            for row, (start, end) in enumerate(batch):
                flat = [i for p in pieces[start:end] for i in p][: self._max_pieces]
                ids[row, 0], ids[row, 1 : 1 + len(flat)], ids[row, 1 + len(flat)] = self._cls, flat, self._sep
                mask[row, : 2 + len(flat)] = 1
                heads.append(np.minimum(1 + np.cumsum([0, *counts[start : end - 1]]), self._max_pieces))
            try:
                punct, case = self._session.run(None, {"ids": ids, "mask": mask})
            except Exception as error:
                raise ModelError(f"the punctuation model failed to run: {error}") from None
            for row, head in enumerate(heads):
                punct_parts.append(punct[row, head])
                case_parts.append(case[row, head])
        punct, case = average(len(units), plan, punct_parts), average(len(units), plan, case_parts)
        if len(units) == len(words):
            return punct, case
        # A clitic takes its unit's punctuation and stays lowercase; the word before it takes the casing.
        size = np.array([n for _, n in units])
        last = np.cumsum(size) - 1
        first = last - size + 1
        word_punct = np.zeros((len(words), 4), dtype=punct.dtype)
        word_punct[:, 0] = 1.0
        word_punct[last] = punct
        word_case = np.zeros((len(words), 4), dtype=case.dtype)
        word_case[:, 0] = 1.0
        word_case[first] = case
        return word_punct, word_case

    def __call__(self, words: Sequence[str]) -> list[Prediction]:
        """Predict punctuation and casing for every word.

        Args:
            words: The words of a transcript, in order.

        Returns:
            One prediction per word.
        """
        if not words:
            return []
        np = self._np
        punct, case = self.probabilities(words)
        marks = (np.log(punct + 1e-9) + self._bias).argmax(1)
        shapes = case.argmax(1)
        predictions = []
        for word, mark, shape in zip(words, marks.tolist(), shapes.tolist()):
            core = split_affixes(word)[1]
            text = _recase(core, CASES[shape], self.lexicon) if core else word
            predictions.append(Prediction(_MARKS[PUNCTUATION[mark]], text))
        return predictions


_lock = threading.Lock()
_default: ModelRestorer | None = None


def default_restorer() -> ModelRestorer:
    """The shipped model, loaded on first use and then kept.

    Raises:
        ModelError: When the shipped model is missing or broken.
    """
    global _default
    with _lock:
        if _default is None:
            _default = ModelRestorer(MODEL_DIR)
        return _default
