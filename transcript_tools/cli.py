"""The ``transcript-tools`` command line: parse arguments, call the library, print.

Exit codes: 0 success, 1 a :class:`~transcript_tools.errors.TranscriptError`
(one line on stderr), 2 a usage error. ``--debug`` shows tracebacks.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence

from transcript_tools import formats
from transcript_tools.errors import FormatError, TranscriptError
from transcript_tools.model import Transcript
from transcript_tools.timecode import format_timecode, parse_timecode

__all__ = ["main"]

logger = logging.getLogger("transcript_tools")


class _WarningCounter(logging.Handler):
    """Counts warnings so that lenient mode can say how much it skipped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.skipped = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "skipped" in record.getMessage():
            self.skipped += 1


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="transcript file, or - for standard input")
    parser.add_argument(
        "--from",
        dest="input_format",
        choices=formats.READABLE_FORMATS,
        help="input format (default: detected from the content and extension)",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="skip broken blocks with a warning instead of stopping at the first",
    )
    _add_encoding(parser)


def _encoding(name: str) -> str:
    """A text encoding Python knows, for argparse; kept as the user spelled it, for messages."""
    try:
        formats.check_encoding(name)
    except FormatError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return name


def _add_encoding(parser: argparse.ArgumentParser, what: str = "the input's") -> None:
    parser.add_argument(
        "--encoding",
        type=_encoding,
        metavar="NAME",
        help=f"{what} encoding, such as cp1254 or iso-8859-2 (default: UTF-8, or detected with a warning)",
    )


def _add_output(parser: argparse.ArgumentParser, choices: Sequence[str] = formats.WRITABLE_FORMATS) -> None:
    parser.add_argument("-o", "--output", default="-", help="output file (default: standard output)")
    parser.add_argument("--to", choices=choices, help="output format (default: from the output's extension)")
    parser.add_argument("--force", action="store_true", help="allow the output to overwrite the input file")


def read_input(args: argparse.Namespace) -> Transcript:
    """Read the transcript named by a subcommand's ``INPUT`` argument."""
    return formats.read(args.input, args.input_format, strict=not args.lenient, encoding=args.encoding)


def output_format(args: argparse.Namespace, default: str) -> str:
    """The format to write: ``--to``, else the output's extension, else ``default``."""
    if args.to:
        return str(args.to)
    if args.output != "-":
        by_extension = formats.format_for_path(args.output)
        if by_extension in formats.WRITABLE_FORMATS:
            return by_extension
        if by_extension is not None:
            raise FormatError(f"{args.output}: cannot write {by_extension!r}; pass --to with one of {', '.join(formats.WRITABLE_FORMATS)}")
    return default


def check_not_input(args: argparse.Namespace) -> None:
    """Refuse to overwrite the input file unless ``--force`` was given."""
    if args.output == "-" or args.input == "-" or args.force:
        return
    try:
        same = os.path.samefile(args.input, args.output)
    except OSError:
        return
    if same:
        raise TranscriptError(f"{args.output}: refusing to overwrite the input; pass --force to allow it")


def write_output(args: argparse.Namespace, text: str) -> None:
    """Write command output atomically to ``-o`` (or stdout), and say where on stderr."""
    check_not_input(args)
    formats.atomic_write_text(args.output, text)
    if args.output != "-":
        print(f"wrote {args.output}", file=sys.stderr)


def _cmd_convert(args: argparse.Namespace) -> int:
    transcript = read_input(args)
    write_output(args, formats.compose(transcript, output_format(args, "vtt")))
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    transcript = read_input(args)
    duration = transcript.duration_ms
    info = {
        "source": transcript.metadata.source,
        "format": transcript.metadata.format,
        "words": len(transcript.words),
        "cues": len(transcript.cues),
        "markers": len(transcript.markers),
        "speakers": sorted({w.speaker for w in transcript.words if w.speaker}),
        "duration": None if duration is None else round(duration / 1000, 3),
        "word_times": transcript.has_word_times,
        "title": transcript.metadata.title,
        "language": transcript.metadata.language,
    }
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    for key, value in info.items():
        if key == "duration" and duration is not None:
            value = f"{format_timecode(duration)} ({value} s)"
        elif key == "speakers":
            value = ", ".join(value) if isinstance(value, list) and value else "-"
        print(f"{key + ':':12} {'-' if value is None else value}")
    return 0


