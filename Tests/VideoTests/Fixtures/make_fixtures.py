"""Writes the VideoTests fixture videos with PyAV, the way LeRobot encodes and joins camera videos.

Run by hand (not by the tests) from this directory, with a Python that has PyAV (pip package `av`):

    python make_fixtures.py

Every frame is 96x96 RGB made of four 48x48 solid quadrants whose colors depend on the frame index, so they survive
lossy compression and identify the frame. `VideoFixture.swift` in the tests computes the same colors.

- blocks_av1.mp4: 6 frames at 10 fps, libsvtav1, yuv420p, g=2, crf=30, preset=12 (LeRobot's defaults).
- blocks_h264.mp4: 6 frames at 10 fps, libx264, yuv420p, g=2, crf=23, x264's default B-frames.
- two_episodes_av1.mp4: two AV1 episodes of 5 and 7 frames (frames 0-4 and 5-11 of the pattern) joined by
  FFmpeg's concat demuxer with stream copy, as LeRobot v3.0 puts episodes back to back in one file.
"""

import os
import tempfile

import av
import numpy as np

SIDE = 96
FPS = 10
PALETTE = [
    (200, 40, 40), (40, 200, 40), (40, 40, 200), (200, 200, 40),
    (200, 40, 200), (40, 200, 200), (230, 230, 230), (30, 30, 30),
]


def quadrant_color(frame_index, quadrant):
    """Quadrant 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right."""
    return PALETTE[(frame_index + 3 * quadrant) % len(PALETTE)]


def frame_pixels(frame_index):
    half = SIDE // 2
    pixels = np.zeros((SIDE, SIDE, 3), dtype=np.uint8)
    for quadrant in range(4):
        top, left = (quadrant // 2) * half, (quadrant % 2) * half
        pixels[top:top + half, left:left + half] = quadrant_color(frame_index, quadrant)
    return pixels


def encode(path, frame_indices, codec, options):
    with av.open(path, "w") as output:
        stream = output.add_stream(codec, FPS, options=options)
        stream.pix_fmt = "yuv420p"
        stream.width = SIDE
        stream.height = SIDE
        for index in frame_indices:
            frame = av.VideoFrame.from_ndarray(frame_pixels(index), format="rgb24")
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)


def concatenate(paths, output_path):
    """LeRobot's concatenate_video_files: concat demuxer, stream copy, faststart."""
    with tempfile.NamedTemporaryFile("w", suffix=".ffconcat", delete=False) as listing:
        listing.write("ffconcat version 1.0\n")
        for path in paths:
            listing.write(f"file '{os.path.abspath(path)}'\n")
    with av.open(listing.name, "r", format="concat", options={"safe": "0"}) as source, \
            av.open(output_path, "w", options={"movflags": "faststart"}) as output:
        stream = output.add_stream_from_template(template=source.streams.video[0], opaque=True)
        stream.time_base = source.streams.video[0].time_base
        for packet in source.demux(source.streams.video[0]):
            if packet.dts is None:
                continue
            packet.stream = stream
            output.mux(packet)
    os.unlink(listing.name)


def main():
    av1 = {"g": "2", "crf": "30", "preset": "12"}
    encode("blocks_av1.mp4", range(6), "libsvtav1", av1)
    encode("blocks_h264.mp4", range(6), "libx264", {"g": "2", "crf": "23"})
    with tempfile.TemporaryDirectory() as scratch:
        first, second = os.path.join(scratch, "first.mp4"), os.path.join(scratch, "second.mp4")
        encode(first, range(0, 5), "libsvtav1", av1)
        encode(second, range(5, 12), "libsvtav1", av1)
        concatenate([first, second], "two_episodes_av1.mp4")
    for name in ["blocks_av1.mp4", "blocks_h264.mp4", "two_episodes_av1.mp4"]:
        with av.open(name) as container:
            stream = container.streams.video[0]
            times = [float(frame.pts * frame.time_base) for frame in container.decode(stream)]
            print(name, stream.codec_context.name, stream.time_base, os.path.getsize(name), "bytes", times)


if __name__ == "__main__":
    main()
