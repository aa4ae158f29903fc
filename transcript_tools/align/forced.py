"""Forced alignment: word times from the recording, offline on CPU (pocketsphinx).

Aligning a whole programme at once fails (the search loses its way in a long
file), and aligning it chunk after chunk cascades: one sentence that is not in
the audio shifts every chunk after it. So the work is done in two passes,
and the edges of sentences are checked after them:

1. **Anchoring.** A fast recognition pass over the whole recording, with a
   language model built from the transcript itself, finds where runs of
   transcript words are spoken. Runs of three or more words that match the
   transcript in order (not all among its commonest words) are candidates;
   the anchors are the heaviest chain of them that agrees in word order and
   in time order at a plausible speaking rate (in noise a common phrase is
   heard where another copy of it is spoken). The silences between
   anchored words cut the recording into short segments whose text is
   known. These cuts come from the audio, not from the chunk before, so an
   error never carries over. A stretch between anchors far longer than the
   words there need (music, speech that is not in the transcript) is left
   out of every segment.
2. **Alignment.** Each segment is force-aligned (Viterbi, phone level) to its
   words. A plausibility check follows: if the words of a sentence are
   squeezed to the shortest durations the model allows, anchored words land
   far from where the first pass heard them, or no path through the words
   exists, a sentence may be missing from the recording. It is
   dropped only on strong evidence (the segment aligns without it, and the
   recognition pass heard none of it there), since dropping a spoken sentence
   costs far more than keeping a missing one. A segment that still fails is
   joined with the next, then falls back on the anchor times and
   interpolation by phone count, so one bad segment never throws the rest off.
3. **Edges.** A sentence whose first (last) words sit before (after) a pause
   is aligned again from that pause on, so that untranscribed speech or music
   next to it does not keep its first words; and after a pause a word's onset
   moves to where its sound rises out of the pause, where that is plain.

The transcript's words never change; only their ``start_ms``/``end_ms`` do.
Words that were not found in the audio (a skipped sentence) get a zero-length
time at the point where they would have been said, and a warning is logged.

Needs the ``align`` extra (``pip install 'transcript_tools[align]'``):
pocketsphinx, numpy and soundfile.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from transcript_tools.align.media import SAMPLE_RATE, load_audio
from transcript_tools.align.pronounce import dictionary_key, pronunciations
from transcript_tools.errors import ModelError, TimingError
from transcript_tools.model import Transcript, Word
from transcript_tools.normalize.sentences import split_words

if TYPE_CHECKING:
    import numpy as np

__all__ = ["AlignmentReport", "align_samples", "align_words"]

logger = logging.getLogger(__name__)

_FRAME_MS = 10
_FRAME_SAMPLES = SAMPLE_RATE * _FRAME_MS // 1000
_BLOCK_TARGET_S = 20  # coarse-pass utterance length; cut in the quietest spot
_BLOCK_SLACK_S = 8
_MIN_ANCHOR_RUN = 3  # words in a row recognized as in the transcript
_ANCHOR_TOLERANCE_MS = 300  # the aligner and the recognizer place an anchored word this close
_UNEXPLAINED_GAP_MS = 1500  # more time than this, beyond twice what the words need, between anchors
_REPEAT_WINDOW = 60  # words either side in which a repeated run is ambiguous
_MAX_COPIES = 8  # a word sequence found more often than this in the transcript anchors nothing
_COMMON_SHARE = 0.01  # a word this large a share of the transcript's words ...
_COMMON_COUNT = 10  # ... and found at least this often is common: a run of only such words is no anchor
_CHAIN_LOOKBACK = 400  # candidate runs looked back over when chaining anchors
_TYPICAL_PHONES_PER_SECOND = 12.0  # pauses included
_BRISK_SHARE = 0.7  # words squeezed into less than this share of their typical time ...
_SQUEEZE_COST = 2 / 1000  # ... cost a chain of anchors this many anchored words per ms
_STRETCH_COST = 0.25 / 1000  # a gap far beyond what the words need costs this much per ms
_SNAP_GAP_MS = 250  # a pause this long after a sentence's first word (before its last) is checked
_EDGE_WORDS = 3  # a sentence's first (last) words that may have been put on untranscribed speech
_ONSET_STEP_MS = 5  # onset search: power in steps this long ...
_ONSET_REACH_MS = 50  # ... this far either side of the aligner's onset ...
_ONSET_SHIFT_MS = 30  # ... moving it at most this much later (earlier: _ONSET_REACH_MS) ...
_ONSET_RISE = 4.0  # ... the first of _ONSET_HOLD steps this much above the pause's level
_ONSET_HOLD = 4
_ONSET_CONTRAST = 300.0  # only where the word is this much (25 dB) louder than the pause
_SNAP_POWER_RATIO = 10.0  # ... for speech: this much more power than its quietest 50 ms
_MIN_CUT_GAP_MS = 120  # a cut lies in a pause at least this long
_GAP_EDGE_MS = 400  # a long gap between anchored words is cut this close to each
_SQUEEZED_SHARE = 0.5  # share of a sentence's words at minimum duration
_MAX_PHONES_PER_SECOND = 25.0  # faster than any speaker: the text is not there
_MIN_STATE_FRAMES = 3  # each phone is 3 HMM states of at least one frame
_MAX_UNHEARD = 1  # more unheard sentences in one segment than this: no evidence of a missing one
_MAX_MERGES = 3  # failed segments joined with the next before falling back
# The aligner keeps a back-pointer per frame and HMM state, so its memory
# grows with the square of a stretch's length: joined segments stay shorter.
_MAX_MERGED_MS = 90_000
_CUT_REACH_MS = 200  # a failed segment is cut this close to where a sentence should start
# Digital silence (exact zeros, as in edited or synthesized audio) has no
# spectrum: the search then finds no path at all. A little fixed-seed dither
# keeps it defined and the results repeatable.
_DECODER_OPTIONS = {"loglevel": "FATAL", "dither": True, "seed": 1}
# In noise the default word beam (7e-29) cuts off the path into the next
# word in over half of all segments, and the wide search after it costs
# twice as much again. A wider word beam costs a little more per try but
# saves retries: 5 dB hour, alignment pass 212 s -> 182 s of CPU, the same
# cue starts.
_ALIGN_BEAMS = {"wbeam": 1e-40}
_WIDE_BEAMS = {"beam": 1e-80, "wbeam": 1e-60, "pbeam": 1e-80}


@dataclass(frozen=True, slots=True)
class AlignmentReport:
    """What the aligner found, for logs and benchmarks.

    Attributes:
        segments: Segments force-aligned.
        fallback_segments: Segments whose alignment failed and were interpolated.
        missing_sentences: Indices of sentences not found in the audio.
        anchored_words: Words the coarse pass anchored.
        words: Words with something to pronounce.
    """

    segments: int
    fallback_segments: int
    missing_sentences: tuple[int, ...]
    anchored_words: int
    words: int


def align_words(transcript: Transcript, media_path: str | os.PathLike[str], *, progress: bool = False) -> Transcript:
    """Time every word of a transcript from its recording.

    Args:
        transcript: Any transcript; existing word and cue times are ignored.
        media_path: WAV/FLAC directly, or MP3/M4A/MP4/MKV/WebM through ffmpeg.
        progress: Show a progress bar on standard error when it is a terminal.

    Returns:
        The same transcript, the same words, each with ``start_ms``/``end_ms``
        from the audio, and ``metadata.duration_ms`` set to the recording's.

    Raises:
        MediaError: The media cannot be read (missing file, missing ffmpeg).
        ModelError: pocketsphinx is not installed or its model is unusable.
    """
    samples = load_audio(media_path)
    aligned, _ = align_samples(transcript, samples, progress=progress)
    return aligned


def align_samples(
    transcript: Transcript, samples: np.ndarray, *, progress: bool = False
) -> tuple[Transcript, AlignmentReport]:
    """Time every word of a transcript from 16 kHz mono 16-bit samples.

    Args:
        transcript: The words to place.
        samples: Audio as returned by :func:`~transcript_tools.align.media.load_audio`.
        progress: Show a progress bar on standard error when it is a terminal.

    Returns:
        The timed transcript and a report of how the alignment went.

    Raises:
        ModelError: pocketsphinx is not installed or its model is unusable.
        TimingError: The transcript has words but the audio is empty.
    """
    duration_ms = len(samples) * 1000 // SAMPLE_RATE
    timed_metadata = replace(transcript.metadata, duration_ms=duration_ms)
    if not transcript.words:
        return replace(transcript, metadata=timed_metadata), AlignmentReport(0, 0, (), 0, 0)
    if duration_ms < 100:
        raise TimingError(f"cannot align {len(transcript.words)} words to {duration_ms} ms of audio")
    engine = _Engine.create()
    keys = [dictionary_key(word.text) for word in transcript.words]
    names = engine.add_words(transcript.words, keys)
    spoken = [index for index, name in enumerate(names) if name is not None]
    sentences = _sentence_of_words(transcript.words)
    aligner = _Aligner(engine, samples, [names[i] for i in spoken], [sentences[i] for i in spoken], progress)  # type: ignore[misc]
    times, report = aligner.run()
    words = _apply_times(transcript.words, spoken, times, duration_ms)
    for sentence in report.missing_sentences:
        first = next(i for i in spoken if sentences[i] == sentence)
        logger.warning("sentence %d (%r...) was not found in the audio", sentence + 1, transcript.words[first].text)
    return replace(transcript, words=words, metadata=timed_metadata), report


def _sentence_of_words(words: Sequence[Word]) -> list[int]:
    owner = [0] * len(words)
    for number, sentence in enumerate(split_words(words)):
        for offset in range(len(sentence.words)):
            owner[sentence.first_word + offset] = number
    return owner


def _apply_times(
    words: Sequence[Word], spoken: Sequence[int], times: Sequence[tuple[int, int]], duration_ms: int
) -> tuple[Word, ...]:
    """Put aligned times on the spoken words; silent tokens ("—") take their neighbour's."""
    placed: list[tuple[int, int] | None] = [None] * len(words)
    for index, span in zip(spoken, times):
        placed[index] = span
    result = []
    previous_end = 0
    for index, word in enumerate(words):
        found = placed[index]
        if found is None:
            following = next((placed[j] for j in range(index + 1, len(words)) if placed[j] is not None), None)
            at = min(previous_end, following[0]) if following else previous_end
            found = (at, at)
        span = found
        start, end = min(span[0], duration_ms), min(span[1], duration_ms)
        result.append(replace(word, start_ms=start, end_ms=max(start, end)))
        previous_end = max(start, end)
    return tuple(result)


