#!/usr/bin/env python3
"""Anchor for `sim2real bench sim`: gym-pusht 0.1.8 env steps per second, one process.

Random uniform actions in [0, 512]^2 (seeded), reset every 300 steps, for obs_type state and pixels.
Prints one JSON object: {"state": steps_per_s, "pixels": steps_per_s, "steps": N, "version": ...}.
Usage: python3 benchmarks/gym_pusht_bench.py [STEPS]
"""
import json
import sys
import time

import gymnasium as gym
import gym_pusht  # noqa: F401
import numpy as np


def measure(obs_type, steps):
    env = gym.make("gym_pusht/PushT-v0", obs_type=obs_type)
    rng = np.random.default_rng(0)
    env.reset(seed=0)
    actions = rng.uniform(0, 512, size=(steps, 2))
    start = time.perf_counter()
    for index in range(steps):
        if index % 300 == 299:
            env.reset(seed=index)
        env.step(actions[index])
    return steps / (time.perf_counter() - start)


steps = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
result = {"state": measure("state", steps), "pixels": measure("pixels", steps), "steps": steps,
          "version": "gym-pusht 0.1.8"}
print(json.dumps(result))
