#!/usr/bin/env python3
"""Writes Tests/SimulationTests/Fixtures/parity.json with the real gym-pusht 0.1.8.

Each episode starts from an exact state (block body origin at x, y, theta; all velocities zero) in a fresh
space, applies 100 smooth actions, and records gym-pusht's state observation (angle modulo 2*pi) and coverage
after every action. The script checks that the episodes include pushing contact and wall contact.
Usage: python3 scripts/sim_make_parity_fixture.py [OUT]
"""
import json
import math
import sys

import gymnasium as gym
import gym_pusht  # noqa: F401  (registers the environment)
import numpy as np
import pymunk


def place_exactly(env, state):
    """Fresh space, agent at (ax, ay), block ORIGIN at (bx, by) with angle theta, no velocities."""
    env._setup()
    env.agent.position = (state[0], state[1])
    env.agent.velocity = (0, 0)
    env.block.angle = state[4]  # rotate about the centre of gravity first ...
    env.block.position = (state[2], state[3])  # ... then the origin lands exactly here
    env.block.velocity = (0, 0)
    env.block.angular_velocity = 0


def waypoint_actions(start, waypoints, count, max_step=12.0):
    """Teleop-like actions: the target moves toward each waypoint by at most max_step px per action."""
    actions, target, index = [], np.array(start, dtype=float), 0
    while len(actions) < count:
        goal = np.array(waypoints[min(index, len(waypoints) - 1)], dtype=float)
        delta = goal - target
        dist = float(np.linalg.norm(delta))
        if dist <= max_step:
            target = goal
            index += 1
        else:
            target = target + delta / dist * max_step
        actions.append([float(target[0]), float(target[1])])
    return actions


EPISODES = [
    # name, state [ax, ay, bx, by, theta], waypoints
    ("push-stem-up", [256, 470, 256, 300, 0.0], [(256, 430), (256, 330), (270, 300)]),
    ("sweep-rotated", [100, 120, 220, 240, 1.0], [(150, 200), (260, 250), (330, 330), (300, 400)]),
    ("into-left-wall", [230, 260, 110, 250, 0.3], [(200, 265), (40, 270), (60, 300)]),
    ("into-bottom-wall", [300, 180, 280, 380, -0.7], [(290, 300), (280, 480), (250, 470)]),
    ("circle-around", [400, 400, 250, 250, 2.5], [(300, 300), (200, 330), (180, 200), (320, 180), (330, 300)]),
    ("corner-push", [450, 150, 400, 130, -2.0], [(430, 120), (495, 40), (480, 60)]),
    ("near-goal-nudge", [180, 330, 250, 262, 0.6], [(215, 300), (235, 285), (200, 330), (300, 330), (275, 300)]),
    ("near-goal-turn", [330, 200, 262, 250, 1.0], [(300, 215), (285, 230), (320, 190), (200, 200), (230, 230)]),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/SimulationTests/Fixtures/parity.json"
    env = gym.make("gym_pusht/PushT-v0", obs_type="state")
    env.reset(seed=0)
    raw = env.unwrapped
    episodes, total_push, total_wall = [], 0, 0
    for name, state, waypoints in EPISODES:
        place_exactly(raw, state)
        actions = waypoint_actions(state[:2], waypoints, 100)
        states, coverage, push_steps, wall_steps = [], [], 0, 0
        for action in actions:
            raw.step(np.array(action, dtype=np.float64))
            obs = raw.get_obs()
            states.append([float(v) for v in obs])
            coverage.append(float(raw._get_coverage()))
            kinds = set()
            raw.block.each_arbiter(lambda arbiter: kinds.update(
                type(s).__name__ for s in arbiter.shapes if s.body is not raw.block))
            push_steps += "Circle" in kinds
            wall_steps += "Segment" in kinds
        total_push += push_steps > 0
        total_wall += wall_steps > 0
        episodes.append({"name": name, "initial_state": state, "actions": actions, "states": states,
                         "coverage": coverage, "push_contact_steps": push_steps, "wall_contact_steps": wall_steps})
        print(f"{name}: push contact steps {push_steps}, wall contact steps {wall_steps}, "
              f"final coverage {coverage[-1]:.4f}", file=sys.stderr)
    assert total_push >= 5 and total_wall >= 1, (total_push, total_wall)
    fixture = {"source": "gym-pusht 0.1.8, pymunk " + pymunk.version, "episodes": episodes}
    with open(out, "w") as handle:
        json.dump(fixture, handle)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
