"""Turning caption text into words, markers and speaker changes.

Every reader sees the same conventions in real captions, and they are
recognised here, once:

- Speaker changes: chevrons (``>> ``) and dialogue dashes (``- `` opening a
  line, two speakers in one subtitle) become an unnamed speaker change; a
  speaker label (``JOHN:``, ``MAN 1:``, ``Dr. Smith:``) opening a line, or
  alone on it, names the speaker of the words after it, and so does a name in
  brackets before words (``[Alba] En 1928``).
- Non-speech annotations are markers, not words: ``[Music]``, sound
  descriptions in parentheses (``(laughs)``, ``(door slams)``,
  ``(SOUND EFFECT)``), and sung lyrics between music notes (``♪ la la ♪``,
  kept whole as the marker's label so that nothing is lost).

Capitals alone never make an annotation or a name: ``(NATO)``, ``(AND I
MEAN IT)``, ``HERE'S WHAT HE SAID:`` and ``I:`` stay words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transcript_tools.model import Cue, Marker, Metadata, Transcript, Word

__all__ = [
    "MUSIC",
    "SPEAKER_CHANGE",
    "CueWords",
    "TimedPiece",
    "Token",
    "WordCollector",
    "is_description",
    "is_lyrics",
    "lone_dash",
    "is_name",
    "names_new_speaker",
    "starts_turn",
    "timed_lines",
    "tokenize",
    "words_from_cues",
]

#: Marker label for an unnamed speaker change (``>>`` in broadcast captions,
#: a dialogue dash in subtitles).
SPEAKER_CHANGE = ">>"
#: Marker label for music without lyrics (``♪`` alone, ``[Music]`` keeps its own label).
MUSIC = "Music"

# A new speaker opens the line: chevrons, or a dialogue dash ("- Yes.",
# Netflix's "-Yes.", the en and em dashes of European subtitles). "--" and a
# dash glued to a digit ("-30 degrees") are not dialogue dashes.
_TURN = re.compile(r"^\s*(?:>>+\s*|[-–—]\s+(?=\S)|-(?=[^\W\d_]|[¿¡\"'“‘«]))")
# "NAME:" opening a line, followed by text or alone on the line. The name is
# checked further by is_name.
_LABEL = re.compile(r"^\s*(?P<name>[^\W\d_][\w .'’\-]{0,30}?)\s*:(?:\s+(?=\S)|\s*$)")
# First words of ordinary sentences and headings with a colon after them, never names.
_NOT_NAMES = frozenset(
    """NOTE NOTES EXAMPLE WARNING UPDATE EDIT SOURCE Q A CHAPTER PART STEP SECTION TRANSCRIPT TRANSCRIPTION SUMMARY
    DESCRIPTION TITLE INTRO INTRODUCTION OUTRO CHORUS VERSE TRANSLATION CAPTIONS SUBTITLES""".split()
)
# Words no speaker's name or title holds, but that all-caps captions put before
# a colon ("HERE'S WHAT HE SAID:", "THE ANSWER IS:", "I: ...").
_SENTENCE_WORDS = frozenset(
    """I I'M ME MY YOU YOU'RE YOUR WE WE'RE OUR US HE HE'S HIM HIS SHE SHE'S IT IT'S ITS THEY THEY'RE THEM THEIR
    THIS THAT THAT'S THESE THOSE HERE HERE'S THERE THERE'S WHAT WHAT'S WHY HOW WHEN WHERE WHICH
    IS ARE WAS WERE BE BEEN AM DO DOES DID DON'T HAVE HAS HAD SAY SAYS SAID TELL TOLD WILL WOULD CAN COULD
    SHOULD MUST NOT NO YES AND BUT SO OR IF BECAUSE THEN THAN JUST ALSO LIKE WELL OK OKAY NOW FOLLOWING THING THINGS
    ANSWER QUESTION REASON PROBLEM POINT""".split()
)
# Subtitles name a speaker who is off screen in brackets before their words:
# "[Alba] En 1928" (Netflix). A sound in brackets ("[Music] hello") is no name.
_BRACKET_LABEL = re.compile(r"^\s*\[\s*(?P<name>[^\]\n]{1,40}?)\s*\]\s+(?=\S)")
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w.'’\-]*|\d{1,3})$")
_MAX_NAME_WORDS = 4
# Lowercase particles inside a capitalised name: "Jean de la Fontaine", "Ludwig van Beethoven".
_PARTICLES = frozenset("al bin da de del della der di du ibn la le ten ter van von y".split())
# A dash set apart between clauses (" - ", " -- ", " — "): punctuation.
_LONE_DASH = re.compile(r"^[-–—]+$")
# Lyrics and music: runs of notes ("♪", "♪♪", "♫").
_NOTES = re.compile(r"[♪♫]+")
# [Music], [ Applause ], [SOUND EFFECT]: anything bracketed is an annotation;
# what is in parentheses may be (is_description decides).
_ANNOTATION = re.compile(r"\[\s*([^\]\n]{1,80}?)\s*\]|\(\s*([^()\n]{1,60}?)\s*\)")
# A parenthesised description of a sound names it first or last: "(laughs)",
# "(door slams)", "(speaking Spanish)", "(upbeat music)".
_SOUND_WORDS = frozenset(
    """music musical song singing sings humming hums whistling applause applauding clapping claps laughter laughs
    laughing laugh chuckles chuckling chuckle giggles giggling cheering cheers sighs sighing sigh coughs coughing cough
    gasps gasping gasp groans groaning grunts grunting screams screaming shouts shouting yells yelling whispers
    whispering sobs sobbing crying cries sniffles sniffling sniffs exhales inhales panting breathing snoring stammers
    stutters mutters muttering murmurs murmuring chatter chattering crosstalk inaudible indistinct unintelligible silence
    static beep beeps beeping buzzing buzzes rings ringing ringtone knocks knocking slams slamming bangs banging crash
    crashes thud thuds thump footsteps siren sirens thunder explosion explosions gunshot gunshots gunfire barks barking
    meows howling noise noises sound speaking foreign continues playing plays upbeat dramatic blank_audio no_audio
    audio bell bells clears""".split()
)
# Capitals make a description only with more than one word and none of a
# spoken sentence: "(SOUND EFFECT)", "(MAN SHOUTING)", but "(NATO)", "(AND I MEAN IT)" are speech.
_SPOKEN_WORDS = frozenset("I I'M ME MY YOU YOUR WE OUR US IT IT'S IS ARE WAS WERE AM DO DON'T CAN WILL NOT".split())


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of caption text: a word, a marker or a speaker change.

    Attributes:
        kind: ``"word"``, ``"marker"``, ``"speaker"`` (a label, which names
            the speaker of what follows until the next change) or ``"voice"``
            (a name in brackets, which subtitles give for one cue only).
        text: The word, the marker label, or the speaker name (``""`` for an
            unnamed change: ``>>`` or a dialogue dash).
    """

    kind: str
    text: str


