"""Timing: from the source's times, from audio, or estimated; and caption cues."""

from __future__ import annotations

from transcript_tools.align.check import (
    CheckReport,
    ReadingSpeed,
    Violation,
    check_cues,
    check_webvtt_text,
    format_report,
)
from transcript_tools.align.cues import CueLayout, break_cost, build_cues, layout_cues
from transcript_tools.align.profiles import DEFAULT_PROFILE, PROFILES, CaptionProfile, get_profile
from transcript_tools.align.timing import Evidence, Timing, fill_missing_times

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "CaptionProfile",
    "CheckReport",
    "CueLayout",
    "Evidence",
    "ReadingSpeed",
    "Timing",
    "Violation",
    "break_cost",
    "build_cues",
    "check_cues",
    "check_webvtt_text",
    "fill_missing_times",
    "format_report",
    "get_profile",
    "layout_cues",
]
