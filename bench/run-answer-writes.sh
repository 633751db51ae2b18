#!/usr/bin/env bash
# The cache-hit path of two builds of the gateway, alternated in one run: this checkout's, and the
# one of REV (default: the commit before answers were written in chunks within the budget). Each
# round runs HitPathBenchmark on one build, then on the other, so the machine's drift touches both.
# Usage: bench/run-answer-writes.sh [REV] [ROUNDS] [HitPathBenchmark args, default --sizes 1m,4m --concurrency 1,16]
set -euo pipefail
source "$(dirname "$0")/common.sh"
rev="${1:-80851f2}"
rounds="${2:-2}"
shift $(( $# > 2 ? 2 : $# ))
args=("$@")
if [ ${#args[@]} -eq 0 ]; then
  args=(--sizes 1m,4m --concurrency 1,16 --requests 1m=1500,4m=400)
fi
command -v redis-benchmark >/dev/null || apt-get install -y -qq redis-tools >/dev/null
build_bench
./mvnw -B -q package -DskipTests -pl gateway-service -am
before="$(mktemp -d)/before"
git worktree add -q "$before" "$rev"
trap 'git worktree remove --force "$before"' EXIT
(cd "$before" && ./mvnw -B -q package -DskipTests -pl gateway-service -am)
for round in $(seq 1 "$rounds"); do
  for build in before now; do
    app="gateway-service/target/quarkus-app"
    [ "$build" = before ] && app="$before/gateway-service/target/quarkus-app"
    echo "### round $round: $build ($([ "$build" = before ] && echo "$rev" || git rev-parse --short HEAD))"
    "$java" -cp "$bench_cp" io.colorcache.bench.HitPathBenchmark --gateway-app "$app" "${args[@]}"
  done
done
