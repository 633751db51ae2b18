#!/usr/bin/env python3
"""The two small WebP files the format tests decode (no Java writer exists):
R = 4x, G = 5y, B = 3(x+y) mod 256 on 64x48, saved lossless and lossy (quality 90) by Pillow.

Usage: /usr/bin/python3 tools/make_webp_samples.py test-support/src/main/resources/formats
Needs Debian's python3-pil with WebP support.
"""
import os, sys
import numpy as np
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
y, x = np.mgrid[0:48, 0:64]
rgb = np.dstack([(4 * x) % 256, (5 * y) % 256, (3 * (x + y)) % 256]).astype(np.uint8)
Image.fromarray(rgb).save(os.path.join(out, "rgb-lossless.webp"), lossless=True)
Image.fromarray(rgb).save(os.path.join(out, "rgb-lossy.webp"), quality=90)
