#!/usr/bin/env python3
"""Anchor for `sim2real bench masks`: the region segmenter's forward pass in PyTorch on CPU, one frame at a time
(as VIEWS images in one batch: the segmenter also runs the frame mirrored).

Mirrors Segmentation/SegmenterNetwork.swift: per level two 3x3 convolutions with GroupNorm and SiLU, a strided
3x3 convolution down between levels, nearest upsampling with the skip's features concatenated on the way up, a 1x1
convolution to 4 class logits. Random weights: speed does not depend on them.
Prints one JSON object: {"seconds_per_frame", "parameters", "threads", "torch"}.
Usage: python3 benchmarks/torch_segmenter.py THREADS FRAMES VIEWS SIZE GROUPS CHANNELS...
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, cout, groups):
        super().__init__()
        self.first = nn.Conv2d(cin, cout, 3, padding=1)
        self.first_norm = nn.GroupNorm(groups, cout)
        self.second = nn.Conv2d(cout, cout, 3, padding=1)
        self.second_norm = nn.GroupNorm(groups, cout)

    def forward(self, x):
        x = F.silu(self.first_norm(self.first(x)))
        return F.silu(self.second_norm(self.second(x)))


class Segmenter(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.encoder = nn.ModuleList(Block(3 if i == 0 else c, c, groups) for i, c in enumerate(channels))
        self.down = nn.ModuleList(nn.Conv2d(channels[i], channels[i + 1], 3, stride=2, padding=1) for i in range(len(channels) - 1))
        self.decoder = nn.ModuleList(Block(channels[i + 1] + channels[i], channels[i], groups) for i in reversed(range(len(channels) - 1)))
        self.head = nn.Conv2d(channels[0], 4, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.encoder):
            x = block(x)
            if i < len(self.down):
                skips.append(x)
                x = self.down[i](x)
        for block in self.decoder:
            x = block(torch.cat([F.interpolate(x, scale_factor=2, mode="nearest"), skips.pop()], dim=1))
        return self.head(x)


def main():
    threads, frames, views, size, groups = (int(v) for v in sys.argv[1:6])
    channels = [int(v) for v in sys.argv[6:]]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Segmenter(channels, groups).eval()
    image = torch.rand(views, 3, size, size) * 2 - 1
    times = []
    with torch.no_grad():
        model(image)
        for _ in range(frames):
            start = time.perf_counter()
            model(image).argmax(dim=1)
            times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"seconds_per_frame": times[len(times) // 2], "parameters": sum(p.numel() for p in model.parameters()),
                      "threads": threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
