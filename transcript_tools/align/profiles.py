"""Caption profiles: the style rules of Netflix, the BBC and the DCMP.

The numbers live in ``profiles.json`` beside this module (data, not code); this
module only reads and validates them. Characters per line, lines per cue and
the maximum duration are hard limits; the minimum duration, the gaps and the
reading speed are targets that timing may force a cue to miss.

Example:
    >>> profile = get_profile("netflix")
    >>> profile.max_chars_per_line, profile.max_lines, profile.max_duration_ms
    (42, 2, 7000)
    >>> round(profile.reading_speed(chars=34, words=7, duration_ms=2000), 1)
    17.0
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources
from types import MappingProxyType
from typing import Any

from transcript_tools.errors import FormatError

__all__ = ["DEFAULT_PROFILE", "PROFILES", "CaptionProfile", "get_profile"]

_UNITS = ("cps", "wpm")
# Marks that readers of captions know to mean "someone else speaks now".
_SPEAKER_CHANGE_MARKS = ("-", ">>")


@dataclass(frozen=True, slots=True)
class CaptionProfile:
    """The rules one caption style guide sets.

    Attributes:
        name: Short name (``"netflix"``).
        description: The guide it follows.
        max_chars_per_line: Hard limit on characters in a line.
        max_lines: Hard limit on lines in a cue.
        min_duration_ms: Target: shortest time a cue stays on screen.
        min_duration_per_word_ms: Target: shortest time per word (the BBC's 0.3 s).
        max_duration_ms: Hard limit on the time a cue stays on screen.
        min_gap_ms: Target: shortest gap between cues that are not chained.
        close_gap_ms: Gaps shorter than this are closed down to ``min_gap_ms``
            (chaining); ``0`` closes none.
        reading_speed_unit: ``"cps"`` (characters per second, spaces
            included) or ``"wpm"`` (words per minute).
        reading_speed_target: Target reading speed, in that unit.
        reading_speed_max: Reading speed above which a cue is reported.
        speaker_change_mark: What opens the first line of a cue that starts
            with a new unnamed speaker: ``"- "`` (the dialogue dash) or
            ``">> "`` (broadcast chevrons).
    """

    name: str
    description: str
    max_chars_per_line: int
    max_lines: int
    min_duration_ms: int
    min_duration_per_word_ms: int
    max_duration_ms: int
    min_gap_ms: int
    close_gap_ms: int
    reading_speed_unit: str
    reading_speed_target: float
    reading_speed_max: float
    speaker_change_mark: str

    def __post_init__(self) -> None:
        for name in ("max_chars_per_line", "max_lines", "max_duration_ms"):
            if getattr(self, name) <= 0:
                raise ValueError(f"CaptionProfile.{name} ({getattr(self, name)}) must be positive")
        for name in ("min_duration_ms", "min_duration_per_word_ms", "min_gap_ms", "close_gap_ms"):
            if getattr(self, name) < 0:
                raise ValueError(f"CaptionProfile.{name} ({getattr(self, name)}) must not be negative")
        if self.speaker_change_mark.strip() not in _SPEAKER_CHANGE_MARKS or not self.speaker_change_mark.endswith(" "):
            raise ValueError(
                f"CaptionProfile.speaker_change_mark must be one of {[m + ' ' for m in _SPEAKER_CHANGE_MARKS]}, "
                f"got {self.speaker_change_mark!r}"
            )
        if self.reading_speed_unit not in _UNITS:
            raise ValueError(f"CaptionProfile.reading_speed_unit must be one of {_UNITS}, got {self.reading_speed_unit!r}")
        if not 0 < self.reading_speed_target <= self.reading_speed_max:
            raise ValueError(
                f"CaptionProfile.reading_speed_target ({self.reading_speed_target}) must be "
                f"positive and at most reading_speed_max ({self.reading_speed_max})"
            )

    def min_duration_for(self, words: int) -> int:
        """The target minimum duration of a cue of ``words`` words, in ms."""
        return max(self.min_duration_ms, words * self.min_duration_per_word_ms)

    def reading_speed(self, *, chars: int, words: int, duration_ms: int) -> float:
        """A cue's reading speed in this profile's unit.

        Args:
            chars: Characters shown, spaces included, line breaks not.
            words: Words shown.
            duration_ms: Time on screen; at least 1 ms is assumed.

        Returns:
            Characters per second or words per minute.
        """
        seconds = max(duration_ms, 1) / 1000
        if self.reading_speed_unit == "cps":
            return chars / seconds
        return words * 60 / seconds

    def reading_time_ms(self, *, chars: int, words: int) -> int:
        """How long a cue must stay up to be read at the target speed, in ms."""
        amount = chars if self.reading_speed_unit == "cps" else words * 60
        return round(amount * 1000 / self.reading_speed_target)


def _load() -> dict[str, CaptionProfile]:
    data: dict[str, dict[str, Any]] = json.loads(
        resources.files(__package__).joinpath("profiles.json").read_text(encoding="utf-8")
    )
    names = {f.name for f in fields(CaptionProfile)} - {"name"}
    profiles = {}
    for name, values in data.items():
        if set(values) != names:
            raise ValueError(f"profiles.json: profile {name!r} must set exactly {sorted(names)}")
        profiles[name] = CaptionProfile(name=name, **values)
    return profiles


#: The shipped profiles by name.
PROFILES = MappingProxyType(_load())
#: The profile used when none is named.
DEFAULT_PROFILE = "netflix"


def get_profile(profile: str | CaptionProfile) -> CaptionProfile:
    """Look up a profile by name; a :class:`CaptionProfile` is returned as is.

    Raises:
        FormatError: when no profile has that name.
    """
    if isinstance(profile, CaptionProfile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise FormatError(f"unknown caption profile {profile!r}; expected one of: {', '.join(PROFILES)}") from None
