"""Fine-tune the MiniLM-L6 encoder to restore punctuation and casing.

Reads what ``prepare.py`` wrote, trains for a wall-clock budget (the GPU is
lent by the minute), tunes the class biases on IWSLT dev2012, scores IWSLT
test2011 / test2011asr, and writes the fine-tuned weights (fp16, split into
chunks of at most 15 MB) with ``config.json`` and ``train.log``.

Usage: python training/train.py --data .device/data --out OUT --budget 390
``export.py`` then turns the weights into the shipped int8 ONNX model.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import threading
import time
from pathlib import Path
from queue import Queue

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

IGNORE = 255
ROOT = Path(__file__).resolve().parent.parent


def _load_windows():
    # By path: the package's __init__ pulls in dependencies the GPU machine lacks.
    spec = importlib.util.spec_from_file_location("windows", ROOT / "transcript_tools/normalize/windows.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


windows_mod = _load_windows()


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, inner: int) -> None:
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.norm1 = nn.LayerNorm(hidden, eps=1e-12)
        self.up = nn.Linear(hidden, inner)
        self.down = nn.Linear(inner, hidden)
        self.norm2 = nn.LayerNorm(hidden, eps=1e-12)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, h = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, h // self.heads).permute(2, 0, 3, 1, 4)
        if self.training or not getattr(self, "manual", False):
            keep = bias > -1.0  # boolean mask: SDPA under autocast refuses a float mask of another dtype
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=keep, dropout_p=0.1 if self.training else 0.0)
        else:
            scores = q @ k.transpose(-1, -2) / math.sqrt(h // self.heads) + bias
            a = torch.softmax(scores, dim=-1) @ v
        a = a.transpose(1, 2).reshape(b, t, h)
        x = self.norm1(x + self.dropout(self.out(a)))
        return self.norm2(x + self.dropout(self.down(F.gelu(self.up(x)))))


class Restorer(nn.Module):
    """BERT encoder with two token heads: punctuation after the word, casing of the word."""

    def __init__(self, vocab: int, hidden: int = 384, layers: int = 6, heads: int = 12, inner: int = 1536) -> None:
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(512, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList(Layer(hidden, heads, inner) for _ in range(layers))
        self.dropout = nn.Dropout(0.1)
        self.punct = nn.Linear(hidden, 4)
        self.case = nn.Linear(hidden, 4)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = self.word(ids) + self.position(positions)[None] + self.token_type.weight[0]
        x = self.dropout(self.norm(x))
        bias = ((1.0 - mask[:, None, None, :].to(x.dtype)) * -10000.0).to(x.dtype)
        for layer in self.layers:
            x = layer(x, bias)
        x = self.dropout(x)
        return self.punct(x), self.case(x)


def load_pretrained(model: Restorer, weights: dict[str, np.ndarray]) -> None:
    """Copy the sentence-transformers BERT weights into our module layout."""
    t = {k: torch.from_numpy(v.astype(np.float32)) for k, v in weights.items()}
    with torch.no_grad():
        model.word.weight.copy_(t["embeddings.word_embeddings.weight"])
        model.position.weight.copy_(t["embeddings.position_embeddings.weight"])
        model.token_type.weight.copy_(t["embeddings.token_type_embeddings.weight"])
        model.norm.weight.copy_(t["embeddings.LayerNorm.weight"])
        model.norm.bias.copy_(t["embeddings.LayerNorm.bias"])
        for i, layer in enumerate(model.layers):
            p = f"encoder.layer.{i}."
            layer.qkv.weight.copy_(torch.cat([t[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]))
            layer.qkv.bias.copy_(torch.cat([t[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]))
            layer.out.weight.copy_(t[p + "attention.output.dense.weight"])
            layer.out.bias.copy_(t[p + "attention.output.dense.bias"])
            layer.norm1.weight.copy_(t[p + "attention.output.LayerNorm.weight"])
            layer.norm1.bias.copy_(t[p + "attention.output.LayerNorm.bias"])
            layer.up.weight.copy_(t[p + "intermediate.dense.weight"])
            layer.up.bias.copy_(t[p + "intermediate.dense.bias"])
            layer.down.weight.copy_(t[p + "output.dense.weight"])
            layer.down.bias.copy_(t[p + "output.dense.bias"])
            layer.norm2.weight.copy_(t[p + "output.LayerNorm.weight"])
            layer.norm2.bias.copy_(t[p + "output.LayerNorm.bias"])


def load_onnx(path: Path) -> dict[str, np.ndarray]:
    """The weights of an exported restorer (int8 or fp32 ONNX), dequantized, named as in :class:`Restorer`.

    Continuing from the shipped model needs no pretrained encoder in the data
    pack, which leaves room for more training text on the way to the GPU.
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}

    def value(name: str) -> np.ndarray:
        if name + "_quantized" in init:
            q = init[name + "_quantized"].astype(np.float32)
            return (q - init[name + "_zero_point"].astype(np.float32)) * init[name + "_scale"].astype(np.float32)
        return init[name].astype(np.float32)

    state = {}
    for name in init:
        base = name.removesuffix("_quantized")
        if base.startswith("model.") and not name.endswith(("_scale", "_zero_point")):
            state[base.removeprefix("model.")] = value(base)
    for node in graph.node:
        weight = node.input[1].removesuffix("_quantized") if len(node.input) > 1 else ""
        if node.op_type in ("MatMul", "MatMulInteger") and (weight in init or weight + "_quantized" in init):
            module = ".".join(node.name.split("/")[2:-1])  # "/model/layers.0/qkv/MatMul_quant" -> "layers.0.qkv"
            state[f"{module}.weight"] = value(weight).T
        if node.op_type == "Add" and node.name == "/model/Add_1":
            # token_type.weight[0], folded into a constant by the export; row 1 is never used.
            state["token_type.weight"] = np.stack([value(node.input[1])] * 2)
    return state


