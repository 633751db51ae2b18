#!/usr/bin/env bash
# What one Redis shard sustains of the job stream's traffic (XADD + XREADGROUP + XACK): the
# stream is one key, so a Redis Cluster cannot spread it. Extra arguments go to
# StreamShardCeiling (--seconds N --producers N --consumers N --depth N --aof).
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_bench
"$java" -cp "$bench_cp" io.colorcache.bench.StreamShardCeiling "$@"