def tokenize(text: str) -> list[Token]:
    r"""Split caption text into words, markers and speaker changes.

    Args:
        text: One cue's or one line's text, markup already removed.

    Returns:
        Tokens in reading order.

    Example:
        >>> [(t.kind, t.text) for t in tokenize(">> JOHN: [Music] hello there")]
        [('speaker', 'JOHN'), ('marker', 'Music'), ('word', 'hello'), ('word', 'there')]
        >>> [(t.kind, t.text) for t in tokenize("- Ready? (DOOR SLAMS)\n- Yes.")]
        [('speaker', ''), ('word', 'Ready?'), ('marker', 'DOOR SLAMS'), ('speaker', ''), ('word', 'Yes.')]
        >>> [(t.kind, t.text) for t in tokenize("[Alba] En 1928,")]
        [('voice', 'Alba'), ('word', 'En'), ('word', '1928,')]
        >>> [(t.kind, t.text) for t in tokenize("MAN 1:\n♪ Happy birthday\nto you ♪")]
        [('speaker', 'MAN 1'), ('marker', '♪ Happy birthday ♪'), ('marker', '♪ to you ♪')]
    """
    tokens: list[Token] = []
    lyrics_open = False
    for line in text.split("\n"):
        if not lyrics_open:
            turn = _TURN.match(line)
            if turn:
                tokens.append(Token("speaker", ""))
                line = line[turn.end() :]
            label, kind = _LABEL.match(line), "speaker"
            if label is None:
                label, kind = _BRACKET_LABEL.match(line), "voice"
            if label and is_name(label["name"]) and not (kind == "voice" and _names_a_sound(label["name"])):
                name = " ".join(label["name"].split())
                if tokens and tokens[-1] == Token("speaker", ""):
                    tokens[-1] = Token(kind, name)
                else:
                    tokens.append(Token(kind, name))
                line = line[label.end() :]
        lyrics_open = _split_line(line, lyrics_open, tokens)
    return tokens