def _duration(text: str) -> int:
    """``3:37``, ``1:02:03`` or seconds (``217.5``) as milliseconds, for argparse."""
    try:
        return round(float(text) * 1000) if ":" not in text else parse_timecode(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a duration like 3:37 or 217.5, got {text!r}") from None


def _cmd_captions(args: argparse.Namespace) -> int:
    from transcript_tools.align.timing import Evidence
    from transcript_tools.formats import webvtt
    from transcript_tools.pipeline import make_captions

    name = output_format(args, "vtt")
    if args.word_timing and name != "vtt":
        raise FormatError(f"--word-timing writes WebVTT inline timestamps; it cannot write {name!r}")
    transcript = read_input(args)
    if args.audio:
        from transcript_tools.align.forced import align_words

        _check_not_media(args, args.audio)
        transcript = align_words(transcript, args.audio, progress=True)
    captions = make_captions(transcript, profile=args.profile, duration_ms=args.duration)
    word_timing = args.word_timing and captions.evidence is Evidence.WORDS
    if args.word_timing and not word_timing:
        logger.warning("the source has no word times (only %s): wrote no inline timestamps", captions.evidence.value)
    text = webvtt.compose(captions.transcript, word_timing=True) if word_timing else formats.compose(captions.transcript, name)
    write_output(args, text)
    return 0


def _cmd_normalize(args: argparse.Namespace) -> int:
    from transcript_tools.normalize import normalize, split_sentences
    from transcript_tools.pipeline import make_captions

    name = output_format(args, "txt")
    normalized = normalize(read_input(args), remove_fillers=args.remove_fillers)
    if name == "txt":
        text = "".join(sentence.text + "\n" for sentence in split_sentences(normalized))
    elif name in ("vtt", "srt"):
        # The source's cues hold the old text: lay out new ones from the normalized sentences.
        text = formats.compose(make_captions(normalized, normalizer=None).transcript, name)
    else:
        text = formats.compose(normalized, name)
    write_output(args, text)
    return 0


def _check_not_media(args: argparse.Namespace, media: str) -> None:
    if args.output != "-" and os.path.exists(args.output) and os.path.samefile(args.output, media):
        raise TranscriptError(f"{args.output}: refusing to overwrite the media file")


def _cmd_align(args: argparse.Namespace) -> int:
    from transcript_tools.align.forced import align_words
    from transcript_tools.pipeline import make_captions

    name = output_format(args, "vtt")
    _check_not_media(args, args.media)
    aligned = align_words(read_input(args), args.media, progress=True)
    captions = make_captions(aligned, profile=args.profile)
    write_output(args, formats.compose(captions.transcript, name))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from transcript_tools.align.check import check_cues, check_webvtt_text, format_report

    text, source = formats.read_input(args.input, encoding=args.encoding)
    transcript = formats.parse(text, args.input_format, source=source)
    if transcript.words and not transcript.cues:
        raise TranscriptError(f"{source}: has no timed cues to check; make captions with 'transcript-tools captions'")
    report = check_cues(transcript.cues, args.profile)
    problems = check_webvtt_text(text, transcript.cues) if transcript.metadata.format == "vtt" else ()
    if args.json:
        print(json.dumps({**report.to_dict(), "webvtt_py": list(problems)}, ensure_ascii=False, indent=2))
    else:
        print(format_report(report, extra=problems), end="")
    return 0 if report.ok and not problems else 1


def _cmd_index(args: argparse.Namespace) -> int:
    from transcript_tools.search import open_index, report

    if not (args.paths or args.remove or args.list):
        raise TranscriptError("index: give files or folders to index, --remove ID or --list")
    with open_index(args.index, create=bool(args.paths)) as index:
        if args.remove:
            sys.stderr.write(report.format_index_report(index.remove(args.remove, timeout=args.timeout)))
        if args.paths:
            done = index.index_paths(args.paths, strict=not args.lenient, encoding=args.encoding, timeout=args.timeout)
            sys.stderr.write(report.format_index_report(done))
        if args.list:
            sys.stdout.write(report.format_transcripts(index.transcripts()))
    return 0


def _cmd_search(args: argparse.Namespace) -> int:
    from transcript_tools.search import open_index, report

    with open_index(args.index) as index:
        results = index.search(args.query, limit=args.limit, transcript_id=args.transcript, speaker=args.speaker)
    sys.stdout.write(report.search_json(results.hits) if args.json else report.format_search(results))
    return 0 if results.hits else 1


def _cmd_quote(args: argparse.Namespace) -> int:
    from transcript_tools.search import open_index, parse_script, report

    if (args.quote is None) == (args.script is None):
        raise TranscriptError("quote: give either a QUOTE or --script FILE")
    with open_index(args.index) as index:
        if args.script:
            text, source = formats.read_input(args.script, encoding=args.encoding)
            rows = index.find_script(parse_script(text, source=source), threshold=args.threshold)
            sys.stdout.write(report.script_json(rows) if args.json else report.script_csv(rows) if args.csv else report.format_script(rows))
            return 0
        found = index.find_quote(args.quote, threshold=args.threshold, limit=args.limit)
    sys.stdout.write(report.search_json(found.hits) if args.json else report.format_quote(found))
    return 0 if found.hits else 1


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="transcript-tools",
        description="Read, normalize, caption and search transcripts.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    convert = commands.add_parser("convert", help="convert between transcript formats")
    _add_input(convert)
    _add_output(convert)
    convert.set_defaults(run=_cmd_convert)

    info = commands.add_parser("info", help="describe a transcript: format, words, cues, duration")
    _add_input(info)
    info.add_argument("--json", action="store_true", help="print JSON")
    info.set_defaults(run=_cmd_info)

    from transcript_tools.align.profiles import DEFAULT_PROFILE, PROFILES

    captions = commands.add_parser("captions", help="make captions that follow a style guide, from any transcript")
    _add_input(captions)
    _add_output(captions)
    captions.add_argument("--profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE, help="caption style guide (default: %(default)s)")
    captions.add_argument("--duration", type=_duration, help="length of the recording (3:37), when the transcript has no times")
    captions.add_argument("--word-timing", action="store_true", help="write WebVTT inline word timestamps (karaoke), when word times are known")
    captions.add_argument("--audio", metavar="MEDIA", help="time every word from this recording (WAV, FLAC; MP3, MP4... with ffmpeg)")
    captions.set_defaults(run=_cmd_captions)

    align = commands.add_parser("align", help="time a transcript's words from its recording and write captions")
    _add_input(align)
    align.add_argument("media", metavar="MEDIA", help="the recording: WAV, FLAC; MP3, M4A, MP4, MKV, WebM through ffmpeg")
    _add_output(align, ("vtt", "srt", "json"))
    align.add_argument("--profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE, help="caption style guide (default: %(default)s)")
    align.set_defaults(run=_cmd_align)

    check = commands.add_parser("check", help="check captions against a style guide; exit 1 when a hard limit is broken")
    check.add_argument("input", metavar="CAPTIONS", help="caption file (WebVTT, SRT, JSON), or - for standard input")
    check.add_argument("--from", dest="input_format", choices=formats.READABLE_FORMATS, help="input format (default: detected from the content and extension)")
    check.add_argument("--profile", choices=sorted(PROFILES), default=DEFAULT_PROFILE, help="caption style guide (default: %(default)s)")
    _add_encoding(check)
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(run=_cmd_check)

    index = commands.add_parser("index", help="add transcripts to a search index (files or folders, recursively)")
    index.add_argument("paths", nargs="*", metavar="PATH", help="transcript files or folders; unchanged files are skipped")
    index.add_argument("--index", required=True, metavar="DIR", help="index folder (created if missing)")
    index.add_argument("--remove", action="append", default=[], metavar="ID", help="drop a transcript (by id or file); repeatable")
    index.add_argument("--list", action="store_true", help="list the indexed transcripts")
    index.add_argument("--lenient", action="store_true", help="skip broken blocks with a warning instead of stopping at the first")
    _add_encoding(index, "the files'")
    index.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="wait this long for another writer (default: %(default)s)")
    index.set_defaults(run=_cmd_index)

    search = commands.add_parser("search", help='search indexed transcripts: words, "phrases", OR, NOT, prefix*')
    search.add_argument("query", metavar="QUERY", help='words (all must match), "exact phrases", OR, NOT or -word, prefix*')
    search.add_argument("--index", required=True, metavar="DIR", help="index folder")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="at most N hits (default: %(default)s)")
    search.add_argument("--transcript", metavar="ID", help="only search this transcript")
    search.add_argument("--speaker", metavar="NAME", help="only search what this speaker says")
    search.add_argument("--json", action="store_true", help="print a JSON array of hits")
    search.set_defaults(run=_cmd_search)

    quote = commands.add_parser("quote", help="find where a (misremembered) quote is said, with its time")
    quote.add_argument("quote", nargs="?", metavar="QUOTE", help="the quote as you remember it")
    quote.add_argument("--script", metavar="FILE", help="search every quote of a script (one per line, quoted text, or NAME: line)")
    _add_encoding(quote, "the --script file's")
    quote.add_argument("--index", required=True, metavar="DIR", help="index folder")
    quote.add_argument("--limit", type=int, default=5, metavar="N", help="at most N hits, one per transcript (default: %(default)s)")
    quote.add_argument("--threshold", type=float, default=70.0, metavar="SCORE", help="score (0-100) a match needs (default: %(default)s)")
    quote_output = quote.add_mutually_exclusive_group()
    quote_output.add_argument("--json", action="store_true", help="print JSON")
    quote_output.add_argument("--csv", action="store_true", help="print CSV (script mode)")
    quote.set_defaults(run=_cmd_quote)

    normalize = commands.add_parser("normalize", help="restore punctuation and casing of raw ASR text (txt: one sentence per line)")
    _add_input(normalize)
    _add_output(normalize)
    normalize.add_argument("--remove-fillers", action="store_true", help="drop um, uh and immediately repeated words")
    normalize.set_defaults(run=_cmd_normalize)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; ``sys.argv[1:]`` by default.

    Returns:
        The exit code: 0 ok, 1 transcript error, 2 usage error.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="transcript-tools: warning: %(message)s",
    )
    counter = _WarningCounter()
    logger.addHandler(counter)
    try:
        run: Command = args.run
        code = run(args)
    except TranscriptError as error:
        if args.debug:
            raise
        print(f"transcript-tools: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("transcript-tools: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # "transcript-tools convert x.srt | head" closes our stdout early: not an error.
        sys.stderr.close()
        return 0
    finally:
        logger.removeHandler(counter)
    if counter.skipped:
        print(f"transcript-tools: skipped {counter.skipped} broken block(s)", file=sys.stderr)
    return code
