"""Quality check of captions against a profile.

Hard limits (a caption file that breaks one is wrong): characters per line,
lines per cue, maximum duration, cues out of order, overlapping cues, cues
that end before they start. Targets (reported, since word timing may force
a miss): minimum duration, gaps, reading speed. WebVTT text is also read by
an independent parser (webvtt-py) and must give the same cues.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from transcript_tools.align.profiles import DEFAULT_PROFILE, CaptionProfile, get_profile
from transcript_tools.model import Cue
from transcript_tools.timecode import format_timecode

__all__ = ["CheckReport", "ReadingSpeed", "Violation", "check_cues", "check_webvtt_text", "format_report"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule.

    Attributes:
        cue: 1-based number of the cue in file order.
        start_ms: The cue's start.
        rule: Short rule name (``"line-length"``, ``"overlap"``...).
        message: What is wrong, with the numbers.
        hard: True for a hard limit, false for a missed target.
    """

    cue: int
    start_ms: int
    rule: str
    message: str
    hard: bool

    def __str__(self) -> str:
        return f"cue {self.cue} ({format_timecode(self.start_ms)}): {self.message}"


@dataclass(frozen=True, slots=True)
class ReadingSpeed:
    """The distribution of reading speeds over the cues.

    Attributes:
        unit: ``"cps"`` or ``"wpm"``.
        median: Median over the cues.
        p95: 95th percentile.
        share_over_max: Fraction of cues above the profile's maximum.
        maximum: The profile's maximum.
        target: The profile's target.
    """

    unit: str
    median: float
    p95: float
    share_over_max: float
    maximum: float
    target: float


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of a check.

    Attributes:
        profile: The profile's name.
        cues: Number of cues checked.
        violations: Every broken hard limit and missed target, in cue order.
        reading_speed: The distribution, or ``None`` without cues.
    """

    profile: str
    cues: int
    violations: tuple[Violation, ...]
    reading_speed: ReadingSpeed | None

    @property
    def hard(self) -> tuple[Violation, ...]:
        """The broken hard limits."""
        return tuple(v for v in self.violations if v.hard)

    @property
    def targets(self) -> tuple[Violation, ...]:
        """The missed targets."""
        return tuple(v for v in self.violations if not v.hard)

    @property
    def ok(self) -> bool:
        """True when no hard limit is broken."""
        return not self.hard

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "profile": self.profile,
            "cues": self.cues,
            "ok": self.ok,
            "hard": [asdict(v) for v in self.hard],
            "targets": [asdict(v) for v in self.targets],
            "reading_speed": None if self.reading_speed is None else asdict(self.reading_speed),
        }


@dataclass(frozen=True, slots=True)
class _Reporter:
    found: list[Violation]
    cue: int
    start_ms: int

    def __call__(self, rule: str, message: str, hard: bool) -> None:
        self.found.append(Violation(self.cue, self.start_ms, rule, message, hard))


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def check_cues(cues: Sequence[Cue], profile: str | CaptionProfile = DEFAULT_PROFILE) -> CheckReport:
    """Check cues, in file order, against a profile.

    Args:
        cues: The cues as the file lists them.
        profile: A profile name or :class:`CaptionProfile`.

    Returns:
        The report; ``report.ok`` is false when a hard limit is broken.

    Example:
        >>> report = check_cues([Cue(0, 2000, ("Hello there.",)), Cue(1500, 3000, ("x" * 50,))])
        >>> [v.rule for v in report.hard]
        ['overlap', 'line-length']
    """
    rules = get_profile(profile)
    found: list[Violation] = []
    speeds = []
    previous: Cue | None = None
    for number, cue in enumerate(cues, start=1):
        report = _Reporter(found, number, cue.start_ms)
        duration = cue.end_ms - cue.start_ms
        if previous is not None:
            if cue.start_ms < previous.start_ms:
                report("order", f"starts before the previous cue ({format_timecode(previous.start_ms)})", True)
            elif cue.start_ms < previous.end_ms:
                report("overlap", f"starts before the previous cue ends ({format_timecode(previous.end_ms)})", True)
            else:
                gap = cue.start_ms - previous.end_ms
                if gap < rules.min_gap_ms or rules.min_gap_ms < gap < rules.close_gap_ms:
                    wanted = f"at least {rules.min_gap_ms} ms"
                    if rules.close_gap_ms:
                        wanted = f"{rules.min_gap_ms} ms (chained) or at least {rules.close_gap_ms} ms"
                    report("gap", f"gap of {gap} ms after the previous cue; expected {wanted}", False)
        if duration <= 0:
            report("duration", "ends before or when it starts", True)
        elif duration > rules.max_duration_ms:
            report("duration", f"lasts {duration / 1000:.3f} s (max {rules.max_duration_ms / 1000:g} s)", True)
        if len(cue.lines) > rules.max_lines:
            report("lines", f"has {len(cue.lines)} lines (max {rules.max_lines})", True)
        for line_number, line in enumerate(cue.lines, start=1):
            if len(line) > rules.max_chars_per_line:
                report(
                    "line-length",
                    f"line {line_number} has {len(line)} characters (max {rules.max_chars_per_line}): {line!r}",
                    True,
                )
        words = sum(len(line.split()) for line in cue.lines)
        chars = sum(len(line) for line in cue.lines) + max(len(cue.lines) - 1, 0)
        if duration > 0 and words:
            shortest = rules.min_duration_for(words)
            if duration < shortest:
                report("min-duration", f"lasts {duration / 1000:.3f} s (target at least {shortest / 1000:g} s)", False)
            speed = rules.reading_speed(chars=chars, words=words, duration_ms=duration)
            speeds.append(speed)
            if speed > rules.reading_speed_max:
                report(
                    "reading-speed",
                    f"reads at {speed:.1f} {rules.reading_speed_unit} (max {rules.reading_speed_max:g})",
                    False,
                )
        previous = cue if previous is None or cue.end_ms >= previous.end_ms else previous
    speed_report = None
    if speeds:
        speed_report = ReadingSpeed(
            rules.reading_speed_unit,
            statistics.median(speeds),
            _percentile(speeds, 0.95),
            sum(1 for s in speeds if s > rules.reading_speed_max) / len(speeds),
            rules.reading_speed_max,
            rules.reading_speed_target,
        )
    return CheckReport(rules.name, len(cues), tuple(found), speed_report)


def check_webvtt_text(text: str, cues: Sequence[Cue]) -> tuple[str, ...]:
    """Read WebVTT text with webvtt-py and compare its cues with ours.

    An independent parser that reads the same cues is evidence that players
    will too.

    Args:
        text: The WebVTT file's content.
        cues: The cues our own reader found in it.

    Returns:
        Problems found, empty when webvtt-py agrees.
    """
    try:
        parsed = webvtt.from_string(text)
    except (MalformedFileError, MalformedCaptionError) as error:
        return (f"webvtt-py cannot read the file: {error}",)
    captions = list(parsed.captions)
    if len(captions) != len(cues):
        return (f"webvtt-py reads {len(captions)} cue(s), we read {len(cues)}",)
    problems = []
    for number, (caption, cue) in enumerate(zip(captions, cues), start=1):
        theirs = (caption.start, caption.end)
        ours = (format_timecode(cue.start_ms), format_timecode(cue.end_ms))
        if theirs != ours:
            problems.append(f"cue {number}: webvtt-py reads {theirs[0]} --> {theirs[1]}, we read {ours[0]} --> {ours[1]}")
    return tuple(problems)


def format_report(report: CheckReport, *, extra: Sequence[str] = (), limit: int = 20) -> str:
    """The report as text for people, listing at most ``limit`` items of each kind.

    Args:
        report: What :func:`check_cues` found.
        extra: Further hard problems (from :func:`check_webvtt_text`).
        limit: How many violations of each kind to list.

    Returns:
        Lines of text, ending with a newline.
    """
    rules = get_profile(report.profile)
    out = [
        f"profile: {rules.name} ({rules.description}): {rules.max_chars_per_line} characters x "
        f"{rules.max_lines} lines, at most {rules.max_duration_ms / 1000:g} s, reading speed "
        f"{rules.reading_speed_target:g} {rules.reading_speed_unit} (max {rules.reading_speed_max:g})",
        f"cues: {report.cues}",
    ]
    for title, items in (("hard limits broken", [*map(str, report.hard), *extra]), ("targets missed", list(map(str, report.targets)))):
        out.append(f"{title}: {len(items)}")
        out += [f"  {item}" for item in items[:limit]]
        if len(items) > limit:
            out.append(f"  ... and {len(items) - limit} more")
    speed = report.reading_speed
    if speed is not None:
        out.append(
            f"reading speed ({speed.unit}): median {speed.median:.1f}, 95th percentile {speed.p95:.1f}, "
            f"{speed.share_over_max:.1%} of cues over {speed.maximum:g}"
        )
    out.append("result: " + ("ok" if report.ok and not extra else "FAILED (hard limits broken)"))
    return "\n".join(out) + "\n"
