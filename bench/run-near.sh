#!/usr/bin/env bash
# Near-duplicate reuse (issue 18) in one run: builds the sets (sample photos and Debian packages'
# natural photos as bases, their variants, >= 10,000 distractor tiles of other pictures), then
# NearBench: offline recall, false reuse and margins with the worker's own code on every file;
# online X-Cache, render quality, 1 MP latency, memory and a Zipf workload against the packaged
# gateway and worker. Extra arguments go to NearBench (--size, --online-distractors, ...).
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_opencv
packages="mate-backgrounds gnome-backgrounds plasma-workspace-wallpapers python3-skimage"
# shellcheck disable=SC2086
dpkg -s $packages >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends $packages >/dev/null
build_bench
./mvnw -B -q package -DskipTests -pl gateway-service,inference-service -am
sets=bench/target/near-sets
[[ -f "$sets/manifest.json" ]] || /usr/bin/python3 bench/near_sets.py "$sets" samples/photos 2>/dev/null
"$java" -Xmx4g -cp "$bench_cp" io.colorcache.bench.NearBench --sets "$sets" \
  --inference-app inference-service/target/quarkus-app --gateway-app gateway-service/target/quarkus-app "$@"
# The CPU floor under a near hit: decode, signature, render and encode of the latency set's photo, in-process.
"$java" -cp "$bench_cp" org.openjdk.jmh.Main NearAnswerBenchmark -jvmArgsAppend \
  "-Dbench.near.photo=$sets/latency/near-q75.jpg" -rf json -rff bench/target/jmh-near.json >bench/target/jmh-near.log
/usr/bin/python3 - <<'PY'
import json
for r in json.load(open("bench/target/jmh-near.json")):
    m = r["primaryMetric"]
    print(f'| {r["benchmark"].rsplit(".", 1)[1]} | {m["score"]:.2f} | {m["scoreError"]:.2f} |')
PY
