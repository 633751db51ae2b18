#!/usr/bin/env python3
"""DDColor pre- and post-processing with OpenCV, timed on the same photos as the JMH benchmark.
The functions timed are those of tools/ddcolor_golden.py (DDColor's own inference steps). Prints
one JSON object: {"1mp": {"pre": ms, "post": ms, "threads": n}, ...}, the mean of the measured
iterations after warm-up.

Usage: opencv_pipeline.py PHOTO_DIR   (reads 1mp.png and 12mp.png; run with /usr/bin/python3)
"""
import json, os, sys, time
import cv2

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from ddcolor_golden import postprocess, preprocess, synthetic_ab  # noqa: E402

S = 512


def mean_ms(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    start = time.perf_counter()
    for _ in range(runs):
        fn()
    return (time.perf_counter() - start) * 1000 / runs


def main():
    folder = sys.argv[1]
    ab = synthetic_ab(S)
    result = {}
    for name, runs in (("1mp", 30), ("12mp", 8)):
        bgr = cv2.imread(f"{folder}/{name}.png", cv2.IMREAD_COLOR)
        result[name] = {"pre": mean_ms(lambda: preprocess(bgr, S), 3, runs),
                        "post": mean_ms(lambda: postprocess(bgr, ab), 3, runs),
                        "threads": cv2.getNumThreads()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