class _Engine:
    """pocketsphinx decoders sharing one pronunciation dictionary."""

    def __init__(self, pocketsphinx: Any) -> None:
        self._ps = pocketsphinx
        self.aligner = pocketsphinx.Decoder(samprate=SAMPLE_RATE, lm=None, **_DECODER_OPTIONS, **_ALIGN_BEAMS)
        # Adaptive beams: the first beams are fast and nearly always enough;
        # a segment they lose is searched again with much wider ones.
        self.wide_aligner = pocketsphinx.Decoder(samprate=SAMPLE_RATE, lm=None, **_DECODER_OPTIONS, **_WIDE_BEAMS)
        self.added: dict[str, tuple[str, ...]] = {}
        self.phone_counts: dict[str, int] = {}
        # Frame k is computed from the window that starts k frames in, so a
        # word that starts at frame k starts between the centres of windows
        # k-1 and k: half a window minus half a frame after k frames.
        # Counting from the window's start put every word 8 ms early.
        window_ms = float(self.aligner.config["wlen"]) * 1000
        self.offset_ms = round((window_ms - _FRAME_MS) / 2)

    @classmethod
    def create(cls) -> _Engine:
        try:
            import pocketsphinx
        except ImportError as error:
            raise ModelError("audio alignment needs pocketsphinx: pip install 'transcript_tools[align]'") from error
        try:
            return cls(pocketsphinx)
        except RuntimeError as error:
            raise ModelError(f"pocketsphinx cannot load its en-US model: {error}") from error

    def lookup(self, word: str) -> list[str]:
        """All dictionary pronunciations of a word."""
        if not re.fullmatch(r"[a-z'][a-z'.\-]*", word):
            return []
        found: list[str] = []
        variant = 1
        while True:
            name = word if variant == 1 else f"{word}({variant})"
            phones = self.aligner.lookup_word(name)
            if phones is None:
                return found
            found.append(phones)
            variant += 1

    def add_words(self, words: Sequence[Word], keys: Sequence[str | None]) -> list[str | None]:
        """Dictionary names for the words, adding pronunciations for new ones."""
        extra = pronunciations({k for k in keys if k is not None}, self.lookup)
        names: list[str | None] = []
        for word, key in zip(words, keys):
            if key is None:
                names.append(None)
                continue
            name = key if not extra.get(key) else "_" + re.sub(r"[^a-z0-9'.]", "_", key)
            readings = extra.get(key) or tuple(self.lookup(key))
            bare = word.text.strip(".,;:!?\"'“”‘’()")
            if bare.isupper() and 2 <= len(bare) <= 5 and bare.isalpha() and name == key:
                # "US", "AIDS": the dictionary reads a word; a speaker may spell it.
                dotted = key + "."

                def letters_only(spoken: str, dotted: str = dotted) -> list[str]:
                    # Only the spelled-out reading: not the dictionary word itself.
                    return [] if spoken == dotted else self.lookup(spoken)

                spelled = pronunciations([dotted], letters_only)
                readings = readings + tuple(r for r in spelled.get(dotted, ()) if r not in readings)
                name = "_" + key
            if not readings:
                names.append(None)
                continue
            if name not in self.phone_counts:
                self._define(name, readings)
            names.append(name)
        return names

    def _define(self, name: str, readings: Sequence[str]) -> None:
        if name.startswith("_"):
            for decoder in (self.aligner, self.wide_aligner):
                for variant, phones in enumerate(readings, start=1):
                    decoder.add_word(name if variant == 1 else f"{name}({variant})", phones, variant == len(readings))
            self.added[name] = tuple(readings)
        self.phone_counts[name] = min(len(phones.split()) for phones in readings)

    def recognizer(self, folder: str, names: Sequence[str], lm_path: str) -> Any:
        """A decoder with the transcript's language model, for the anchoring pass.

        Its dictionary holds only the transcript's words: with the full
        dictionary, loading even a tiny language model takes seconds.
        """
        dict_path = os.path.join(folder, "transcript.dict")
        with open(dict_path, "w", encoding="utf-8") as handle:
            for name in sorted(set(names)):
                readings = self.added.get(name) or tuple(self.lookup(name))
                for variant, phones in enumerate(readings, start=1):
                    handle.write(f"{name if variant == 1 else f'{name}({variant})'} {phones}\n")
        return self._ps.Decoder(
            samprate=SAMPLE_RATE,
            lm=lm_path,
            dict=dict_path,
            **_DECODER_OPTIONS,
            # Anchors need only a few reliable runs of words: one search pass
            # over every second frame finds most of them at a third of the cost.
            fwdflat=False,
            bestpath=False,
            ds=2,
            # The language model is the transcript itself, so it may weigh
            # more than a general one (6.5): the search keeps fewer words
            # that the transcript does not have next, and hears more runs of
            # it (5 dB hour: 1748 words anchored, not 1360, in 138 s of CPU,
            # not 176 s). It also makes every word dearer; a bonus per word
            # keeps it from taking the transcript's first words for music
            # before them (a 3 s error in the music test without it).
            lw=9.0,
            wip=2.0,
        )


