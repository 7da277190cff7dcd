#!/usr/bin/env python3
"""Checks a `sim2real dataset export --format zarr` folder with Python's zarr against its SQLite dataset.

Opens the export as diffusion_policy would (zarr 2.x), checks keys, dtypes and shapes (data/img (N,H,W,3)
float32 0-255, data/state (N,5) float32, data/action (N,2) float32, meta/episode_ends (E,) int64), and compares
every value with the dataset: images pixel for pixel (PNG decoded here with zlib and numpy), states and actions
as float32, episode ends as the running sum of episode lengths, and data/keypoint (when the block pose is known)
as diffusion_policy's 9 block keypoints moved to each state's block pose. Prints PASS or FAIL lines; exit status 0 on pass.

    python3 scripts/check_zarr_export.py --zarr runs/sim.zarr --dataset runs/sim.sqlite

Needs `pip install zarr==2.18.3 numcodecs==0.15.1` (numcodecs 0.16 removed what zarr 2.18 imports).
"""
import argparse
import sqlite3
import struct
import sys
import zlib

import numpy as np
import zarr

# diffusion_policy's block keypoints in the block's frame (PymunkKeypointManager, seed 0); the same table as
# Sources/Simulation/PushTKeypoints.swift, which BlockKeypointsTests re-derives.
LOCAL_KEYPOINTS = np.array([
    [9.269786713763871, 90.04097352393619], [-60.983472364471474, -1.1867297607997276],
    [60.91275557727772, -1.3933642242328201], [-0.2705034390160016, 25.54362499146542],
    [-14.064927576212233, 122.81585355412153], [39.002738500170146, 32.857404276587566],
    [-39.966414424694534, 32.729655446429945], [-16.82434437939744, 62.86317892234989],
    [23.54146122024909, -1.7002881094626152],
])


def decode_png(data: bytes) -> np.ndarray:
    """8-bit RGB or grey, non-interlaced PNG (what sim2real writes) to an (H, W, C) uint8 array."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or interlace != 0 or color not in (0, 2):
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {color}, interlace {interlace})")
    channels = 3 if color == 2 else 1
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8).reshape(height, width * channels + 1)
    out = np.zeros((height, width * channels), dtype=np.int64)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int64)
        up = out[y - 1] if y > 0 else np.zeros_like(line)
        if kind == 0:
            out[y] = line
        elif kind == 2:
            out[y] = (line + up) % 256
        else:
            row = np.zeros_like(line)
            for x in range(len(line)):
                left = row[x - channels] if x >= channels else 0
                upper_left = up[x - channels] if x >= channels else 0
                if kind == 1:
                    predictor = left
                elif kind == 3:
                    predictor = (left + up[x]) // 2
                else:
                    p = left + up[x] - upper_left
                    pa, pb, pc = abs(p - left), abs(p - up[x]), abs(p - upper_left)
                    predictor = left if pa <= pb and pa <= pc else (up[x] if pb <= pc else upper_left)
                row[x] = (line[x] + predictor) % 256
            out[y] = row
    return out.astype(np.uint8).reshape(height, width, channels)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zarr", required=True, help="the exported folder")
    parser.add_argument("--dataset", required=True, help="the SQLite dataset it was exported from")
    args = parser.parse_args()

    failures = []

    def check(condition, message):
        if not condition:
            failures.append(message)
        return condition

    root = zarr.open(args.zarr, mode="r")
    expected = {"data/img": "float32", "data/state": "float32", "data/action": "float32", "meta/episode_ends": "int64"}
    for key, dtype in expected.items():
        if not check(key in root, f"{key} is missing"):
            continue
        check(str(root[key].dtype) == dtype, f"{key} dtype {root[key].dtype}, expected {dtype}")
    if failures:
        return report(failures, args)
    img, state, action, ends = (root[k][:] for k in expected)

    db = sqlite3.connect(f"file:{args.dataset}?mode=ro", uri=True)
    lengths = [row[0] for row in db.execute("SELECT length FROM episodes ORDER BY id")]
    rows = db.execute("SELECT image, agent_x, agent_y, block_x, block_y, block_angle, action_x, action_y "
                      "FROM frames ORDER BY episode, step").fetchall()
    n = len(rows)
    check(img.ndim == 4 and img.shape[0] == n and img.shape[3] == 3, f"data/img shape {img.shape}, expected ({n}, H, W, 3)")
    check(state.shape == (n, 5), f"data/state shape {state.shape}, expected ({n}, 5)")
    check(action.shape == (n, 2), f"data/action shape {action.shape}, expected ({n}, 2)")
    check(list(ends) == list(np.cumsum(lengths)), f"meta/episode_ends {list(ends)[:5]}..., expected {list(np.cumsum(lengths))[:5]}...")
    if failures:
        return report(failures, args)
    for index, row in enumerate(rows):
        pixels = decode_png(row[0])
        if not check(np.array_equal(img[index], pixels.astype(np.float32)), f"data/img frame {index} differs from the dataset's PNG"):
            break
    states = np.array([row[1:6] for row in rows], dtype=np.float32)
    actions = np.array([row[6:8] for row in rows], dtype=np.float32)
    check(np.array_equal(state, states), f"data/state differs (max {np.abs(state - states).max()})")
    check(np.array_equal(action, actions), f"data/action differs (max {np.abs(action - actions).max()})")
    check(0 <= img.min() and img.max() <= 255, "data/img outside 0-255")
    block_known = dict(db.execute("SELECT key, value FROM metadata").fetchall()).get("block_pose") != "unknown"
    if check(("data/keypoint" in root) == block_known, f"data/keypoint {'missing' if block_known else 'present'} (block pose {'known' if block_known else 'unknown'})") and block_known:
        keypoint = root["data/keypoint"][:]
        pose = np.array([row[3:6] for row in rows], dtype=np.float64)
        c, s = np.cos(pose[:, 2])[:, None], np.sin(pose[:, 2])[:, None]
        x, y = LOCAL_KEYPOINTS[None, :, 0], LOCAL_KEYPOINTS[None, :, 1]
        expected_kp = np.stack([c * x - s * y + pose[:, 0:1], s * x + c * y + pose[:, 1:2]], axis=-1).astype(np.float32)
        check(str(keypoint.dtype) == "float32" and keypoint.shape == (n, 9, 2), f"data/keypoint {keypoint.dtype} {keypoint.shape}, expected float32 ({n}, 9, 2)")
        check(keypoint.shape == expected_kp.shape and np.abs(keypoint - expected_kp).max() <= 1e-3,
              "data/keypoint differs from the block keypoints at the dataset's block poses")
    return report(failures, args, n=n, episodes=len(lengths), compressor=root["data/img"].compressor)


def report(failures, args, n=0, episodes=0, compressor=None) -> int:
    if failures:
        for failure in failures:
            print(f"FAIL: {args.zarr}: {failure}")
        return 1
    print(f"PASS: {args.zarr} matches {args.dataset}: {n} frames in {episodes} episodes "
          f"(zarr {zarr.__version__}, compressor {compressor})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