class Batches:
    """Random windows of the corpus with ASR-style word noise, as padded piece arrays."""

    def __init__(
        self, corpus: dict[str, np.ndarray], seq: int, words: int, noise: float, seed: int, phonetic: float = 0.0
    ) -> None:
        self.words = corpus["words"].astype(np.int64)
        # confusions.py's table: word types that sound like each type (-1 padded).
        self.confusions = corpus.get("confusions")
        self.phonetic = phonetic if self.confusions is not None else 0.0
        self.punct = corpus["punct"]
        self.case = corpus["case"]
        self.offsets = corpus["piece_offsets"]
        self.pieces = corpus["pieces"].astype(np.int64)
        self.lengths = np.diff(self.offsets)
        self.seq = seq
        self.n_words = words
        self.noise = noise
        self.rng = np.random.default_rng(seed)

    def __call__(self, batch: int) -> tuple[np.ndarray, ...]:
        rng, w = self.rng, self.n_words + 24
        starts = rng.integers(0, len(self.words) - w, size=batch)
        idx = starts[:, None] + np.arange(w)[None]
        ids, punct, case = self.words[idx], self.punct[idx].copy(), self.case[idx].copy()
        noisy = rng.random(batch) < 0.5
        r = rng.random((batch, w))
        sub = noisy[:, None] & (r < self.noise * 0.5)
        ids = np.where(sub, self.substitutes(ids), ids)
        case = np.where(sub, IGNORE, case)
        delete = noisy[:, None] & (r >= self.noise * 0.5) & (r < self.noise * 0.75) & (punct == 0)
        insert = noisy[:, None] & (r >= self.noise * 0.75) & (r < self.noise)
        # Interleave an optional inserted word before every word, then compact.
        slot_ids = np.stack([self.words[rng.integers(0, len(self.words), size=(batch, w))], ids], axis=2)
        slot_p = np.stack([np.zeros_like(punct), punct], axis=2)
        slot_c = np.stack([np.full_like(case, IGNORE), case], axis=2)
        keep = np.stack([insert, ~delete], axis=2).reshape(batch, -1)
        order = np.argsort(~keep, axis=1, kind="stable")[:, : self.n_words]
        ids = np.take_along_axis(slot_ids.reshape(batch, -1), order, 1)
        punct = np.take_along_axis(slot_p.reshape(batch, -1), order, 1)
        case = np.take_along_axis(slot_c.reshape(batch, -1), order, 1)
        return self.expand(ids, punct, case)

    def substitutes(self, ids: np.ndarray) -> np.ndarray:
        """A substitute for every word: a random corpus word, or, for a share
        ``phonetic`` of words, one that sounds like it where there is one."""
        rng = self.rng
        random_words = self.words[rng.integers(0, len(self.words), size=ids.shape)]
        if not self.phonetic:
            return random_words
        assert self.confusions is not None
        row = self.confusions[ids]
        count = (row >= 0).sum(axis=-1)
        pick = np.take_along_axis(row, (rng.random(ids.shape) * np.maximum(count, 1)).astype(np.int64)[..., None], -1)[..., 0]
        alike = (count > 0) & (rng.random(ids.shape) < self.phonetic)
        return np.where(alike, pick.astype(np.int64), random_words)

    def expand(self, ids: np.ndarray, punct: np.ndarray, case: np.ndarray) -> tuple[np.ndarray, ...]:
        batch, w = ids.shape
        lens = self.lengths[ids]
        ends = np.cumsum(lens, axis=1)
        first = ends - lens + 1  # +1 for [CLS]
        flat_ids = ids.reshape(-1)
        flat_lens = lens.reshape(-1)
        word_of = np.repeat(np.arange(batch * w), flat_lens)
        within = np.arange(flat_lens.sum()) - np.repeat(np.cumsum(flat_lens) - flat_lens, flat_lens)
        piece = self.pieces[self.offsets[flat_ids][word_of] + within]
        row = word_of // w
        col = first.reshape(-1)[word_of] + within
        ok = col < self.seq - 1
        tokens = np.zeros((batch, self.seq), dtype=np.int64)
        tokens[:, 0] = 2  # [CLS] in the pruned vocabulary
        tokens[row[ok], col[ok]] = piece[ok]
        lp = np.full((batch, self.seq), IGNORE, dtype=np.int64)
        lc = np.full((batch, self.seq), IGNORE, dtype=np.int64)
        head = ok & (within == 0)
        lp[row[head], col[head]] = punct.reshape(-1)[word_of[head]]
        lc[row[head], col[head]] = case.reshape(-1)[word_of[head]]
        used = np.minimum(ends[:, -1], self.seq - 2)
        tokens[np.arange(batch), used + 1] = 3  # [SEP]
        mask = (np.arange(self.seq)[None] <= (used + 1)[:, None]).astype(np.int64)
        return tokens, mask, lp, lc


