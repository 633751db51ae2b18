#!/usr/bin/env bash
# Worker throughput (images/s) at batch sizes 1, 2, 4, 8 through the packaged inference service.
# Default: the CPU, a layered graph of DDColor's contract (16 hidden channels, 4 conv layers).
# Extra arguments go to WorkerThroughput (--jobs N, --model FILE, --providers cuda,cpu, --gpu-stats ...).
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_bench
./mvnw -B -q package -DskipTests -pl inference-service -am
"$java" -cp "$bench_cp" io.colorcache.bench.WorkerThroughput --app inference-service/target/quarkus-app \
  --photo samples/photos/ansel-adams-moore-photography.jpg "$@"