def is_name(name: str) -> bool:
    """True when ``name``, seen before a colon opening a line, is a speaker's name.

    Names are in capitals (``JOHN``, ``MAN 1``, ``DR. SMITH``, up to four
    words) or capitalised (``Dr. Smith``, ``Speaker 2``, up to three words
    and a number, and particles such as ``de la`` between them). Words that
    only sentences hold rule a name out, so that ``HERE'S WHAT HE SAID`` or
    ``I`` is none.

    Example:
        >>> [is_name(n) for n in ("MAN 1", "Dr. Smith", "I", "THE ANSWER IS", "Note", "then he", "Jean de la Fontaine")]
        [True, True, False, False, False, False, True]
    """
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or not all(_NAME_WORD.match(word) for word in words):
        return False
    upper = [word.upper().rstrip(".").replace("’", "'") for word in words]
    if upper[0] in _NOT_NAMES or any(word in _SENTENCE_WORDS for word in upper):
        return False
    if name.upper() == name:
        return True
    spelled = [word for word in words if not word.isdigit()]
    inner = spelled[1:-1]
    particles = [word for word in inner if word in _PARTICLES]
    named = [word for word in spelled if word not in particles]
    return len(named) <= 3 and all(word[0].isupper() for word in named)


def starts_turn(line: str) -> bool:
    """True when ``line`` opens with a speaker change: ``>>`` or a dialogue dash.

    Example:
        >>> [starts_turn(line) for line in ("- Yes.", "-No.", ">> Hi", "-30 degrees", "-- and", "well - no")]
        [True, True, True, False, False, False]
    """
    return _TURN.match(line) is not None


def names_new_speaker(previous: str | None, speaker: str | None) -> bool:
    """True when words of ``speaker`` after words of ``previous`` start another speaker's turn.

    A name says who speaks from there on, so a named speaker after anyone else
    (or after words whose speaker is unknown) is a new turn. Words without a
    speaker after named ones are not: a bracketed name (``[Alba] En 1928,``)
    names only its own cue, and the next cue is most often the same speaker
    going on. An unnamed change is said by a ``>>`` or dash marker instead.

    Example:
        >>> [names_new_speaker(*pair) for pair in (("Ann", "Bob"), (None, "Ann"), ("Ann", None), ("Ann", "Ann"))]
        [True, True, False, False]
    """
    return speaker is not None and speaker != previous


def is_lyrics(label: str) -> bool:
    """True for a marker label holding sung lyrics (``"♪ la la ♪"``), which writers show as they are."""
    return label.startswith(("♪", "♫"))


def _split_line(line: str, lyrics_open: bool, tokens: list[Token]) -> bool:
    """Add one line's words and annotations to ``tokens``; return whether lyrics stay open.

    Notes pair up on a line: text between an opening and a closing run of
    notes is sung. A last note with text after it opens lyrics that go on
    over the next lines (until a note closes them); one with text only
    before it closes lyrics a previous line or cue opened. Notes around
    nothing mean music.
    """
    texts = _NOTES.split(line)
    if len(texts) == 1:
        if lyrics_open and line.strip():
            tokens.append(Token("marker", _lyrics(line)))
        elif not lyrics_open:
            tokens.extend(_split_text(line))
        return lyrics_open
    if lyrics_open and not texts[0].strip():
        lyrics_open = False  # a note opening a line goes on with the song
    notes = len(texts) - 1
    if not lyrics_open and notes == 1 and texts[0].strip() and not texts[-1].strip():
        lyrics_open = True  # "to you ♪": the end of lyrics opened earlier
    inside = lyrics_open
    for index, piece in enumerate(texts):
        if inside:
            if piece.strip():
                tokens.append(Token("marker", _lyrics(piece)))
            elif 0 < index < notes:
                tokens.append(Token("marker", MUSIC))  # "♪ ♪"
        else:
            tokens.extend(_split_text(piece))
        if index < notes:
            inside = not inside
    if inside and not texts[-1].strip():
        if notes == 1 and not texts[0].strip():
            tokens.append(Token("marker", MUSIC))  # "♪" or "♪♪" alone
        return False
    return inside


