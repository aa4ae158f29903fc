"""Shared fixtures and the hypothesis profiles (select with HYPOTHESIS_PROFILE=ci)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT / "samples"


@pytest.fixture
def data_dir() -> Path:
    """The folder of small edge-case files."""
    return DATA


@pytest.fixture
def samples_dir() -> Path:
    """The folder of real sample transcripts shipped with the project."""
    return SAMPLES