def start_workers(corpus: dict[str, np.ndarray], args: argparse.Namespace, workers: int = 3) -> Queue:
    """Threads that build batches ahead of the GPU (numpy releases the GIL)."""
    queue: Queue = Queue(maxsize=8)

    def work(seed: int) -> None:
        batches = Batches(corpus, args.seq, args.words, args.noise, seed, args.phonetic)
        while True:
            queue.put(batches(args.batch))

    for i in range(workers):
        threading.Thread(target=work, args=(args.seed + i,), daemon=True).start()
    return queue


def predict(
    model: Restorer, offsets: np.ndarray, pieces: np.ndarray, seq: int, device: str, views: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """Punctuation and casing probabilities per word, with overlapping windows."""
    counts = np.diff(offsets)
    plan = windows_mod.plan_windows(counts.tolist(), seq - 2, views)
    probs_p, probs_c = [], []
    model.eval()
    for i in range(0, len(plan), 256):
        chunk = plan[i : i + 256]
        tokens = np.zeros((len(chunk), seq), dtype=np.int64)
        mask = np.zeros_like(tokens)
        heads = []
        for r, (s, e) in enumerate(chunk):
            piece = pieces[offsets[s] : offsets[e]][: seq - 2]
            tokens[r, 0], tokens[r, 1 : 1 + len(piece)], tokens[r, 1 + len(piece)] = 2, piece, 3
            mask[r, : 2 + len(piece)] = 1
            heads.append(np.minimum(1 + offsets[s:e] - offsets[s], seq - 2))
        with torch.no_grad(), torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
            lp, lc = model(torch.from_numpy(tokens).to(device), torch.from_numpy(mask).to(device))
        lp = torch.softmax(lp.float(), -1).cpu().numpy()
        lc = torch.softmax(lc.float(), -1).cpu().numpy()
        for r, h in enumerate(heads):
            probs_p.append(lp[r, h])
            probs_c.append(lc[r, h])
    model.train()
    return windows_mod.average(len(counts), plan, probs_p), windows_mod.average(len(counts), plan, probs_c)


def scores(gold: np.ndarray, pred: np.ndarray) -> dict[str, tuple[float, float, float]]:
    """IWSLT scoring: P/R/F1 per class and micro-averaged over COMMA, PERIOD, QUESTION."""
    out = {}
    tp_all = fp_all = fn_all = 0
    for c, name in ((1, "COMMA"), (2, "PERIOD"), (3, "QUESTION")):
        tp = int(((pred == c) & (gold == c)).sum())
        fp = int(((pred == c) & (gold != c)).sum())
        fn = int(((pred != c) & (gold == c)).sum())
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        out[name] = _prf(tp, fp, fn)
    out["OVERALL"] = _prf(tp_all, fp_all, fn_all)
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 100 * p, 100 * r, 200 * p * r / (p + r) if p + r else 0.0


def tune_biases(probs: np.ndarray, gold: np.ndarray) -> list[float]:
    """Log-probability offsets for COMMA, PERIOD, QUESTION that maximise dev overall F1."""
    logp = np.log(probs + 1e-9)
    bias = np.zeros(4)
    grid = np.arange(-2.0, 2.01, 0.1)
    for _ in range(2):
        for c in (1, 2, 3):
            best = (-1.0, 0.0)
            for g in grid:
                trial = bias.copy()
                trial[c] = g
                f1 = scores(gold, (logp + trial).argmax(1))["OVERALL"][2]
                best = max(best, (f1, g))
            bias[c] = best[1]
    return bias.tolist()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--budget", type=float, default=390.0, help="seconds of training")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--words", type=int, default=88, help="words drawn per training window")
    parser.add_argument("--lr", type=float, default=1.5e-4)
    parser.add_argument("--noise", type=float, default=0.15)
    parser.add_argument("--phonetic", type=float, default=0.0,
                        help="share of substituted words drawn from words that sound alike (confusions.py)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--eval-words", type=int, default=0, help="use only this many dev words (debug)")
    parser.add_argument("--init", type=Path, help="continue from this exported restorer.onnx (its vocab.txt must be the data's)")
    parser.add_argument("--views", type=int, default=2, help="overlapping windows per word when scoring")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    log_file = (args.out / "train.log").open("w")

    def log(message: str) -> None:
        print(message, flush=True)
        log_file.write(message + "\n")
        log_file.flush()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        torch.set_num_threads(1)
    from safetensors.numpy import load_file, save_file

    vocab = (args.data / "vocab.txt").read_text(encoding="utf-8").splitlines()
    model = Restorer(len(vocab))
    if args.init:
        model.load_state_dict({k: torch.from_numpy(v) for k, v in load_onnx(args.init).items()})
        log(f"continuing from {args.init}")
    else:
        load_pretrained(model, load_file(str(args.data / "encoder.safetensors")))
    model.to(device).train()
    corpus = dict(np.load(args.data / "corpus.npz"))
    if args.phonetic:
        corpus["confusions"] = np.load(args.data / "confusions.npy")
    queue = start_workers(corpus, args)
    log(f"device {device}; {len(corpus['words']):,} training words; vocabulary {len(vocab):,}")
    decay = [p for n, p in model.named_parameters() if p.ndim > 1 and "norm" not in n]
    rest = [p for n, p in model.named_parameters() if not (p.ndim > 1 and "norm" not in n)]
    optim = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": rest, "weight_decay": 0.0}],
        lr=args.lr,
        betas=(0.9, 0.98),
        fused=device == "cuda",
    )
    warmup = 0.05
    began = time.monotonic()
    step, seen = 0, 0
    while (elapsed := time.monotonic() - began) < args.budget:
        fraction = elapsed / args.budget
        scale = min(1.0, fraction / warmup) if fraction < warmup else max(0.02, (1 - fraction) / (1 - warmup))
        for group in optim.param_groups:
            group["lr"] = args.lr * max(scale, 0.01)
        arrays = queue.get()
        seen += int((arrays[2] != IGNORE).sum())
        tokens, mask, lp, lc = (torch.from_numpy(a).to(device, non_blocking=True) for a in arrays)
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=device == "cuda"):
            out_p, out_c = model(tokens, mask)
        loss = F.cross_entropy(out_p.float().view(-1, 4), lp.view(-1), ignore_index=IGNORE)
        loss = loss + 0.5 * F.cross_entropy(out_c.float().view(-1, 4), lc.view(-1), ignore_index=IGNORE)
        optim.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optim.step()
        step += 1
        if step % 200 == 0 or step == 5:
            log(f"step {step} t={elapsed:.0f}s lr={args.lr * scale:.2e} loss={loss.item():.4f} words seen {seen:,}")
    log(f"trained {step} steps, {seen:,} words, {time.monotonic() - began:.0f}s")

    state = {k: v.detach().float().cpu().numpy().astype(np.float16) for k, v in model.state_dict().items()}
    pieces = {}
    for name, value in state.items():
        # One file may hold at most 15 MB, so a larger tensor travels in row blocks.
        blocks = max(1, math.ceil(value.nbytes / 12_000_000))
        for i, block in enumerate(np.array_split(value, blocks)):
            pieces[f"{name}#{i}" if blocks > 1 else name] = np.ascontiguousarray(block)
    chunk, size, part = {}, 0, 0
    for name, value in pieces.items():
        if size + value.nbytes > 15_000_000 and chunk:
            save_file(chunk, str(args.out / f"weights{part}.safetensors"))
            chunk, size, part = {}, 0, part + 1
        chunk[name], size = value, size + value.nbytes
    save_file(chunk, str(args.out / f"weights{part}.safetensors"))
    bias, results = [0.0, 0.0, 0.0, 0.0], {}
    try:
        evals = dict(np.load(args.data / "eval.npz"))
        off, pcs, gold = evals["dev2012_offsets"], evals["dev2012_pieces"], evals["dev2012_punct"]
        if args.eval_words:
            off, gold = off[: args.eval_words + 1], gold[: args.eval_words]
        probs, _ = predict(model, off, pcs, args.seq, device, args.views)
        raw = scores(gold, probs.argmax(1))
        bias = tune_biases(probs, gold)
        tuned = scores(gold, (np.log(probs + 1e-9) + bias).argmax(1))
        log(f"dev2012 raw {raw['OVERALL']}; biases {np.round(bias, 2).tolist()} tuned {tuned['OVERALL']}")
        results["dev2012"] = tuned
        for name in ("test2011", "test2011asr"):
            probs, _ = predict(model, evals[f"{name}_offsets"], evals[f"{name}_pieces"], args.seq, device, args.views)
            res = scores(evals[f"{name}_punct"], (np.log(probs + 1e-9) + bias).argmax(1))
            results[name] = res
            for cls, (p, r, f) in res.items():
                log(f"{name:12} {cls:9} P {p:5.1f} R {r:5.1f} F1 {f:5.1f}")
    except Exception as error:  # keep the weights even if scoring breaks
        log(f"evaluation failed: {error!r}")
    config = {"vocab_size": len(vocab), "seq": args.seq, "punct_bias": bias, "steps": step, "words_seen": seen,
              "budget_s": args.budget, "seed": args.seed, "lr": args.lr, "batch": args.batch, "noise": args.noise,
              "init": str(args.init) if args.init else "pretrained", "scores": results}
    (args.out / "config.json").write_text(json.dumps(config, indent=1))
    log(f"done in {time.monotonic() - began:.0f}s")


if __name__ == "__main__":
    main()
