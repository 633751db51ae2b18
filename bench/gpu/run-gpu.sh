#!/usr/bin/env bash
# One command for the GPU measurement (needs an NVIDIA GPU with CUDA 12 and cuDNN 9, nvidia-smi,
# Python with torch and timm, and Maven Central for the first build):
#   1. exports a ConvNeXt-T-sized model of DDColor's contract at S=512 (bench/gpu/make_convnext_model.py);
#   2. runs the packaged inference service with the CUDA provider at batch sizes 1, 2, 4, 8 and
#      prints images/s, mean batch, model time per batch and per image, and GPU utilisation.
# Extra arguments go to WorkerThroughput, e.g. --jobs 512 or --providers tensorrt,cuda,cpu.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
model="${MODEL:-/tmp/colorcache-convnext-t-512.onnx}"
[ -f "$model" ] || python3 "$here/make_convnext_model.py" "$model" --size 512
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
exec "$here/../run-worker.sh" --model "$model" --providers cuda,cpu --gpu-stats --jobs 256 "$@"
