#!/usr/bin/env bash
# DDColor pre/post-processing at S=512: the Java pipeline (JMH) and OpenCV (Python, as DDColor's
# own inference code) on the same 1 MP and 12 MP photos, in one run; prints a table with ratios.
set -euo pipefail
source "$(dirname "$0")/common.sh"
need_opencv
build_bench
photos=bench/target/photos
/usr/bin/python3 bench/make_photos.py samples/photos/ansel-adams-moore-photography.jpg "$photos"
"$java" -cp "$bench_cp" org.openjdk.jmh.Main PipelineBenchmark -jvmArgsAppend "-Dbench.photos=$photos" \
  -rf json -rff bench/target/jmh-pipeline.json >bench/target/jmh-pipeline.log
/usr/bin/python3 bench/opencv_pipeline.py "$photos" >bench/target/opencv-pipeline.json
/usr/bin/python3 - <<'PY'
import json
jmh = {(r["benchmark"].rsplit(".", 1)[1], r["params"]["photo"]): r["primaryMetric"] for r in json.load(open("bench/target/jmh-pipeline.json"))}
cv = json.load(open("bench/target/opencv-pipeline.json"))
print("| step | photo | Java ms (± 99.9% CI) | OpenCV ms | Java / OpenCV |")
print("|---|---|---:|---:|---:|")
for step, key in (("preprocess", "pre"), ("postprocess", "post")):
    for photo in ("1mp", "12mp"):
        m = jmh[(step, photo)]
        print(f"| {step} | {photo} | {m['score']:.2f} ± {m['scoreError']:.2f} | {cv[photo][key]:.2f} | {m['score'] / cv[photo][key]:.2f} |")
PY
