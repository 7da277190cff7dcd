#!/usr/bin/env python3
"""The random draws behind diffusion_policy's Push-T block keypoints, for `BlockKeypointsTests`.

diffusion_policy (`PymunkKeypointManager.create_from_pusht_env`, n_block_kps=9, seed=0) picks its 9 local block
keypoints by farthest-point sampling over the pixels of the block drawn alone at (256, 300, 0) on the 512 px
canvas, starting from `default_rng(0).choice(pixel_count)`, then adds `uniform(0, 1, (9, 2))` from the same
generator. The pixels come from our bit-exact renderer in the Swift test; the draws depend only on their count,
so this script records them for that count (numpy's PCG64 stream, not reimplemented in Swift).

    python3 scripts/make_keypoint_draws.py 7507
"""
import json
import pathlib
import sys

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "DataExchangeTests" / "Fixtures" / "keypoints" / "numpy-draws.json"


def main():
    count = int(sys.argv[1])
    rng = np.random.default_rng(seed=0)
    init_index = int(rng.choice(count))
    shift = rng.uniform(0, 1, size=(9, 2))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"pixel_count": count, "init_index": init_index, "shift": shift.reshape(-1).tolist(),
                               "numpy": np.__version__}) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
