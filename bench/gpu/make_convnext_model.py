#!/usr/bin/env python3
"""Exports a model of DDColor's size and contract for GPU throughput measurements: a ConvNeXt-T
encoder (timm, random weights: colors do not matter here, compute does) with a small multi-scale
decoder to 2 channels at the input resolution.

input  "input"  float32 [N,3,S,S]  (dynamic N)
output "output" float32 [N,2,S,S]

Usage: make_convnext_model.py OUT.onnx [--size 512]   (needs torch and timm)
"""
import argparse

import timm
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvNextColorizer(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = timm.create_model("convnext_tiny", pretrained=False, features_only=True)
        channels = self.encoder.feature_info.channels()
        self.lateral = nn.ModuleList(nn.Conv2d(c, 128, 1) for c in channels)
        self.fuse = nn.Sequential(nn.Conv2d(128, 128, 3, padding=1), nn.GELU(), nn.Conv2d(128, 2, 3, padding=1))

    def forward(self, x):
        features = self.encoder(x)
        size = features[0].shape[-2:]
        fused = sum(F.interpolate(l(f), size=size, mode="bilinear", align_corners=False)
                    for l, f in zip(self.lateral, features))
        ab = self.fuse(fused)
        return F.interpolate(ab, size=x.shape[-2:], mode="bilinear", align_corners=False) * 50


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--size", type=int, default=512)
    a = p.parse_args()
    model = ConvNextColorizer().eval()
    params = sum(p.numel() for p in model.parameters())
    dummy = torch.rand(1, 3, a.size, a.size)
    torch.onnx.export(model, dummy, a.out, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=17)
    print(f"{a.out}: {params / 1e6:.1f} M parameters, S={a.size}")


if __name__ == "__main__":
    main()
