#!/usr/bin/env python3
"""Writes gym-pusht 0.1.8's own observations of 24 states for the sim renderer's parity tests.

States: 20 from the simulator parity fixture (every 35th recorded state) plus 4 chosen ones (agent overlapping
the block, agent touching it, block against a wall, agent on a wall). Each is placed exactly in a fresh space
without a physics step, so no contact markers are drawn (gym-pusht draws them only for live arbiters).
Output in Tests/RenderingTests/Fixtures/gym/: manifest.json, state-XX.png (the 96x96 `pixels` observation) and,
for states 0, 1 and the 4 chosen ones, canvas-XX.png (pygame's 512x512 surface before cv2.resize) for pixel-level checks.
Run from the package root: python3 scripts/render_make_gym_fixture.py
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
states += [
    [250.0, 320.0, 256.0, 300.0, 0.0],  # agent inside the crossbar
    [300.3, 255.7, 200.5, 230.25, 1.1],  # agent at the block's edge
    [256.0, 450.0, 20.5, 120.0, 1.5707963],  # block against the left wall
    [8.0, 300.0, 400.0, 400.0, -2.5],  # agent on the left wall
]
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
    entry = {"state": state, "image": name}
    if index < 2 or index >= 20:
        import pygame
        canvas = np.transpose(np.array(pygame.surfarray.pixels3d(raw._draw())), axes=(1, 0, 2))
        entry["canvas"] = f"canvas-{index:02d}.png"
        cv2.imwrite(os.path.join(out, entry["canvas"]), cv2.cvtColor(canvas, cv2.COLOR_RGB2BGR))
    entries.append(entry)
json.dump({"source": "gym-pusht 0.1.8 obs_type=pixels", "states": entries}, open(os.path.join(out, "manifest.json"), "w"),
          indent=1)
print(f"wrote {len(entries)} observations to {out}", file=sys.stderr)
