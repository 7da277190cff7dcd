"""Writes the small LeRobot datasets the Swift tests read, with lerobot's own writer.

Run once per lerobot version (v2.1 layout from lerobot 0.3.x, v3.0 from 0.4.x), each in an environment made by
scripts/lerobot/setup-venv.sh:
    ENV/bin/python scripts/lerobot/make_fixtures.py Tests/DataExchangeTests/Fixtures/lerobot
Each run writes `v21-video` and `v21-image` (or `v30-video` and `v30-image`): two Push-T-like episodes of 5 and 7
frames at 10 fps, camera `observation.image` 96x96 as AV1 video or as PNG in Parquet. The content is deterministic
and described in `expected_frame` / `expected_state` below; the tests check the same formulas.
"""
import shutil
import sys
from pathlib import Path

import numpy as np
import lerobot
from lerobot.datasets.lerobot_dataset import LeRobotDataset

TASK = "Push the T-shaped block onto the target."
LENGTHS = [5, 7]


def expected_frame(episode: int, step: int) -> np.ndarray:
    """A flat background whose color encodes (episode, step), with a white square that moves right each step."""
    image = np.empty((96, 96, 3), dtype=np.uint8)
    image[:, :] = (30, 30 + 20 * step, 200 - 80 * episode)
    image[36:60, 8 + 8 * step:32 + 8 * step] = 255
    return image


def expected_state(episode: int, step: int) -> tuple[list[float], list[float]]:
    state = [100.0 + 10 * step + episode, 200.0 + 5 * step]
    action = [state[0] + 3, state[1] - 2]
    return state, action


def features(camera_dtype: str) -> dict:
    return {
        "observation.image": {"dtype": camera_dtype, "shape": (96, 96, 3), "names": ["height", "width", "channels"]},
        "observation.state": {"dtype": "float32", "shape": (2,), "names": {"motors": ["motor_0", "motor_1"]}},
        "action": {"dtype": "float32", "shape": (2,), "names": {"motors": ["motor_0", "motor_1"]}},
        "next.reward": {"dtype": "float32", "shape": (1,), "names": None},
        "next.done": {"dtype": "bool", "shape": (1,), "names": None},
    }


def write(root: Path, camera_dtype: str, v3: bool) -> None:
    shutil.rmtree(root, ignore_errors=True)
    dataset = LeRobotDataset.create("sim2real/fixture", fps=10, features=features(camera_dtype), root=root,
                                    robot_type="pusht", use_videos=camera_dtype == "video")
    for episode, length in enumerate(LENGTHS):
        for step in range(length):
            state, action = expected_state(episode, step)
            frame = {
                "observation.image": expected_frame(episode, step),
                "observation.state": np.array(state, dtype=np.float32),
                "action": np.array(action, dtype=np.float32),
                "next.reward": np.array([step / 10], dtype=np.float32),
                "next.done": np.array([step == length - 1]),
            }
            if v3:
                frame["task"] = TASK
                dataset.add_frame(frame)
            else:
                dataset.add_frame(frame, task=TASK)
        dataset.save_episode()
    if v3:
        dataset.finalize()
    shutil.rmtree(root / "images", ignore_errors=True)


def main() -> None:
    out = Path(sys.argv[1])
    v3 = not lerobot.__version__.startswith("0.3")
    name = "v30" if v3 else "v21"
    for camera in ["video", "image"]:
        write(out / f"{name}-{camera}", camera, v3)
        print(f"wrote {out / f'{name}-{camera}'} with lerobot {lerobot.__version__}")


if __name__ == "__main__":
    main()
