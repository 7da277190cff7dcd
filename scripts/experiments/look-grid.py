#!/usr/bin/env python3
"""One frame of each look through each method, as a PNG grid (rows: looks; columns: stages).

Reads the stage datasets that `sim2real looks evaluate` leaves in each look's folder (frames are PNG blobs in
SQLite), so the frames are the paired ones: the same sim state in every column.

    scripts/experiments/look-grid.py runs/test-app docs/images/test-looks-grid.png \
        --stages sim color-transfer base-edited edited truth --step 40
"""
import argparse
import io
import os
import sqlite3
import sys

from PIL import Image, ImageDraw

LABELS = {"sim": "sim", "color-transfer": "color transfer", "hint": "hint", "composite": "composite",
          "base-edited": "base editor", "edited": "specialized", "truth": "truth"}


def frame(dataset, episode, step):
    """The PNG of one frame, opened read-only so a running job is not disturbed."""
    with sqlite3.connect(f"file:{dataset}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT image FROM frames WHERE episode = ? AND step = ?", (episode, step)).fetchone()
    if row is None:
        sys.exit(f"{dataset}: no frame at episode {episode}, step {step}")
    return Image.open(io.BytesIO(row[0])).convert("RGB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a looks evaluate output folder (one folder per look)")
    parser.add_argument("out", help="output PNG")
    parser.add_argument("--stages", nargs="+", default=["sim", "color-transfer", "base-edited", "edited", "truth"])
    parser.add_argument("--episode", type=int, default=0)
    parser.add_argument("--step", type=int, default=40)
    parser.add_argument("--scale", type=int, default=1)
    arguments = parser.parse_args()

    looks = sorted(name for name in os.listdir(arguments.run)
                   if all(os.path.exists(os.path.join(arguments.run, name, stage, "dataset.sqlite")) for stage in arguments.stages))
    if not looks:
        sys.exit(f"{arguments.run}: no look folder holds all of {', '.join(arguments.stages)}")
    side = 96 * arguments.scale
    label_width, header, gap = 230, 18, 2
    grid = Image.new("RGB", (label_width + len(arguments.stages) * (side + gap), header + len(looks) * (side + gap)), "white")
    draw = ImageDraw.Draw(grid)
    for column, stage in enumerate(arguments.stages):
        draw.text((label_width + column * (side + gap) + 4, 3), LABELS.get(stage, stage), fill="black")
    for row, look in enumerate(looks):
        top = header + row * (side + gap)
        draw.text((4, top + side // 2 - 6), look, fill="black")
        for column, stage in enumerate(arguments.stages):
            image = frame(os.path.join(arguments.run, look, stage, "dataset.sqlite"), arguments.episode, arguments.step)
            grid.paste(image.resize((side, side), Image.NEAREST), (label_width + column * (side + gap), top))
    grid.save(arguments.out, optimize=True)
    print(f"wrote {arguments.out}: {len(looks)} looks x {len(arguments.stages)} stages")


if __name__ == "__main__":
    main()
