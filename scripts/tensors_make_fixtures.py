#!/usr/bin/env python3
"""Reference forward values for the Tensors tests, computed independently with numpy.

Writes Tests/TensorsTests/Fixtures/reference.json: for each case, its inputs and expected output (float64 math).
Cases: conv2d (stride 1 and 2, padding 0 and 1, bias), group norm, scaled dot-product attention (self and
cross), nearest and bilinear 2x upsampling (PyTorch's align_corners=False convention).
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(1234)


def conv2d(x, w, b, stride, padding):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ho = (h + 2 * padding - kh) // stride + 1
    wo = (wd + 2 * padding - kw) // stride + 1
    out = np.zeros((n, o, ho, wo))
    for i in range(ho):
        for j in range(wo):
            patch = xp[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return out + b[None, :, None, None]


def group_norm(x, groups, weight, bias, eps=1e-5):
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1)
    mean = g.mean(axis=2, keepdims=True)
    var = g.var(axis=2, keepdims=True)
    y = ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)
    return y * weight[None, :, None, None] + bias[None, :, None, None]


def attention(q, k, v):
    s = q @ k.transpose(0, 2, 1) / np.sqrt(q.shape[-1])
    s = np.exp(s - s.max(axis=-1, keepdims=True))
    return (s / s.sum(axis=-1, keepdims=True)) @ v


def upsample_bilinear(x):
    n, c, h, w = x.shape

    def taps(size):
        src = np.maximum((np.arange(2 * size) + 0.5) / 2 - 0.5, 0)
        lo = np.minimum(np.floor(src).astype(int), size - 1)
        hi = np.minimum(lo + 1, size - 1)
        return lo, hi, src - lo

    ylo, yhi, fy = taps(h)
    xlo, xhi, fx = taps(w)
    top = x[:, :, ylo][:, :, :, xlo] * (1 - fx) + x[:, :, ylo][:, :, :, xhi] * fx
    bottom = x[:, :, yhi][:, :, :, xlo] * (1 - fx) + x[:, :, yhi][:, :, :, xhi] * fx
    return top * (1 - fy)[:, None] + bottom * fy[:, None]


def r(*shape):
    return rng.standard_normal(shape).astype(np.float32).astype(np.float64)


def t(a):
    return {"shape": list(a.shape), "values": [float(v) for v in a.ravel()]}


cases = []
for stride, padding, shape, wshape in [(1, 1, (2, 3, 7, 6), (4, 3, 3, 3)), (2, 1, (1, 2, 9, 8), (3, 2, 3, 3)),
                                       (1, 0, (2, 2, 5, 5), (2, 2, 1, 1)), (2, 0, (1, 3, 6, 6), (2, 3, 2, 2))]:
    x, w, b = r(*shape), r(*wshape), r(wshape[0])
    cases.append({"op": "conv2d", "stride": stride, "padding": padding, "inputs": [t(x), t(w), t(b)],
                  "output": t(conv2d(x, w, b, stride, padding))})
for shape, groups in [((2, 4, 3, 5), 2), ((1, 6, 4, 4), 3)]:
    x, weight, bias = r(*shape), r(shape[1]), r(shape[1])
    cases.append({"op": "group_norm", "groups": groups, "inputs": [t(x), t(weight), t(bias)],
                  "output": t(group_norm(x, groups, weight, bias))})
for lq, lk in [(5, 5), (4, 7)]:
    q, k, v = r(2, lq, 8), r(2, lk, 8), r(2, lk, 3)
    cases.append({"op": "attention", "inputs": [t(q), t(k), t(v)], "output": t(attention(q, k, v))})
x = r(2, 3, 4, 5)
cases.append({"op": "upsample_nearest", "inputs": [t(x)], "output": t(x.repeat(2, axis=2).repeat(2, axis=3))})
cases.append({"op": "upsample_bilinear", "inputs": [t(x)], "output": t(upsample_bilinear(x))})

out = sys.argv[1] if len(sys.argv) > 1 else "Tests/TensorsTests/Fixtures/reference.json"
json.dump({"source": "numpy " + np.__version__, "cases": cases}, open(out, "w"))
print(f"wrote {len(cases)} cases to {out}", file=sys.stderr)
