#!/usr/bin/env bash
# One call on a lent GPU machine: continue training the shipped model on the
# data pack, score it on IWSLT, and leave the weights where the device tool
# returns them. The int8 export runs back on the CPU machine (export.py): an
# int8 model is over the 16 MiB a returned file may have.
#
# Usage, from the repository root on the GPU machine:
#   bash training/device_run.sh [PACK] [BUDGET_S] [more train.py options]
# PACK: what `prepare.py --vocab ...` wrote (default .device/pack).
# BUDGET_S: seconds of training (default 450; about 60 s more go to loading,
# scoring and saving, so the whole command stays inside a 600 s call).
# Output, in $OUT (the device tool's folder) or .device/out: weights0..3.safetensors
# (fp16, at most 15 MB each), config.json (class biases, dev2012/test2011 scores),
# train.log. Six files: the tool returns at most eight.
set -euo pipefail
pack=${1:-.device/pack}
budget=${2:-450}
shift $(($# < 2 ? $# : 2))
out=${OUT:-.device/out}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
python=${PYTHON:-python3}  # the device's python3 holds torch; a CPU check names another
for file in corpus.npz eval.npz vocab.txt; do
    [ -s "$pack/$file" ] || { echo "device_run.sh: $pack/$file is missing (run training/prepare.py first)" >&2; exit 1; }
done
# The pack's vocabulary must be the one the starting model was trained with.
cmp -s "$pack/vocab.txt" transcript_tools/normalize/model/vocab.txt \
    || { echo "device_run.sh: $pack/vocab.txt differs from the shipped model's vocab.txt" >&2; exit 1; }
"$python" -c 'import torch, onnx, safetensors; print("torch", torch.__version__, "cuda:", torch.cuda.is_available() and torch.cuda.get_device_name(0))'
"$python" training/train.py --data "$pack" --out "$out" --budget "$budget" --batch 256 --lr 1e-4 \
    --init transcript_tools/normalize/model/restorer.onnx --views 2 "$@"
ls -l "$out"
