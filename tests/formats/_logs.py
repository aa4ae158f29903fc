"""Warnings a reader logs, caught without pytest's function-scoped caplog (which hypothesis tests cannot use)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def logged_warnings(module: ModuleType) -> Iterator[list[str]]:
    """The messages of the warnings ``module``'s logger logs inside the block."""
    handler = _Records()
    logger = logging.getLogger(module.__name__)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
