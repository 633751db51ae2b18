#!/usr/bin/env python3
"""Writes the benchmark photos: a sample photo scaled (INTER_AREA) to about 1 MP (1155x866) and
12 MP (4000x3000), as lossless PNG, so Java and OpenCV time the same pixels.

Usage: make_photos.py SAMPLE.jpg OUT_DIR   (run with /usr/bin/python3)
"""
import os, sys
import cv2

src = cv2.imread(sys.argv[1], cv2.IMREAD_COLOR)
os.makedirs(sys.argv[2], exist_ok=True)
for name, size in (("1mp", (1155, 866)), ("12mp", (4000, 3000))):
    cv2.imwrite(os.path.join(sys.argv[2], name + ".png"), cv2.resize(src, size, interpolation=cv2.INTER_AREA))