def _lyrics(text: str) -> str:
    return f"♪ {' '.join(text.split())} ♪"


def _split_text(text: str) -> Iterable[Token]:
    position = 0
    for match in _ANNOTATION.finditer(text):
        bracketed, parenthesised = match[1], match[2]
        # A lone parenthesised word on its line is a sound ("(WHOOSH)"); in a
        # sentence it may be said ("the alliance (NATO) agreed").
        alone = parenthesised is not None and match[0] == text.strip() and parenthesised.isalpha()
        if bracketed is None and not alone and not is_description(parenthesised):
            continue  # "(inaudible)" is a marker; "(and I mean it)" is speech.
        yield from (Token("word", w) for w in _words(text[position : match.start()]))
        yield Token("marker", bracketed if bracketed is not None else parenthesised)
        position = match.end()
    yield from (Token("word", w) for w in _words(text[position:]))


def lone_dash(text: str) -> str | None:
    """The dash to glue onto a neighbouring word, if ``text`` is a dash alone.

    A hyphen becomes an em dash (see ``_words`` for why); other dashes stay
    as written.

    Example:
        >>> lone_dash(" - "), lone_dash("--"), lone_dash("-30")
        ('—', '--', None)
    """
    piece = text.strip()
    if not _LONE_DASH.match(piece):
        return None
    return "—" if piece == "-" else piece


def _words(text: str) -> list[str]:
    """The words of a stretch of text; a dash standing alone is punctuation, not a word.

    Whisper and many transcribers set a dash apart between clauses ("so - if
    you"). It goes to the word before it, as a comma would, so that no word
    is added; with no word before it, to the word after it. A word holds no
    space, so the dash is glued on as written, except that a hyphen becomes
    an em dash: a hyphen on the end of a word reads as one of a pair
    ("pre- and post-war"). What is written reads back as the same words.

    Example:
        >>> _words("so - if you -- well – no"), _words("-- and then"), _words("-")
        (['so—', 'if', 'you--', 'well–', 'no'], ['--and', 'then'], ['-'])
        >>> " ".join(_words(" ".join(_words("so - if you -- well – no"))))
        'so— if you-- well– no'
    """
    words: list[str] = []
    dangling = ""  # a dash that opens the text, waiting for its word
    for piece in text.split():
        dash = lone_dash(piece)
        if dash is not None:
            if words:
                words[-1] += dash
            else:
                dangling += dash
        else:
            words.append(dangling + piece)
            dangling = ""
    # With no word at all to hold them, the dashes are all the text there is.
    return words if words or not dangling else text.split()


def is_description(text: str) -> bool:
    """True when ``text``, found in parentheses, describes a sound rather than being said.

    A description names the sound first or last (``laughs``, ``door slams``,
    ``speaking Spanish``, ``upbeat music``), in any case, or is several words
    in capitals none of which only speech holds (``SOUND EFFECT``).

    Example:
        >>> [is_description(t) for t in ("LAUGHS", "door slams", "SOUND EFFECT", "NATO", "and I mean it", "AND I MEAN IT")]
        [True, True, True, False, False, False]
    """
    words = _bare_words(text)
    if not words or not any(c.isalpha() for c in text):
        return False
    if _names_a_sound(text):
        return True
    return (
        len(words) >= 2
        and text.upper() == text
        and not any(word.upper().replace("’", "'") in _SPOKEN_WORDS for word in words)
    )


@dataclass(frozen=True, slots=True)
class CueWords:
    """The words and markers recovered from a sequence of cues."""

    words: tuple[Word, ...]
    markers: tuple[Marker, ...]


def words_from_cues(cues: Sequence[Cue]) -> CueWords:
    """Recover words (without times of their own) and markers from cues.

    Each word records the index of its cue; times stay ``None`` because the
    cue's time is a span shared by all its words (the timing stage spreads
    them). A marker takes its cue's start time. A speaker label names the
    speaker until the next change; a name in brackets names the speaker of
    the rest of its cue only, and who speaks after that cue is unknown.

    Args:
        cues: The source's cues, in order.

    Returns:
        The words and markers.
    """
    words: list[Word] = []
    markers: list[Marker] = []
    speaker: str | None = None
    for index, cue in enumerate(cues):
        if cue.speaker:
            speaker = cue.speaker
        voiced = False
        for token in tokenize(cue.text):
            if token.kind == "speaker" and not token.text:
                # ">>" or a dash says the speaker changed without naming them.
                markers.append(Marker(SPEAKER_CHANGE, len(words), cue.start_ms))
                speaker = None
            elif token.kind in ("speaker", "voice"):
                speaker = token.text
                voiced = voiced or token.kind == "voice"
            elif token.kind == "marker":
                markers.append(Marker(token.text, len(words), cue.start_ms))
            else:
                words.append(Word(token.text, speaker=speaker, cue_index=index))
        if voiced:
            speaker = None
    return CueWords(tuple(words), tuple(markers))


