"""Checks, with PyAV and LeRobot's decoder, files that VideoWriter wrote (see PyAVInteropFiles.swift).

    python check_pyav_interop.py FILE.mp4 ...

For each file: one video stream, pts == dts (no reordering), every frame's pts * time_base == k/fps exactly, the
keyframe positions, the largest color difference from the fixture pattern at the quadrant centers, whether the
index (moov) precedes the frames (faststart), and LeRobot's decode_video_frames (tolerance 1e-4 s) on a few times
when LeRobot is installed. Exits non-zero when a check fails.
"""

import struct
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from make_fixtures import frame_pixels  # noqa: E402


def top_level_atoms(path):
    data, offset, atoms = Path(path).read_bytes(), 0, []
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        atoms.append(kind.decode("latin-1"))
        if size < 8:
            break
        offset += size
    return atoms


def check(path):
    failures = []
    with av.open(path) as container:
        stream = container.streams.video[0]
        fps = Fraction(stream.average_rate)
        packets = [(packet.pts, packet.dts) for packet in container.demux(stream) if packet.size]
        if any(pts != dts for pts, dts in packets):
            failures.append("pts != dts")
    with av.open(path) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
    off_grid = [k for k, frame in enumerate(frames) if frame.pts * frame.time_base != Fraction(k) / fps]
    if off_grid:
        failures.append(f"frames off the 1/fps grid: {off_grid}")
    centers = [slice(20, 28), slice(68, 76)]
    worst = max(
        int(np.abs(frame.to_ndarray(format="rgb24")[y, x].astype(int) - frame_pixels(k)[y, x]).max())
        for k, frame in enumerate(frames) for y in centers for x in centers)
    atoms = top_level_atoms(path)
    if atoms.index("moov") > atoms.index("mdat"):
        failures.append("moov after mdat (no faststart)")
    print(f"{path}: {stream.codec_context.name} {stream.codec_context.pix_fmt} {stream.width}x{stream.height} "
          f"time_base {stream.time_base} fps {fps}, {len(frames)} frames on the k/fps grid: {not off_grid}, "
          f"keyframes at {[k for k, frame in enumerate(frames) if frame.key_frame]}, "
          f"largest center difference {worst}, atoms {atoms}")
    try:
        from lerobot.datasets.video_utils import decode_video_frames
    except ImportError:
        return failures
    times = [0.0, float(len(frames) - 1) / float(fps)]
    for backend in ["torchcodec", "pyav"]:
        try:
            decoded = decode_video_frames(path, times, tolerance_s=1e-4, backend=backend)
            print(f"  lerobot decode_video_frames ({backend}) at {times}: {tuple(decoded.shape)}")
        except Exception as error:  # an unavailable backend is reported, not failed
            print(f"  lerobot decode_video_frames ({backend}): {type(error).__name__}: {error}")
    return failures


def main():
    failed = False
    for path in sys.argv[1:]:
        for failure in check(path):
            print(f"  FAILED: {failure}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
