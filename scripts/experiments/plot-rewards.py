#!/usr/bin/env python3
"""Reward curves of a specialisation run as a standalone SVG (no plotting library needed).

Usage: python3 scripts/experiments/plot-rewards.py OUT.rewards.jsonl OUT.svg [TITLE]
Two panels, structural and semantic score per D3PO iteration (lower is better): the mean over all samples and
the mean of the preferred samples.
"""
import json
import sys


def panel(values, names, colours, x0, title, width=360, height=220):
    low, high = min(min(v) for v in values), max(max(v) for v in values)
    pad = (high - low) * 0.1 or 1e-3
    low, high = low - pad, high + pad
    n = len(values[0])
    sx = lambda i: x0 + 50 + (width - 70) * (i / max(1, n - 1))
    sy = lambda v: 30 + (height - 70) * (1 - (v - low) / (high - low))
    out = [f'<text x="{x0 + width / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">{title}</text>',
           f'<line x1="{x0 + 50}" y1="{height - 40}" x2="{x0 + width - 20}" y2="{height - 40}" stroke="#444"/>',
           f'<line x1="{x0 + 50}" y1="30" x2="{x0 + 50}" y2="{height - 40}" stroke="#444"/>']
    for k in range(5):
        v = low + (high - low) * k / 4
        out.append(f'<text x="{x0 + 45}" y="{sy(v) + 4}" text-anchor="end" font-size="10">{v:.3f}</text>')
        out.append(f'<line x1="{x0 + 50}" y1="{sy(v)}" x2="{x0 + width - 20}" y2="{sy(v)}" stroke="#eee"/>')
    for i in range(0, n, max(1, n // 6)):
        out.append(f'<text x="{sx(i)}" y="{height - 26}" text-anchor="middle" font-size="10">{i + 1}</text>')
    out.append(f'<text x="{x0 + width / 2}" y="{height - 8}" text-anchor="middle" font-size="11">D3PO iteration</text>')
    for series, name, colour, row in zip(values, names, colours, range(len(names))):
        points = " ".join(f"{sx(i):.1f},{sy(v):.1f}" for i, v in enumerate(series))
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        out.append(f'<text x="{x0 + width - 25}" y="{40 + 14 * row}" text-anchor="end" font-size="10" fill="{colour}">{name}</text>')
    return out


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    if not rows:
        sys.exit(f"{sys.argv[1]}: no reward lines")
    title = sys.argv[3] if len(sys.argv) > 3 else "specialisation rewards"
    body = panel([[r["structural"] for r in rows], [r["winner_structural"] for r in rows]], ["all samples", "preferred"],
                 ["#4c78a8", "#e45756"], 0, "structural score")
    body += panel([[r["semantic"] for r in rows], [r["winner_semantic"] for r in rows]], ["all samples", "preferred"],
                  ["#4c78a8", "#e45756"], 370, "semantic score")
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="740" height="250" font-family="sans-serif">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="370" y="245" text-anchor="middle" font-size="10" fill="#666">{title}</text>'] + body + ["</svg>"]
    open(sys.argv[2], "w").write("\n".join(svg))


main()