@dataclass(frozen=True, slots=True)
class TimedPiece:
    """A whitespace-free piece of caption text and the times it starts and ends, if the source says.

    Attributes:
        text: One piece of a line split at whitespace (``"[Music]"`` is one piece).
        start_ms: Its own start time, or ``None``.
        end_ms: Its own end time, or ``None`` (only TTML spans give one).
    """

    text: str
    start_ms: int | None
    end_ms: int | None = None


class WordCollector:
    """Builds words with times from lines whose pieces carry some start times.

    The formats with word times (YouTube's WebVTT, json3, srv3) give a time to
    some pieces of a line. :meth:`add_line` turns a line into words, markers
    and speaker changes, and gives each word the time of the piece it came
    from; :meth:`result` then sets each word's end: the next word's start, but
    never after the end of the cue that showed it, so that a pause does not
    count as speech, and never after the piece's own end where the source
    gives one (a pause before the next word).
    """

    def __init__(self) -> None:
        self._words: list[Word] = []
        self._own_end: list[int | None] = []
        self._shown_until: list[int | None] = []
        self._line_end: list[bool] = []
        self._markers: list[Marker] = []
        self._speaker: str | None = None
        self._last_start: int | None = None

    def add_line(
        self,
        pieces: Sequence[TimedPiece],
        *,
        cue_index: int | None,
        start_ms: int | None,
        end_ms: int | None,
    ) -> None:
        """Add one line of caption text.

        Args:
            pieces: The line split at whitespace, with the times the source gives.
            cue_index: Index of the cue the words belong to.
            start_ms: When the line appears: the time of markers that have none.
            end_ms: When the line disappears: no word of it ends later. ``None``
                for lines without word times: their words get no times at all.
        """
        line = " ".join(piece.text for piece in pieces)
        offsets = []
        position = 0
        for piece in pieces:
            offsets.append(position)
            position += len(piece.text) + 1
        cursor = 0
        passed = -1  # the last piece whose time has been looked at
        pending: int | None = None  # a time not yet given to a word
        first_word = len(self._words)
        last_word_of: dict[int, int] = {}  # piece index -> its last word, which its end time ends
        for token in tokenize(line):
            # Find the token in the line to learn which piece, and so which
            # time, it comes from. A label that is not verbatim in the text
            # ("Music" for "♪") stays at the cursor.
            needle = token.text or ">>"
            found = line.find(needle, cursor)
            if found < 0 and token.kind == "word":
                # A dash set apart went onto its word ("no -" is "no—"): find the word itself.
                needle = needle.strip("-–—") or needle
                found = line.find(needle, cursor)
            at = max(bisect_right(offsets, found if found >= 0 else cursor) - 1, 0)
            for index in range(passed + 1, at + 1):
                if pieces[index].start_ms is not None:
                    pending = pieces[index].start_ms
            passed = max(passed, at)
            if found >= 0:
                cursor = found + len(needle)
            when = pending if pending is not None else start_ms
            if token.kind == "word":
                last_word_of[at] = len(self._words)
                self._add_word(token.text, pending, cue_index, end_ms)
                pending = None
            elif token.kind == "marker":
                self._markers.append(Marker(token.text, len(self._words), when))
            elif token.text:
                self._speaker = token.text
            else:
                self._markers.append(Marker(SPEAKER_CHANGE, len(self._words), when))
                self._speaker = None
        if len(self._words) > first_word:
            self._line_end[-1] = True
        for index, word in last_word_of.items():
            self._own_end[word] = pieces[index].end_ms

    def set_speaker(self, speaker: str | None) -> None:
        """Name the speaker of the following lines, for sources that say it outside the text."""
        self._speaker = speaker

    def _add_word(self, text: str, start_ms: int | None, cue_index: int | None, end_ms: int | None) -> None:
        if start_ms is not None and self._last_start is not None and start_ms < self._last_start:
            # Times run backwards only in damaged files; keep the order of speech.
            start_ms = self._last_start
        if start_ms is not None:
            self._last_start = start_ms
        self._words.append(Word(text, start_ms=start_ms, speaker=self._speaker, cue_index=cue_index))
        self._own_end.append(None)
        self._shown_until.append(end_ms)
        self._line_end.append(False)

    def transcript(self, cues: Sequence[Cue], metadata: Metadata) -> Transcript:
        """A transcript of the collected words and markers with these cues."""
        collected = self.result()
        return Transcript(words=collected.words, cues=tuple(cues), markers=collected.markers, metadata=metadata)

    def result(self) -> CueWords:
        """The words, with end times, and the markers collected so far."""
        words = []
        last_start: int | None = None  # the latest known start so far
        for index, word in enumerate(self._words):
            next_start = self._words[index + 1].start_ms if index + 1 < len(self._words) else None
            shown_until = self._shown_until[index]
            own_end = self._own_end[index]
            end_ms: int | None
            if shown_until is None:
                end_ms = None
            elif own_end is not None:
                end_ms = min(own_end, shown_until, next_start if next_start is not None else own_end)
            elif next_start is not None:
                end_ms = min(next_start, shown_until)
            elif self._line_end[index] or index + 1 == len(self._words):
                end_ms = shown_until
            else:
                end_ms = None
            if word.start_ms is not None:
                last_start = word.start_ms
            if end_ms is not None and last_start is not None and end_ms < last_start:
                end_ms = last_start
            words.append(Word(word.text, word.start_ms, end_ms, word.speaker, word.cue_index))
        return CueWords(tuple(words), tuple(self._markers))


