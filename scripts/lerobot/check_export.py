"""Checks a `sim2real dataset export --format lerobot` folder with lerobot's own loader, offline.

    ENV/bin/python scripts/lerobot/check_export.py DIR --reference FOLDER [--max-mean-error 6] [--train-steps 2]

DIR is the LeRobot export; FOLDER is `sim2real dataset export --format folder` of the same dataset (PNG frames and
episode.csv), the truth. LeRobotDataset(repo_id, root=DIR) must load with HF_HUB_OFFLINE=1, have the dataset's
episodes, lengths and fps, give every row's observation.state and action equal to the CSV (as float32), and every
frame within --max-mean-error levels (mean absolute difference; video is lossy) of the PNG. A DataLoader batch with
diffusion-policy-style delta_timestamps is drawn as training would. With --train-steps N, lerobot's own training
script then runs N steps of a diffusion policy on DIR on the CPU. Prints PASS or FAIL lines; exits 0 on PASS.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import torch
from PIL import Image
import lerobot
from lerobot.datasets.lerobot_dataset import LeRobotDataset


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--reference", required=True)
    parser.add_argument("--max-mean-error", type=float, default=6.0)
    parser.add_argument("--train-steps", type=int, default=0)
    args = parser.parse_args()

    reference = Path(args.reference)
    episodes = sorted(p for p in reference.iterdir() if p.is_dir())
    dataset = LeRobotDataset("sim2real/export", root=args.root)
    lengths = [sum(1 for _ in csv.DictReader(open(e / "episode.csv"))) for e in episodes]
    if dataset.num_episodes != len(episodes) or len(dataset) != sum(lengths):
        fail(f"{dataset.num_episodes} episodes / {len(dataset)} frames, expected {len(episodes)} / {sum(lengths)}")
    if dataset.fps != 10:
        fail(f"fps {dataset.fps}, expected 10")

    worst_mean, index = 0.0, 0
    for episode, folder in enumerate(episodes):
        rows = list(csv.DictReader(open(folder / "episode.csv")))
        for step, row in enumerate(rows):
            item = dataset[index]
            index += 1
            if int(item["episode_index"]) != episode or int(item["frame_index"]) != step:
                fail(f"row {index - 1}: episode {int(item['episode_index'])} frame {int(item['frame_index'])}, expected {episode} {step}")
            state = np.array([row["agent_x"], row["agent_y"]], dtype=np.float64).astype(np.float32)
            action = np.array([row["action_x"], row["action_y"]], dtype=np.float64).astype(np.float32)
            if not np.array_equal(item["observation.state"].numpy(), state):
                fail(f"episode {episode} frame {step}: observation.state {item['observation.state'].tolist()}, expected {state.tolist()}")
            if not np.array_equal(item["action"].numpy(), action):
                fail(f"episode {episode} frame {step}: action {item['action'].tolist()}, expected {action.tolist()}")
            image = (item["observation.image"].permute(1, 2, 0).numpy() * 255).round()
            truth = np.asarray(Image.open(folder / f"{step:04d}.png").convert("RGB"), dtype=np.float64)
            mean = float(np.abs(image - truth).mean())
            worst_mean = max(worst_mean, mean)
            if mean > args.max_mean_error:
                fail(f"episode {episode} frame {step}: frame differs by {mean:.2f} levels on average, more than {args.max_mean_error}")
    print(f"PASS lerobot {lerobot.__version__} loaded {args.root}: {len(episodes)} episodes, {index} frames, "
          f"states and actions exact, frames within {worst_mean:.2f} levels (worst mean absolute difference)")

    deltas = {"observation.image": [-0.1, 0.0], "observation.state": [-0.1, 0.0],
              "action": [round(0.1 * k, 1) for k in range(-1, 15)]}
    windowed = LeRobotDataset("sim2real/export", root=args.root, delta_timestamps=deltas)
    batch = next(iter(torch.utils.data.DataLoader(windowed, batch_size=4, shuffle=True, num_workers=0)))
    shape = tuple(batch["observation.image"].shape)
    if shape[1:] != (2, 3, windowed.meta.shapes["observation.image"][0], windowed.meta.shapes["observation.image"][1]):
        fail(f"a batch with delta_timestamps has observation.image of shape {shape}")
    print(f"PASS a DataLoader batch with diffusion-policy delta_timestamps: observation.image {shape}, action {tuple(batch['action'].shape)}")

    if args.train_steps > 0:
        module = "lerobot.scripts.train" if lerobot.__version__.startswith("0.3") else "lerobot.scripts.lerobot_train"
        with tempfile.TemporaryDirectory() as out:
            command = [sys.executable, "-m", module, "--dataset.repo_id=sim2real/export", f"--dataset.root={args.root}",
                       "--policy.type=diffusion", "--policy.device=cpu", "--policy.push_to_hub=false", "--wandb.enable=false",
                       f"--steps={args.train_steps}", "--batch_size=2", "--num_workers=0", "--save_checkpoint=false",
                       "--log_freq=1", f"--output_dir={out}/train"]
            result = subprocess.run(command, capture_output=True, text=True)
            log = result.stdout + result.stderr
            if result.returncode != 0:
                print(log[-3000:])
                fail(f"lerobot's training script exited with {result.returncode}")
            losses = [line for line in log.splitlines() if "loss:" in line]
            print(f"PASS lerobot's training script ({module}) ran {args.train_steps} diffusion-policy steps on the export: "
                  + (losses[-1].strip()[-120:] if losses else "no loss line printed"))


if __name__ == "__main__":
    main()
