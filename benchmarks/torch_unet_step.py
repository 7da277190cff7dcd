#!/usr/bin/env python3
"""Anchor for `sim2real bench nn`: one training step of the same UNet in PyTorch on CPU.

Mirrors NeuralNets/Layers/UNet.swift (2 residual blocks per level with FiLM time conditioning, strided-conv
downsampling, nearest upsampling + conv, middle self-attention with 4 heads and, for the editor, cross-attention
to a context sequence); a step is forward, MSE loss, backward and AdamW, batch 8. Shapes:
  editor  the shipped editor (models/editor-base.yaml): 48x48, channels 32/64/96, 6 input channels, a fixed
          random context of 44 tokens (36 style + 8 instruction) of width 64
  legacy  the earlier reference: 96x96, channels 32/64/128, 9 input channels, no cross-attention
Prints one JSON object: {"seconds_per_step", "parameters", "threads", "peak_rss_bytes", "torch", "shape"}.
Usage: python3 benchmarks/torch_unet_step.py [THREADS] [STEPS] [editor|legacy]
"""
import json
import math
import resource
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, cond):
        super().__init__()
        self.norm1 = nn.GroupNorm(min(8, cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.film = nn.Linear(cond, 2 * cout)
        self.norm2 = nn.GroupNorm(min(8, cout), cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, cond):
        h = self.conv1(F.silu(self.norm1(x)))
        scale, shift = self.film(F.silu(cond)).chunk(2, dim=1)
        h = self.norm2(h) * (1 + scale[:, :, None, None]) + shift[:, :, None, None]
        h = self.conv2(F.silu(h))
        return h + (self.skip(x) if self.skip is not None else x)


class Attention(nn.Module):
    """Self-attention over the pixels, or cross-attention to a context [N, L, context_dim] when given one."""

    def __init__(self, channels, heads, context_dim=None):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(min(8, channels), channels)
        self.q, self.o = nn.Linear(channels, channels), nn.Linear(channels, channels)
        self.k, self.v = (nn.Linear(context_dim or channels, channels) for _ in range(2))

    def forward(self, x, context=None):
        n, c, h, w = x.shape
        t = self.norm(x).reshape(n, c, h * w).transpose(1, 2)
        source = t if context is None else context

        def split(z):
            return z.reshape(n, z.shape[1], self.heads, c // self.heads).transpose(1, 2)

        a = F.scaled_dot_product_attention(split(self.q(t)), split(self.k(source)), split(self.v(source)))
        a = a.transpose(1, 2).reshape(n, h * w, c)
        return x + self.o(a).transpose(1, 2).reshape(n, c, h, w)


class UNet(nn.Module):
    def __init__(self, cin=9, cout=3, ch=(32, 64, 128), blocks=2, cond=128, heads=4, context_dim=None):
        super().__init__()
        self.ch, self.blocks = ch, blocks
        self.inp = nn.Conv2d(cin, ch[0], 3, padding=1)
        self.t1, self.t2 = nn.Linear(2 * ch[0], cond), nn.Linear(cond, cond)
        self.down, self.downs = nn.ModuleList(), nn.ModuleList()
        prev = ch[0]
        for level, width in enumerate(ch):
            for _ in range(blocks):
                self.down.append(ResidualBlock(prev, width, cond))
                prev = width
            if level < len(ch) - 1:
                self.downs.append(nn.Conv2d(width, width, 3, stride=2, padding=1))
        self.mid1, self.attn, self.mid2 = ResidualBlock(prev, prev, cond), Attention(prev, heads), ResidualBlock(prev, prev, cond)
        self.cross = Attention(prev, heads, context_dim) if context_dim else None
        self.up, self.ups = nn.ModuleList(), nn.ModuleList()
        for level in reversed(range(len(ch))):
            for b in range(blocks):
                self.up.append(ResidualBlock(prev + ch[level] if b == 0 else ch[level], ch[level], cond))
            prev = ch[level]
            if level > 0:
                self.ups.append(nn.Conv2d(ch[level], ch[level - 1], 3, padding=1))
                prev = ch[level - 1]
        self.onorm = nn.GroupNorm(min(8, ch[0]), ch[0])
        self.out = nn.Conv2d(ch[0], cout, 3, padding=1)

    def time_condition(self, t):
        half = self.ch[0]
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half) / half)
        e = torch.cat([torch.sin(t[:, None] * freqs), torch.cos(t[:, None] * freqs)], dim=1)
        return self.t2(F.silu(self.t1(e)))

    def forward(self, x, cond, context=None):
        levels, blocks = len(self.ch), self.blocks
        h = self.inp(x)
        skips = []
        for level in range(levels):
            for b in range(blocks):
                h = self.down[level * blocks + b](h, cond)
            skips.append(h)
            if level < levels - 1:
                h = self.downs[level](h)
        h = self.attn(self.mid1(h, cond))
        if self.cross is not None:
            h = self.cross(h, context)
        h = self.mid2(h, cond)
        for index, level in enumerate(reversed(range(levels))):
            h = torch.cat([h, skips[level]], dim=1)
            for b in range(blocks):
                h = self.up[index * blocks + b](h, cond)
            if level > 0:
                h = self.ups[index](F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.out(F.silu(self.onorm(h)))


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    shape = sys.argv[3] if len(sys.argv) > 3 else "editor"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    if shape == "editor":
        model, size, context = UNet(cin=6, ch=(32, 64, 96), context_dim=64), 48, torch.randn(8, 44, 64)
    elif shape == "legacy":
        model, size, context = UNet(), 96, None
    else:
        sys.exit(f"unknown shape {shape!r}: expected editor or legacy")
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    x = torch.randn(8, model.inp.in_channels, size, size)
    target = torch.randn(8, 3, size, size)
    t = torch.randint(0, 1000, (8,)).float()
    times = []
    for _ in range(steps + 1):
        start = time.perf_counter()
        loss = F.mse_loss(model(x, model.time_condition(t), context), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        times.append(time.perf_counter() - start)
    times = sorted(times[1:])
    print(json.dumps({"seconds_per_step": times[len(times) // 2], "parameters": sum(p.numel() for p in model.parameters()),
                      "threads": threads, "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
                      "torch": torch.__version__, "shape": shape}))


if __name__ == "__main__":
    main()