def timed_lines(segments: Sequence[tuple[str, int | None] | tuple[str, int | None, int | None]]) -> list[list[TimedPiece]]:
    r"""Split runs of text, some with a start (and end) time, into lines of timed pieces.

    A run's start goes to the piece its first non-space character falls in,
    so runs that split a word ("Hel", "lo") still make one word. A run's end
    is the end of the text so far: it goes to the piece whose last character
    is the last non-space one yet, so the word ends when its last run does
    (and a word whose last run has no end has none). ``\n`` in a run breaks
    the line.

    Args:
        segments: ``(text, start_ms)`` runs in order, as json3 ``segs`` or srv3
            ``<s>``, or ``(text, start_ms, end_ms)`` (TTML ``<span>``).

    Returns:
        The non-empty lines, each a list of pieces.

    Example:
        >>> [[(p.text, p.start_ms) for p in line] for line in timed_lines([("hi", 0), (" the", 300), ("re\nyou", None)])]
        [[('hi', 0), ('there', 300)], [('you', None)]]
        >>> [[(p.text, p.start_ms, p.end_ms) for p in line] for line in timed_lines([("Hel", 0, 200), ("lo", 200, 450), (" you", 900, 1200)])]
        [[('Hello', 0, 450), ('you', 900, 1200)]]
    """
    text = ""
    starts: list[tuple[int, int]] = []
    ends: dict[int, int] = {}  # position of a last non-space character -> the end there
    for run in segments:
        piece, start_ms = run[0], run[1]
        if start_ms is not None and piece.strip():
            starts.append((len(text) + len(piece) - len(piece.lstrip()), start_ms))
        text += piece
        end_ms = run[2] if len(run) == 3 else None
        written = len(text.rstrip())
        if end_ms is not None and written:
            ends[written - 1] = end_ms
    lines = []
    base = 0
    for line in text.split("\n"):
        pieces = []
        for match in re.finditer(r"\S+", line):
            first, last = base + match.start(), base + match.end()
            start = next((t for at, t in starts if first <= at < last), None)
            pieces.append(TimedPiece(match.group(), start, ends.get(last - 1)))
        base += len(line) + 1
        if pieces:
            lines.append(pieces)
    return lines


def _bare_words(text: str) -> list[str]:
    return [bare for bare in (word.strip(".,!?;:'\"…-") for word in text.split()) if bare]


def _names_a_sound(text: str) -> bool:
    words = _bare_words(text)
    return bool(words) and (words[0].lower() in _SOUND_WORDS or words[-1].lower() in _SOUND_WORDS)
