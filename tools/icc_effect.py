#!/usr/bin/env python3
"""How far the lightness moves when an embedded ICC profile is ignored, as the worker does:
CIE L* of each pixel read as sRGB against the same values read as Adobe RGB (1998) (gamma
563/256, its D65 luminance coefficients) and as a gray gamma-2.2 profile, over the sample photos.

Usage: /usr/bin/python3 tools/icc_effect.py samples/photos/*.jpg   (needs python3-opencv)
"""
import sys
import cv2
import numpy as np


def srgb_linear(v):
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def lightness(y):
    return np.where(y > 0.008856, 116 * np.cbrt(y) - 16, 903.3 * y)


rows = []
for path in sys.argv[1:]:
    bgr = cv2.imread(path, cv2.IMREAD_COLOR).astype(np.float64) / 255
    b, g, r = bgr[..., 0], bgr[..., 1], bgr[..., 2]
    as_srgb = lightness(0.2126 * srgb_linear(r) + 0.7152 * srgb_linear(g) + 0.0722 * srgb_linear(b))
    as_adobe = lightness(0.2973769 * r ** (563 / 256) + 0.6273491 * g ** (563 / 256) + 0.0752741 * b ** (563 / 256))
    as_gray22 = lightness((0.299 * r + 0.587 * g + 0.114 * b) ** 2.2)
    d_adobe = np.abs(as_srgb - as_adobe)
    d_gray = np.abs(as_srgb - as_gray22)
    rows.append((d_adobe.mean(), np.percentile(d_adobe, 99), d_gray.mean(), np.percentile(d_gray, 99)))
a = np.array(rows)
print("Adobe RGB read as sRGB: mean |dL*| %.2f, p99 %.2f (worst photo's mean %.2f)" % (a[:, 0].mean(), a[:, 1].mean(), a[:, 0].max()))
print("gray gamma 2.2 read as sRGB: mean |dL*| %.2f, p99 %.2f (worst photo's mean %.2f)" % (a[:, 2].mean(), a[:, 3].mean(), a[:, 2].max()))
