#!/usr/bin/env python3
"""Anchor for `sim2real bench policy`: one behavior-cloning step of the same policy network in PyTorch on CPU.

Mirrors Policy/Network/PolicyNetwork.swift for a policy file's network: strided 3x3 convolutions each followed by
GroupNorm and ReLU (or SiLU), then either a 1x1 convolution to keypoint channels with a spatial softmax (each
channel's expected x, y on the feature map in [-1, 1]) or global average pooling, an MLP and a 2-D output; a step
is forward, MSE, backward, gradient-norm clipping and AdamW on a batch of random 96 px frames.
Prints one JSON object: {"seconds_per_step", "parameters", "threads", "torch"}.
Usage: python3 benchmarks/torch_policy_step.py THREADS STEPS BATCH SIZE GROUPS ACTIVATION HEAD KEYPOINTS
       CHANNELS(comma) STRIDES(comma) HIDDEN(comma or -)
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Policy(nn.Module):
    def __init__(self, channels, strides, groups, activation, head, keypoints, hidden):
        super().__init__()
        layers, previous = [], 3
        for width, stride in zip(channels, strides):
            layers += [nn.Conv2d(previous, width, 3, stride=stride, padding=1), nn.GroupNorm(groups, width),
                       nn.SiLU() if activation == "silu" else nn.ReLU()]
            previous = width
        self.features = nn.Sequential(*layers)
        self.head = head
        if head == "spatial_softmax":
            self.keypoints = nn.Conv2d(previous, keypoints, 1)
            features = 2 * keypoints
        else:
            features = previous
        mlp = []
        for width in hidden:
            mlp += [nn.Linear(features, width), nn.SiLU() if activation == "silu" else nn.ReLU()]
            features = width
        mlp.append(nn.Linear(features, 2))
        self.mlp = nn.Sequential(*mlp)

    def forward(self, x):
        x = self.features(x)
        if self.head == "spatial_softmax":
            k = self.keypoints(x)
            n, c, h, w = k.shape
            attention = F.softmax(k.reshape(n * c, h * w), dim=1)
            ys, xs = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w), indexing="ij")
            grid = torch.stack([xs.reshape(-1), ys.reshape(-1)], dim=1)
            x = (attention @ grid).reshape(n, 2 * c)
        else:
            x = x.mean(dim=(2, 3))
        return self.mlp(x)


def main():
    threads, steps, batch, size, groups = (int(v) for v in sys.argv[1:6])
    activation, head, keypoints = sys.argv[6], sys.argv[7], int(sys.argv[8])
    channels = [int(v) for v in sys.argv[9].split(",")]
    strides = [int(v) for v in sys.argv[10].split(",")]
    hidden = [] if sys.argv[11] == "-" else [int(v) for v in sys.argv[11].split(",")]
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = Policy(channels, strides, groups, activation, head, keypoints, hidden)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    images = torch.rand(batch, 3, size, size) * 2 - 1
    targets = torch.rand(batch, 2) * 2 - 1
    times = []
    for index in range(steps + 2):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = F.mse_loss(model(images), targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if index >= 2:
            times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"seconds_per_step": times[len(times) // 2], "parameters": sum(p.numel() for p in model.parameters()),
                      "threads": threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
