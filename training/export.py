"""Turn trained weights into the shipped model: int8 ONNX, vocabulary, lexicon, config.

Usage: python training/export.py --weights RUN_DIR --data .device/data --out transcript_tools/normalize/model

RUN_DIR is what ``train.py`` wrote (``weights*.safetensors`` and ``config.json``);
``--data`` is what ``prepare.py`` wrote (``vocab.txt`` and ``lexicon.json``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train import Restorer  # noqa: E402


class Exported(torch.nn.Module):
    """The restorer with softmax outputs, as inference wants them."""

    def __init__(self, model: Restorer) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        punct, case = self.model(ids, mask)
        return torch.softmax(punct, -1), torch.softmax(case, -1)


def load_weights(run: Path) -> dict[str, torch.Tensor]:
    """Merge the weight files, joining tensors that travelled in row blocks."""
    from safetensors.numpy import load_file

    blocks: dict[str, list[tuple[int, np.ndarray]]] = {}
    for path in sorted(run.glob("weights*.safetensors")):
        for name, value in load_file(str(path)).items():
            base, _, index = name.partition("#")
            blocks.setdefault(base, []).append((int(index or 0), value))
    return {
        name: torch.from_numpy(np.concatenate([v for _, v in sorted(parts, key=lambda p: p[0])]).astype(np.float32))
        for name, parts in blocks.items()
    }


def tune_on_dev(folder: Path, dev: Path) -> list[float]:
    """Class biases that maximise overall F1 of the exported model on IWSLT dev2012."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from prepare import read_iwslt
    from train import scores, tune_biases

    from transcript_tools.normalize.punctuation import ModelRestorer

    words, labels = read_iwslt(dev)
    probs, _ = ModelRestorer(folder).probabilities(words)
    gold = np.array(labels)
    bias = tune_biases(probs, gold)
    before = scores(gold, probs.argmax(1))["OVERALL"][2]
    after = scores(gold, (np.log(probs + 1e-9) + bias).argmax(1))["OVERALL"][2]
    print(f"dev2012 overall F1 {before:.1f} without biases, {after:.1f} with {np.round(bias, 2).tolist()}")
    return [round(b, 2) for b in bias]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dev", type=Path, help="IWSLT dev2012: re-tune the class biases for the int8 model")
    parser.add_argument("--views", type=int, default=2, help="overlapping windows per word at inference (3 measured no better)")
    args = parser.parse_args()
    from onnxruntime.quantization import QuantType, quantize_dynamic

    config = json.loads((args.weights / "config.json").read_text())
    model = Restorer(config["vocab_size"])
    model.load_state_dict(load_weights(args.weights))
    model.eval()
    for layer in model.layers:
        layer.manual = True  # plain matmul attention exports to portable ONNX ops
    exported = Exported(model)
    ids = torch.randint(5, config["vocab_size"], (2, 16))
    mask = torch.ones_like(ids)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(
            exported,
            (ids, mask),
            str(fp32),
            input_names=["ids", "mask"],
            output_names=["punctuation", "casing"],
            dynamic_axes={"ids": {0: "batch", 1: "seq"}, "mask": {0: "batch", 1: "seq"}},
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(fp32), str(args.out / "restorer.onnx"), weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul", "Gather"], per_channel=True)
    shutil.copy(args.data / "vocab.txt", args.out / "vocab.txt")
    lexicon = json.loads((args.data / "lexicon.json").read_text(encoding="utf-8"))
    (args.out / "lexicon.json").write_text(json.dumps(lexicon, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    shipped = {
        "format": 1,
        "max_pieces": config["seq"] - 2,
        "cls": 2,
        "sep": 3,
        "punctuation_bias": [round(b, 2) for b in config["punct_bias"]],
        "views": args.views,
        "training": {k: config[k] for k in ("steps", "words_seen", "budget_s", "seed", "lr", "batch", "noise")}
        | {"init": config.get("init", "pretrained")},
    }
    (args.out / "config.json").write_text(json.dumps(shipped, indent=1) + "\n")
    if args.dev:
        shipped["punctuation_bias"] = tune_on_dev(args.out, args.dev)
        (args.out / "config.json").write_text(json.dumps(shipped, indent=1) + "\n")

    import onnxruntime

    session = onnxruntime.InferenceSession(str(args.out / "restorer.onnx"), providers=["CPUExecutionProvider"])
    with torch.no_grad():
        want = exported(ids, mask)[0].numpy()
    got = session.run(None, {"ids": ids.numpy(), "mask": mask.numpy()})[0]
    agree = float((want.argmax(-1) == got.argmax(-1)).mean())
    size = (args.out / "restorer.onnx").stat().st_size
    print(f"wrote {args.out}/restorer.onnx ({size / 1e6:.1f} MB); int8 agrees with fp32 on {agree:.0%} of random tokens")


if __name__ == "__main__":
    main()
