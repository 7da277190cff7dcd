#!/usr/bin/env python3
"""Writes the tiny zarr v2 fixtures of DataExchangeTests with zarr-python 2 (zarr==2.18.3, numcodecs<0.16).

Each store is a diffusion_policy replay buffer of 2 episodes (3 + 2 frames) with 8x8 float32 images, in one
compressor each: none, zarr's default Blosc (lz4, clevel 5, shuffle 1), Zlib (level 1), and Blosc zstd with
bit shuffle; plus `nested-state.zarr`, data/state alone with "/" between chunk indices. Chunks of 2 rows (and 3 state columns) leave partial edge chunks on purpose. `expected.json` holds
the values every store must read back as.

    python3 scripts/make_zarr_fixtures.py
"""
import json
import pathlib
import shutil

import numpy as np
import zarr
from numcodecs import Blosc, Zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "DataExchangeTests" / "Fixtures" / "zarr"
SIZE, FRAMES, EPISODE_ENDS = 8, 5, [3, 5]


def values():
    rng = np.random.default_rng(20261201)
    img = rng.integers(0, 256, size=(FRAMES, SIZE, SIZE, 3)).astype(np.float32)
    state = np.concatenate([rng.uniform(0, 512, size=(FRAMES, 4)), rng.uniform(-7, 7, size=(FRAMES, 1))], axis=1)
    action = rng.uniform(0, 512, size=(FRAMES, 2))
    keypoint = rng.uniform(0, 512, size=(FRAMES, 9, 2))
    n_contacts = rng.integers(0, 3, size=(FRAMES, 1))
    return {
        "img": img, "state": state.astype(np.float32), "action": action.astype(np.float32),
        "keypoint": keypoint.astype(np.float32), "n_contacts": n_contacts.astype(np.float32),
        "episode_ends": np.array(EPISODE_ENDS, dtype=np.int64),
    }


def write(name, compressor, data):
    path = OUT / name
    if path.exists():
        shutil.rmtree(path)
    root = zarr.open_group(str(path), mode="w")
    group = root.create_group("data")
    chunks = {"img": (2, SIZE, SIZE, 3), "state": (2, 3), "action": (2, 2), "keypoint": (2, 9, 2), "n_contacts": (2, 1)}
    for key, shape in chunks.items():
        group.array(key, data[key], chunks=shape, compressor=compressor)
    root.create_group("meta").array("episode_ends", data["episode_ends"], chunks=(2,), compressor=compressor)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    data = values()
    write("replay-none.zarr", None, data)
    write("replay-blosc.zarr", Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE), data)
    write("replay-zlib.zarr", Zlib(level=1), data)
    write("replay-blosc-zstd.zarr", Blosc(cname="zstd", clevel=3, shuffle=Blosc.BITSHUFFLE), data)
    # uint8 images (a layout some converters write) must import the same.
    uint8 = dict(data, img=data["img"].astype(np.uint8))
    write("replay-uint8.zarr", Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE), uint8)
    # One array with nested chunk keys ("1/0" instead of "1.0"), zarr 2's dimension_separator="/".
    nested = OUT / "nested-state.zarr"
    if nested.exists():
        shutil.rmtree(nested)
    zarr.open_array(str(nested), mode="w", shape=data["state"].shape, chunks=(2, 3), dtype="<f4",
                    compressor=Zlib(level=1), dimension_separator="/")[:] = data["state"]
    expected = {key: value.reshape(-1).tolist() for key, value in data.items()}
    expected["shapes"] = {key: list(value.shape) for key, value in data.items()}
    (OUT / "expected.json").write_text(json.dumps(expected) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
