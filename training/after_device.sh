#!/usr/bin/env bash
# After training/device_run.sh, on the CPU machine: the returned weights become a candidate model
# (int8 ONNX, the pack's vocabulary and lexicon, class biases re-tuned on dev2012 for the int8
# model), and the benchmark scores it. Ship it (copy the candidate's files over
# transcript_tools/normalize/model/) only if it beats the shipped model's figures.
#
# Usage, from the repository root:  bash training/after_device.sh RUN_DIR [CANDIDATE_DIR] [PACK]
# RUN_DIR holds what the device call returned (weights*.safetensors, config.json, train.log),
# copied out of the reply's read-only files_at folder (e.g. into .device/run3).
set -euo pipefail
run=$1
candidate=${2:-.device/candidate}
pack=${3:-.device/pack}
python=${TRAIN_PYTHON:-/work/trainenv/bin/python}  # has torch and onnx (training/requirements.txt)
iwslt=${IWSLT:-../shared/data/iwslt}
nice "$python" training/export.py --weights "$run" --data "$pack" --out "$candidate" --dev "$iwslt/dev2012"
# The figures go beside the candidate, not into it: its files are what would ship.
nice .venv/bin/python benchmarks/punctuation.py --model "$candidate" | tee "$candidate.benchmark.txt"