@dataclass(frozen=True, slots=True)
class _Recognized:
    name: str
    start_ms: int
    end_ms: int


class _Aligner:
    """The two passes over one recording; see the module docstring."""

    def __init__(
        self, engine: _Engine, samples: np.ndarray, names: list[str], sentences: list[int], progress: bool
    ) -> None:
        self.engine = engine
        self.samples = samples
        self.names = names
        self.sentences = sentences
        self.duration_ms = len(samples) * 1000 // SAMPLE_RATE
        self.phones = [engine.phone_counts[name] for name in names]
        counts: dict[str, int] = {}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        self.common = {
            name for name, count in counts.items() if count >= max(_COMMON_COUNT, _COMMON_SHARE * len(names))
        }
        self.progress = progress and sys.stderr.isatty()
        self.anchors: dict[int, int] = {}
        self.recognized: list[_Recognized] = []

    def run(self) -> tuple[list[tuple[int, int]], AlignmentReport]:
        bar = self._bar()
        try:
            recognized = self._recognize(bar)
            anchors = self._anchors(recognized)
            self.anchors = anchors
            self.recognized = recognized
            segments = self._segments(recognized, anchors)
            times: list[tuple[int, int] | None] = [None] * len(self.names)
            missing: set[int] = set()
            failures = 0
            position = 0
            while position < len(segments):
                first, last, start_ms, end_ms = segments[position]
                aligned, dropped = self._align_segment(first, last, start_ms, end_ms)
                merged = 0
                while (
                    aligned is None
                    and merged < _MAX_MERGES
                    and position + 1 < len(segments)
                    and segments[position + 1][3] - start_ms <= _MAX_MERGED_MS
                    # A stretch left out between them (untranscribed speech,
                    # music) would come back: the next segment's first words
                    # would be stretched over it, seconds early.
                    and segments[position + 1][2] == end_ms
                ):
                    # A segment that fails alone often aligns with the next one
                    # (the cut may clip a faint final consonant): drop the cut.
                    position += 1
                    merged += 1
                    last, end_ms = segments[position][1], segments[position][3]
                    aligned, dropped = self._align_segment(first, last, start_ms, end_ms)
                if aligned is None:
                    aligned, failed, dropped = self._split_aligned(first, last, start_ms, end_ms)
                    failures += failed
                times[first:last] = aligned
                missing |= dropped
                position += 1
                if bar is not None:
                    bar.update(end_ms - start_ms)
        finally:
            if bar is not None:
                bar.close()
        report = AlignmentReport(len(segments), failures, tuple(sorted(missing)), len(anchors), len(self.names))
        return self._sharpened(self._reclaimed(self._snapped(_monotonic(times)))), report

    def _snapped(self, times: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Move a sentence's edge word across a pause the alignment put inside the sentence.

        Now and then a short first word ("Our", "The") is put on the tail of
        the sentence before, with no pause between the sentences, while its
        own sound is left to the silence before the second word (and the
        last word of a sentence, likewise, on the next one's start). Where a
        sentence meets its neighbour without a pause but has one after its
        first word (before its last), and that pause is not silent next to
        the word across it, the word moves across.
        """
        result = list(times)
        last = len(result) - 1
        for index in range(last):
            if self.sentences[index] != self.sentences[index + 1]:
                continue
            (start, end), (next_start, next_end) = result[index], result[index + 1]
            if next_start - end < _SNAP_GAP_MS:
                continue
            first = index == 0 or self.sentences[index - 1] != self.sentences[index]
            final = index + 1 == last or self.sentences[index + 2] != self.sentences[index + 1]
            if first and index > 0 and start - result[index - 1][1] <= _FRAME_MS and end > start:
                moved = (next_start - (end - start), next_start)
                if self._speech_in_pause(moved, end, next_start):
                    result[index] = moved
            elif final and index + 1 < last and result[index + 2][0] - next_end <= _FRAME_MS and next_end > next_start:
                moved = (end, end + next_end - next_start)
                if self._speech_in_pause(moved, end, next_start):
                    result[index + 1] = moved
        return result

    def _reclaimed(self, times: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Align a sentence again without the stray speech its first (or last) words were put on.

        Speech that is not in the transcript, right before a sentence, has no
        words of its own: the recognizer hears it as the sentence's first
        words, and the aligner puts them there, a pause before the rest of
        the sentence, whose real first words it squeezes in after the pause.
        So where a pause follows one of a sentence's first few words (or
        precedes one of its last few), the sentence is aligned again from
        the quietest point of that pause on (or up to it). The new times are
        kept only when the words that moved get time enough to be said at
        all: a speaker's own pause ("So, ... we") leaves them none.
        """
        result = list(times)
        bounds: dict[int, list[int]] = {}
        for index, sentence in enumerate(self.sentences):
            bounds.setdefault(sentence, []).append(index)
        for indices in bounds.values():
            reach = min(_EDGE_WORDS, len(indices) - 2)
            paused = [k for k in range(1, len(indices)) if result[indices[k]][0] - result[indices[k - 1]][1] >= _SNAP_GAP_MS]
            names = [self.names[i] for i in indices]
            # Words said again across the pause ("We have — we have") would
            # fit on their copy: no evidence either way, so they stay.
            head = next((k for k in paused if k <= reach and not set(names[:k]) & set(names[k : 2 * k + 1])), None)
            tail = next(
                (
                    k
                    for k in reversed(paused)
                    if k >= len(indices) - reach and k != head and not set(names[k:]) & set(names[max(0, 2 * k - len(names) - 1) : k])
                ),
                None,
            )
            if head is None and tail is None:
                continue
            # From the start of the pause (up to its end): the words that
            # belong after it may be in it, where the aligner saw silence.
            # Elsewhere a little room beyond the sentence: a path must reach its last state.
            before = result[indices[0] - 1][1] if indices[0] else 0
            after = result[indices[-1] + 1][0] if indices[-1] + 1 < len(result) else self.duration_ms
            low = max(before, result[indices[0]][0] - _SNAP_GAP_MS)
            high = min(after, result[indices[-1]][1] + _SNAP_GAP_MS)
            moved = []
            if head is not None:
                low = result[indices[head - 1]][1]
                moved += indices[:head]
            if tail is not None:
                high = result[indices[tail]][0]
                moved += indices[tail:]
            found = self._force(indices, low, high)
            if found is None or self._squeezed_sentences(indices, found[0]):
                continue
            spans = dict(zip(indices, found[0]))
            if all(spans[i][1] - spans[i][0] >= 2 * _MIN_STATE_FRAMES * self.phones[i] * _FRAME_MS for i in moved):
                result[indices[0] : indices[-1] + 1] = found[0]
        return _monotonic(result)  # type: ignore[arg-type]

    def _sharpened(self, times: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Put the onset of a word after a pause where its sound rises out of the pause.

        The acoustic model's frames are 10 ms apart and its first state of a
        word soaks up a frame or two of background noise before the onset,
        so cue starts come out early in noise. After a pause the onset is
        plain to see in the signal's power: the first moment it stays well
        above the pause's level. Where the word is not much louder than the
        pause (heavy noise) the aligner's onset stands.
        """
        import numpy as np

        result = list(times)
        step = SAMPLE_RATE * _ONSET_STEP_MS // 1000
        for index, (start, end) in enumerate(times):
            previous_end = result[index - 1][1] if index else 0
            if start - previous_end < 2 * _ONSET_REACH_MS or end - start < 2 * _ONSET_REACH_MS:
                continue
            first = (start - 2 * _ONSET_REACH_MS) * SAMPLE_RATE // 1000
            steps = 4 * _ONSET_REACH_MS // _ONSET_STEP_MS
            window = self.samples[first : first + steps * step].astype(np.float32)
            if len(window) < steps * step:
                continue
            power = (window.reshape(-1, step) ** 2).mean(axis=1)
            half = steps // 2
            floor, loud = float(np.median(power[:half])), float(np.max(power[half:]))
            if loud < _ONSET_CONTRAST * floor:
                continue
            above = power > _ONSET_RISE * floor
            # The first step that begins a run of loud steps, close to the
            # aligner's onset: further off, a weak first sound (an "h") is
            # more likely than the model's error. Loud already before that
            # reach, the pause's level is no guide.
            lowest, highest = half - _ONSET_REACH_MS // _ONSET_STEP_MS, half + _ONSET_SHIFT_MS // _ONSET_STEP_MS
            rises = [k for k in range(lowest, highest + 1) if above[k : k + _ONSET_HOLD].all() and not above[k - 1]]
            if rises and not above[lowest - 1 : lowest + 1].all():
                result[index] = (start - 2 * _ONSET_REACH_MS + rises[0] * _ONSET_STEP_MS, end)
        return result

    def _speech_in_pause(self, span: tuple[int, int], pause_start: int, pause_end: int) -> bool:
        """Whether a stretch of a pause is far louder than the pause's quietest 50 ms."""
        import numpy as np

        def power(start_ms: int, end_ms: int) -> float:
            chunk = self.samples[start_ms * SAMPLE_RATE // 1000 : end_ms * SAMPLE_RATE // 1000].astype(np.float64)
            return float(np.mean(chunk**2)) if len(chunk) else 0.0

        floor = min(power(t, t + 50) for t in range(pause_start, max(pause_start + 1, pause_end - 50), _FRAME_MS))
        return power(*span) > _SNAP_POWER_RATIO * floor

    def _bar(self) -> Any:
        if not self.progress:
            return None
        from tqdm import tqdm

        # Two passes over the audio: recognition, then alignment.
        return tqdm(total=2 * self.duration_ms, unit="ms", desc="aligning", file=sys.stderr, leave=False)

    # -- pass 1: anchors ---------------------------------------------------

    def _recognize(self, bar: Any) -> list[_Recognized]:
        from pocketsphinx.lm import ArpaBoLM

        lines = []
        for sentence in sorted(set(self.sentences)):
            lines.append(" ".join(n for n, s in zip(self.names, self.sentences) if s == sentence))
        model = ArpaBoLM(add_start=True, text="\n".join(lines))
        model.compute()
        with tempfile.TemporaryDirectory(prefix="transcript-tools-") as folder:
            path = os.path.join(folder, "transcript.lm")
            with open(path, "w", encoding="utf-8") as handle:
                model.write(handle)
            decoder = self.engine.recognizer(folder, self.names, path)
        recognized: list[_Recognized] = []
        for start, end in _blocks(self.samples):
            decoder.start_utt()
            decoder.process_raw(self.samples[start:end].tobytes(), full_utt=True)
            decoder.end_utt()
            offset = start * 1000 // SAMPLE_RATE
            for segment in decoder.seg():
                name = re.sub(r"\(\d+\)$", "", segment.word)
                recognized.append(
                    _Recognized(name, offset + segment.start_frame * _FRAME_MS, offset + (segment.end_frame + 1) * _FRAME_MS)
                )
            if bar is not None:
                bar.update((end - start) * 1000 // SAMPLE_RATE)
        return recognized

    def _anchors(self, recognized: list[_Recognized]) -> dict[int, int]:
        """Transcript word index -> index into ``recognized`` for trusted matches."""
        words = [i for i, r in enumerate(recognized) if not _is_filler(r.name)]
        runs = self._chain(recognized, words, _candidate_runs(self.names, [recognized[i].name for i in words]))
        # Speech that is not in the transcript is heard as transcript words
        # (the language model knows no others), now and then as a run that
        # matches. Such a run sits in time far from the runs on both sides
        # of it, with much more time on either side than the words between
        # need; a real run has a neighbour it fits with.
        stray = [
            0 < k < len(runs) - 1
            and self._unexplained(recognized, runs[k - 1][-1], runs[k][0])
            and self._unexplained(recognized, runs[k][-1], runs[k + 1][0])
            for k in range(len(runs))
        ]
        return {word: heard for run, drop in zip(runs, stray) if not drop for word, heard in run}

    def _chain(
        self, recognized: list[_Recognized], words: list[int], candidates: list[tuple[int, int, int]]
    ) -> list[list[tuple[int, int]]]:
        """The heaviest sequence of candidate runs that fits together in order and in time.

        In noise the recognizer hears a common phrase ("we are going to")
        now and then where another copy of it is spoken, seconds away. Taken
        as an anchor, such a run gives the words between it and its true
        neighbours far too little time (or none), and takes every word
        spoken in between out of reach. So runs are chosen together: word
        order and time order must agree, each word a chosen run anchors
        counts for it, and each second that the words between two chosen
        runs are squeezed below a brisk speaking rate counts against it (a
        little also each second far beyond what they need: music and
        untranscribed speech are rare, a misplaced run is not). A run
        repeated nearby in the transcript is ambiguous and no anchor (see
        :meth:`_repeated_nearby`).
        """
        kept = [c for c in candidates if not self._repeated_nearby(c[0], c[2]) and not self._commonplace(c[0], c[2])]
        kept.sort(key=lambda c: (c[1], c[0]))
        starts = [recognized[words[b]].start_ms for _, b, _ in kept]
        ends = [recognized[words[b + size - 1]].end_ms for _, b, size in kept]
        cumulative = [0]
        for phones in self.phones:
            cumulative.append(cumulative[-1] + phones)
        best: list[float] = []
        back: list[int] = []
        for q, (a, b, size) in enumerate(kept):
            score, previous = float(size), -1
            for p in range(max(0, q - _CHAIN_LOOKBACK), q):
                pa, pb, psize = kept[p]
                if pa + psize > a or pb + psize > b or best[p] + size <= score:
                    continue
                expected = (cumulative[a] - cumulative[pa + psize]) * 1000 / _TYPICAL_PHONES_PER_SECOND
                actual = starts[q] - ends[p]
                penalty = _SQUEEZE_COST * max(0.0, _BRISK_SHARE * expected - actual - _ANCHOR_TOLERANCE_MS)
                penalty += _STRETCH_COST * max(0.0, actual - 2 * expected - _UNEXPLAINED_GAP_MS)
                if best[p] + size - penalty > score:
                    score, previous = best[p] + size - penalty, p
            best.append(score)
            back.append(previous)
        chain: list[list[tuple[int, int]]] = []
        q = max(range(len(kept)), key=best.__getitem__, default=-1)
        while q >= 0:
            a, b, size = kept[q]
            chain.append([(a + k, words[b + k]) for k in range(size)])
            q = back[q]
        return chain[::-1]

    def _unexplained(self, recognized: list[_Recognized], before: tuple[int, int], after: tuple[int, int]) -> bool:
        """Whether two anchored words are much further apart than the words between them need."""
        gap = recognized[after[1]].start_ms - recognized[before[1]].end_ms
        return gap > 2 * self._expected_ms(before[0] + 1, after[0]) + _UNEXPLAINED_GAP_MS

    def _commonplace(self, first: int, size: int) -> bool:
        """Whether the words ``first:first+size`` are all among the transcript's commonest.

        In heavy noise the recognizer, its language model the transcript,
        hears such a phrase ("and to the") wherever the sound gives it no
        better idea; seconds from the real one, such an anchor cuts the
        segments wrongly, and a sentence whose audio falls outside its
        segment is found missing (5 dB hour: one 15 s sentence put 14 s late).
        """
        return all(name in self.common for name in self.names[first : first + size])

    def _repeated_nearby(self, first: int, size: int) -> bool:
        """Whether the words ``first:first+size`` occur again close by.

        "Thank you. Thank you. Thank you.": a run heard once could be any of
        the copies, and pinning it to the wrong one leaves a segment without
        the audio of its words. Such a run is no anchor; the forced alignment
        of the segment around it sorts the copies out.
        """
        run = self.names[first : first + size]
        low = max(0, first - _REPEAT_WINDOW)
        high = min(len(self.names) - size, first + _REPEAT_WINDOW)
        return any(self.names[other : other + size] == run for other in range(low, high + 1) if other != first)

    def _segments(self, recognized: list[_Recognized], anchors: dict[int, int]) -> list[tuple[int, int, int, int]]:
        """Cut the words and the audio at pauses between anchored words.

        Two consecutive transcript words that are both anchored have no
        transcript words between them: a long gap there holds only silence,
        music or speech that is not in the transcript. It is cut close to
        both words and left out, so that neither word is stretched over it.
        Between anchored words of different sentences further apart, the
        rest of the earlier anchor's sentence lies just after it and the
        start of the later anchor's sentence just before that: a stretch
        much longer than twice what they need is cut off from both (whole
        sentences between, if any, are aligned in it).
        """
        cuts: list[tuple[int, int, int]] = []  # (first word of the next segment, end of this one, start of the next)
        for index in range(1, len(self.names)):
            before, after = anchors.get(index - 1), anchors.get(index)
            if before is None or after is None:
                continue
            gap_start, gap_end = recognized[before].end_ms, recognized[after].start_ms
            if gap_end - gap_start > 2 * _GAP_EDGE_MS + _MIN_CUT_GAP_MS:
                end = _quietest_ms(self.samples, gap_start, gap_start + _GAP_EDGE_MS)
                cuts.append((index, end, _quietest_ms(self.samples, gap_end - _GAP_EDGE_MS, gap_end)))
            elif gap_end - gap_start >= _MIN_CUT_GAP_MS:
                at = _quietest_ms(self.samples, gap_start, gap_end)
                cuts.append((index, at, at))
        ordered = sorted(anchors)
        heard = set(anchors.values())
        for before, after in zip(ordered, ordered[1:]):
            if after == before + 1 or self.sentences[before] == self.sentences[after]:
                continue  # no words between, or no sentence boundary to put the gap at
            tail = before + 1  # first word after the earlier anchor's sentence
            while self.sentences[tail] == self.sentences[before]:
                tail += 1
            head = after  # first word of the later anchor's sentence
            while self.sentences[head - 1] == self.sentences[after]:
                head -= 1
            left = recognized[anchors[before]].end_ms + 2 * self._expected_ms(before + 1, tail)
            right = recognized[anchors[after]].start_ms - 2 * self._expected_ms(head, after)
            if right - left < 2 * _GAP_EDGE_MS + _UNEXPLAINED_GAP_MS + 2 * self._expected_ms(tail, head):
                continue
            end = _quietest_ms(self.samples, left, left + _GAP_EDGE_MS)
            start = _quietest_ms(self.samples, right - _GAP_EDGE_MS, right)
            if tail == head:
                cuts.append((head, end, start))
                continue
            # Whole sentences between: they get the stretch to themselves, so
            # that they pull neither neighbour into it; at one end of it when
            # the recognition pass heard some of their words there and none
            # at the other (a word heard in the middle may be the untranscribed
            # speech, heard as transcript words).
            words = set(self.names[tail:head])
            reach = 2 * self._expected_ms(tail, head) + _GAP_EDGE_MS
            hits = [r for k, r in enumerate(recognized) if k not in heard and end <= r.start_ms < start and r.name in words]
            early = any(r.start_ms <= end + reach for r in hits)
            late = any(r.end_ms >= start - reach for r in hits)
            middle_start, middle_end = end, start
            if early and not late:
                middle_end = _quietest_ms(self.samples, end + reach, end + reach + _GAP_EDGE_MS)
            elif late and not early:
                middle_start = _quietest_ms(self.samples, start - reach - _GAP_EDGE_MS, start - reach)
            cuts += [(tail, end, middle_start), (head, middle_end, start)]
        cuts.sort()
        start_ms, end_ms = 0, self.duration_ms
        if anchors:
            # Music or silence before the first words: start shortly before them.
            first = min(anchors)
            lead = self._expected_ms(0, first)
            start_ms = max(0, recognized[anchors[first]].start_ms - 2 * lead - 1500)
            last = max(anchors)
            tail = self._expected_ms(last + 1, len(self.names))
            end_ms = min(self.duration_ms, recognized[anchors[last]].end_ms + 2 * tail + 1500)
        bounds = [(0, start_ms, start_ms)] + cuts + [(len(self.names), end_ms, end_ms)]
        return [(a, b, ta, tb) for (a, _, ta), (b, tb, _) in zip(bounds, bounds[1:]) if b > a]

    def _expected_ms(self, first: int, last: int) -> int:
        return int(sum(self.phones[first:last]) * 1000 / _TYPICAL_PHONES_PER_SECOND)

    # -- pass 2: alignment -------------------------------------------------

    def _align_segment(
        self, first: int, last: int, start_ms: int, end_ms: int
    ) -> tuple[list[tuple[int, int]] | None, set[int]]:
        """Align one segment; drop sentences that are not in its audio.

        Dropping a spoken sentence costs far more than keeping a missing one
        (a missing sentence only gets a short span at a pause), so it takes
        three kinds of evidence together: the segment fails with the sentence
        (no path through the words at all, this very sentence squeezed to the
        shortest durations the model allows, or anchored words pushed far
        from where the recognition pass heard them); it aligns without it;
        and the recognition pass heard none of the sentence where it would be
        (see :meth:`_unheard_sentences`).
        """
        keep = list(range(first, last))
        forced = self._force(keep, start_ms, end_ms)
        squeezed: set[int] = set()
        if forced is not None:
            squeezed = self._squeezed_sentences(keep, forced[0])
            if not squeezed and not self._off_anchors(keep, forced[0]):
                return self._with_dropped(first, last, keep, forced[0]), set()
        unheard = self._unheard_sentences(keep, start_ms, end_ms)
        if squeezed:
            unheard = [sentence for sentence in unheard if sentence in squeezed]
        if len(unheard) > _MAX_UNHEARD:
            # The recognizer is deaf here (heavy noise), not one sentence
            # silent: what it missed is no evidence, and every trial is a
            # whole alignment of a long stretch.
            unheard = []
        # Several sentences may each let the rest align (two short ones side
        # by side, say): the one whose absence explains the audio best goes.
        best: tuple[float, list[int], list[tuple[int, int]], set[int]] | None = None
        for dropped in [{sentence} for sentence in unheard] + ([set(unheard)] if len(unheard) > 1 else []):
            rest = [i for i in keep if self.sentences[i] not in dropped]
            if not rest:
                continue
            found = self._force(rest, start_ms, end_ms)
            if found is None or self._squeezed_sentences(rest, found[0]) or self._off_anchors(rest, found[0]):
                continue
            if best is None or found[1] > best[0]:
                best = (found[1], rest, found[0], dropped)
        if best is not None:
            return self._with_dropped(first, last, best[1], best[2]), best[3]
        if forced is not None and not squeezed:
            # Only the recognizer disagrees, and no missing sentence explains
            # it: the recognizer's word edges are the rougher of the two.
            return self._with_dropped(first, last, keep, forced[0]), set()
        return None, set()

    def _split_aligned(
        self, first: int, last: int, start_ms: int, end_ms: int
    ) -> tuple[list[tuple[int, int]], int, set[int]]:
        """Align a failed segment piece by piece, cut before each sentence with an anchored word.

        In heavy noise the recognizer anchors few words and rarely hears the
        pauses around them, so segments are long and some fail. Interpolating
        a whole one leaves its sentences a second or more off; the anchored
        runs inside it are sound (see :meth:`_chain`), so the segment is cut
        at the quietest moment about where each sentence with an anchored
        word starts, and only a piece that fails too is interpolated. Returns the spans,
        the number of pieces interpolated and the sentences found missing.
        """
        cuts = [first]
        times = [start_ms]
        for index in range(first + 1, last):
            if self.sentences[index - 1] == self.sentences[index]:
                continue
            heard = next((i for i in range(index, last) if self.sentences[i] == self.sentences[index] and i in self.anchors), None)
            if heard is None:
                continue
            # The pause before the sentence: about as long before its first
            # anchored word as the words before that take to say.
            onset = self.recognized[self.anchors[heard]].start_ms
            expected = onset - self._expected_ms(index, heard)
            low, high = max(times[-1], expected - _CUT_REACH_MS), min(onset, expected + _CUT_REACH_MS // 2) + _FRAME_MS
            if high <= low:
                continue
            at = _quietest_ms(self.samples, low, high)
            if at - times[-1] >= _MIN_STATE_FRAMES * _FRAME_MS * sum(self.phones[cuts[-1] : index]):
                cuts.append(index)
                times.append(at)
        cuts.append(last)
        times.append(end_ms)
        spans: list[tuple[int, int]] = []
        failed = 0
        missing: set[int] = set()
        for a, b, t0, t1 in zip(cuts, cuts[1:], times, times[1:]):
            aligned, dropped = self._align_segment(a, b, t0, t1) if len(cuts) > 2 else (None, set())
            if aligned is None:
                failed += 1
                aligned = self._interpolate(a, b, t0, t1, self.anchors, self.recognized)
            spans += aligned
            missing |= dropped
        return spans, failed, missing

    def _off_anchors(self, keep: list[int], spans: list[tuple[int, int]]) -> bool:
        """Whether the alignment puts an anchored word far from where the recognition pass heard it.

        Both passes hear a word that they agree on at nearly the same time;
        a word of a missing sentence stretched over the next sentence's audio
        pushes that sentence's anchored words late.
        """
        return any(
            abs(span[0] - self.recognized[self.anchors[index]].start_ms) > _ANCHOR_TOLERANCE_MS
            for index, span in zip(keep, spans)
            if index in self.anchors
        )

    def _unheard_sentences(self, keep: list[int], start_ms: int, end_ms: int) -> list[int]:
        """Sentences of which the recognition pass heard nothing where they would be.

        That is: none of its words anchored, and at most a stray one (a
        common word misheard) among the unanchored words recognized between
        the anchored words on either side of it.
        """
        anchored = set(self.anchors.values())
        by_sentence: dict[int, list[int]] = {}
        for index in keep:
            by_sentence.setdefault(self.sentences[index], []).append(index)
        result = []
        for sentence, indices in by_sentence.items():
            if any(i in self.anchors for i in indices):
                continue
            before = max((i for i in self.anchors if i < indices[0]), default=None)
            after = min((i for i in self.anchors if i > indices[-1]), default=None)
            low = max(start_ms, self.recognized[self.anchors[before]].end_ms) if before is not None else start_ms
            high = min(end_ms, self.recognized[self.anchors[after]].start_ms) if after is not None else end_ms
            heard = {
                r.name
                for k, r in enumerate(self.recognized)
                if k not in anchored and low <= r.start_ms < high and not _is_filler(r.name)
            }
            # A one- or two-word sentence must not have been heard at all.
            if sum(self.names[i] in heard for i in indices) <= (len(indices) - 1) // 3:
                result.append(sentence)
        return result

    def _force(self, keep: list[int], start_ms: int, end_ms: int) -> tuple[list[tuple[int, int]], float] | None:
        """Force-align words to a stretch of audio: their spans and the path's score (higher is better), or None."""
        audio = self.samples[start_ms * SAMPLE_RATE // 1000 : end_ms * SAMPLE_RATE // 1000]
        if len(audio) < _FRAME_SAMPLES * 3 * len(keep):
            return None
        text = " ".join(self.names[i] for i in keep)
        for decoder in (self.engine.aligner, self.engine.wide_aligner):
            try:
                decoder.set_align_text(text)
                decoder.start_utt()
                decoder.process_raw(audio.tobytes(), full_utt=True)
                decoder.end_utt()
                # seg() is None or short when no path through the words reaches the end.
                segments = [s for s in decoder.seg() or () if not _is_filler(s.word)]
            except RuntimeError as error:
                logger.debug("alignment of %d words failed: %s", len(keep), error)
                continue
            if len(segments) == len(keep):
                origin = start_ms + self.engine.offset_ms
                spans = [(origin + s.start_frame * _FRAME_MS, origin + (s.end_frame + 1) * _FRAME_MS) for s in segments]
                best = decoder.hyp()
                return spans, float(best.score) if best is not None else float("-inf")
            if segments:
                # A path through all but the last words: the search kept its
                # way, but the stretch ends before they are said (a cut that
                # clips the last word, a sentence that is not there). Wider
                # beams never found the rest (none of 32 such tries in two
                # runs of the 5 dB hour; trying cost 16 s of 182 s).
                return None
        return None

    def _squeezed_sentences(self, keep: list[int], spans: list[tuple[int, int]]) -> set[int]:
        """Sentences whose words got the shortest durations the model allows."""
        by_sentence: dict[int, list[int]] = {}
        for position, index in enumerate(keep):
            by_sentence.setdefault(self.sentences[index], []).append(position)
        squeezed = set()
        for sentence, positions in by_sentence.items():
            if len(positions) < 3:
                continue
            phones = sum(self.phones[keep[p]] for p in positions)
            seconds = (spans[positions[-1]][1] - spans[positions[0]][0]) / 1000
            tight = sum(
                1
                for p in positions
                if spans[p][1] - spans[p][0] <= (_MIN_STATE_FRAMES * self.phones[keep[p]] + 1) * _FRAME_MS
            )
            if tight >= _SQUEEZED_SHARE * len(positions) or phones / max(seconds, 0.01) > _MAX_PHONES_PER_SECOND:
                squeezed.add(sentence)
        return squeezed

    def _with_dropped(
        self, first: int, last: int, keep: list[int], spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Spans for a whole segment; dropped words sit, zero-length, where they were skipped."""
        placed = dict(zip(keep, spans))
        result = []
        previous = spans[0][0] if spans else 0
        for index in range(first, last):
            span = placed.get(index)
            if span is None:
                span = (previous, previous)
            result.append(span)
            previous = span[1]
        return result

    def _interpolate(
        self,
        first: int,
        last: int,
        start_ms: int,
        end_ms: int,
        anchors: dict[int, int],
        recognized: list[_Recognized],
    ) -> list[tuple[int, int]]:
        """Fallback: anchored words keep their recognized times; the rest are spread by phone count.

        Words before the first anchored word take their typical time up to
        it, not the whole stretch from the segment's start.
        """
        logger.debug("segment of words %d-%d interpolated", first, last)
        known = {i: (recognized[anchors[i]].start_ms, recognized[anchors[i]].end_ms) for i in range(first, last) if i in anchors}
        result: list[tuple[int, int]] = []
        index = first
        while index < last:
            if index in known:
                result.append(known[index])
                index += 1
                continue
            stop = next((j for j in range(index, last) if j in known), last)
            begin = result[-1][1] if result else start_ms
            finish = known[stop][0] if stop < last else end_ms
            if not result and stop < last:
                # Before the segment's first anchored word there may be
                # speech that is not in the transcript: the words take their
                # typical time up to the anchor, not all of the stretch.
                begin = max(begin, finish - self._expected_ms(index, stop))
            total = sum(self.phones[index:stop]) or 1
            span = max(0, finish - begin)
            done = 0
            for j in range(index, stop):
                onset = begin + span * done // total
                done += self.phones[j]
                result.append((onset, begin + span * done // total))
            index = stop
        return result


def _candidate_runs(names: Sequence[str], heard: Sequence[str]) -> list[tuple[int, int, int]]:
    """Maximal runs of at least ``_MIN_ANCHOR_RUN`` words heard in transcript order.

    Returns ``(first transcript word, first heard word, length)`` for every
    place the transcript and the recognized words agree on so many words in
    a row; a word sequence common in the transcript (more than
    ``_MAX_COPIES`` times) starts no run, as it fits anywhere.
    """
    n = _MIN_ANCHOR_RUN
    where: dict[tuple[str, ...], list[int]] = {}
    for index in range(len(names) - n + 1):
        where.setdefault(tuple(names[index : index + n]), []).append(index)
    runs = set()
    for position in range(len(heard) - n + 1):
        places = where.get(tuple(heard[position : position + n]), ())
        if len(places) > _MAX_COPIES:
            continue
        for place in places:
            a, b = place, position
            while a > 0 and b > 0 and names[a - 1] == heard[b - 1]:
                a, b = a - 1, b - 1
            size = place + n - a
            while a + size < len(names) and b + size < len(heard) and names[a + size] == heard[b + size]:
                size += 1
            runs.add((a, b, size))
    return sorted(runs)


def _is_filler(name: str) -> bool:
    return name.startswith(("<", "[", "+"))


def _quietest_ms(samples: np.ndarray, start_ms: int, end_ms: int) -> int:
    """The quietest 50 ms between two times: the recognizer's word edges are
    only good to a frame or two, and a cut that clips a word's first sound
    leaves the aligner no path at all."""
    import numpy as np

    frames = (end_ms - start_ms) // _FRAME_MS
    if frames < 5:
        return (start_ms + end_ms) // 2
    first = start_ms * SAMPLE_RATE // 1000
    window = samples[first : first + frames * _FRAME_SAMPLES].astype(np.float32)
    energy = (window.reshape(-1, _FRAME_SAMPLES) ** 2).mean(axis=1)
    smooth = np.convolve(energy, np.ones(5, dtype=np.float32), mode="valid")
    return start_ms + (int(np.argmin(smooth)) + 2) * _FRAME_MS


def _blocks(samples: np.ndarray) -> list[tuple[int, int]]:
    """Split the audio into coarse-pass utterances at its quietest moments."""
    import numpy as np

    total = len(samples)
    target, slack = _BLOCK_TARGET_S * SAMPLE_RATE, _BLOCK_SLACK_S * SAMPLE_RATE
    blocks = []
    start = 0
    while total - start > target + slack:
        low, high = start + target - slack, start + target + slack
        window = samples[low:high][: (high - low) // _FRAME_SAMPLES * _FRAME_SAMPLES].astype(np.float32)
        energy = (window.reshape(-1, _FRAME_SAMPLES) ** 2).mean(axis=1)
        # 200 ms of quiet is a pause, not a stop consonant.
        smooth = np.convolve(energy, np.ones(20, dtype=np.float32), mode="same")
        cut = low + int(np.argmin(smooth)) * _FRAME_SAMPLES
        blocks.append((start, cut))
        start = cut
    blocks.append((start, total))
    return blocks


def _monotonic(times: list[tuple[int, int] | None]) -> list[tuple[int, int]]:
    """Never let a word start before the one before it ends (segment edges overlap by a frame)."""
    result = []
    previous = 0
    for span in times:
        start, end = span if span is not None else (previous, previous)
        start = max(start, previous)
        end = max(end, start)
        result.append((start, end))
        previous = end
    return result
