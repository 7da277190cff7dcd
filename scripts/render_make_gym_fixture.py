#!/usr/bin/env python3
"""Writes gym-pusht 0.1.8's own 96x96 `pixels` observations of 20 states, for the sim renderer's parity test.

States come from the parity fixture (every 35th recorded state), placed exactly in a fresh space (so no contact
markers are drawn). Output: Tests/RenderingTests/Fixtures/gym/{manifest.json, state-XX.png}.
"""
import json
import os
import sys

import cv2
import gymnasium as gym
import gym_pusht  # noqa: F401
import numpy as np

out = sys.argv[1] if len(sys.argv) > 1 else "Tests/RenderingTests/Fixtures/gym"
os.makedirs(out, exist_ok=True)
parity = json.load(open("Tests/SimulationTests/Fixtures/parity.json"))
states = [s for e in parity["episodes"] for s in e["states"][::35]][:20]
env = gym.make("gym_pusht/PushT-v0", obs_type="pixels")
env.reset(seed=0)
raw = env.unwrapped
entries = []
for index, state in enumerate(states):
    raw._setup()
    raw.agent.position = (state[0], state[1])
    raw.block.angle = state[4]
    raw.block.position = (state[2], state[3])
    raw.space.reindex_shapes_for_body(raw.block)
    raw.space.reindex_shapes_for_body(raw.agent)
    pixels = raw.get_obs()
    assert pixels.shape == (96, 96, 3) and pixels.dtype == np.uint8
    name = f"state-{index:02d}.png"
    cv2.imwrite(os.path.join(out, name), cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR))
    entries.append({"state": state, "image": name})
json.dump({"source": "gym-pusht 0.1.8 obs_type=pixels", "states": entries}, open(os.path.join(out, "manifest.json"), "w"),
          indent=1)
print(f"wrote {len(entries)} observations to {out}", file=sys.stderr)
