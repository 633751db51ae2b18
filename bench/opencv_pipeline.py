#!/usr/bin/env python3
"""DDColor pre- and post-processing with OpenCV, as DDColor's own inference code does them,
timed on the same photos as the JMH benchmark. Prints one JSON object: {"1mp": {"pre": ms,
"post": ms}, ...}, the mean of the measured iterations after warm-up.

Usage: opencv_pipeline.py PHOTO_DIR   (reads 1mp.png and 12mp.png; run with /usr/bin/python3)
"""
import json, sys, time
import cv2
import numpy as np

S = 512


def pre(bgr):
    img = (bgr / 255.0).astype(np.float32)
    resized = cv2.resize(img, (S, S))
    l = cv2.cvtColor(resized, cv2.COLOR_BGR2Lab)[:, :, :1]
    gray = np.concatenate((l, np.zeros_like(l), np.zeros_like(l)), axis=-1)
    rgb = cv2.cvtColor(gray, cv2.COLOR_LAB2RGB)
    return np.ascontiguousarray(rgb.transpose(2, 0, 1)[None]).astype(np.float32)


def synthetic_ab():
    y, x = np.mgrid[0:S, 0:S].astype(np.float32)
    a = 60.0 * np.sin(2 * np.pi * x / S) * np.cos(np.pi * y / S)
    b = 50.0 * np.cos(2 * np.pi * y / S) - 10.0
    return np.stack([a, b])[None].astype(np.float32)


def post(bgr, ab):
    h, w = bgr.shape[:2]
    img = (bgr / 255.0).astype(np.float32)
    orig_l = cv2.cvtColor(img, cv2.COLOR_BGR2Lab)[:, :, :1]
    ys = np.minimum(np.floor(np.arange(h) * (S / h)).astype(np.int64), S - 1)
    xs = np.minimum(np.floor(np.arange(w) * (S / w)).astype(np.int64), S - 1)
    up = ab[0][:, ys][:, :, xs].transpose(1, 2, 0)
    lab = np.concatenate((orig_l, up), axis=-1).astype(np.float32)
    out = cv2.cvtColor(lab, cv2.COLOR_LAB2BGR)
    return np.clip((out * 255.0).round(), 0, 255).astype(np.uint8)


def mean_ms(fn, warmup, runs):
    for _ in range(warmup):
        fn()
    start = time.perf_counter()
    for _ in range(runs):
        fn()
    return (time.perf_counter() - start) * 1000 / runs


def main():
    folder = sys.argv[1]
    ab = synthetic_ab()
    result = {}
    for name, runs in (("1mp", 30), ("12mp", 8)):
        bgr = cv2.imread(f"{folder}/{name}.png", cv2.IMREAD_COLOR)
        result[name] = {"pre": mean_ms(lambda: pre(bgr), 3, runs),
                        "post": mean_ms(lambda: post(bgr, ab), 3, runs),
                        "threads": cv2.getNumThreads()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
