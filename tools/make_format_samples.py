#!/usr/bin/env python3
"""The small sample files the format tests decode, of kinds no Java writer here makes:
R = 4x, G = 5y, B = 3(x+y) mod 256 on 64x48, saved by Pillow as lossless and lossy (quality 90)
WebP, and as a CMYK JPEG (Adobe-inverted, quality 95; Pillow's CMYK is 255 minus RGB, K = 0);
and, with alpha = 4(x+y) mod 256 and EXIF orientation 6, as an extended (VP8X) lossy WebP with an
ALPH chunk (quality 90). The YCCK JPEG comes from tools/MakeYcckSample.java.

Usage: /usr/bin/python3 tools/make_format_samples.py test-support/src/main/resources/formats
Needs Debian's python3-pil (with WebP support).
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
Image.fromarray(rgb).convert("CMYK").save(os.path.join(out, "rgb-cmyk.jpg"), quality=95)
rgba = np.dstack([rgb, (4 * (x + y)) % 256]).astype(np.uint8)
exif = Image.Exif()
exif[0x0112] = 6
Image.fromarray(rgba, "RGBA").save(os.path.join(out, "rgba-exif6.webp"), quality=90, exif=exif.tobytes())
