#!/usr/bin/env bash
# Makes a Python environment with lerobot VERSION (0.3.3 writes and reads LeRobotDataset v2.1, 0.4.4 v3.0) at
# DIR, reusing the system's torch (--system-site-packages) so nothing multi-gigabyte is downloaded. lerobot's
# own pins on torch are looser than its code needs: it runs here on torch 2.15 with torchvision --no-deps,
# numpy < 2.3 (newer numpy refuses float() of a one-element array, which lerobot's writer does) and torchcodec
# for video (it needs FFmpeg's shared libraries, libavdevice among them).
#   scripts/lerobot/setup-venv.sh 0.4.4 /work/lerobot-0.4.4
set -euo pipefail
version=${1:?lerobot version, e.g. 0.4.4}; dir=${2:?environment folder}
python3 -c "import torch" 2>/dev/null || { echo "setup-venv: needs torch in the system Python (pip install torch)" >&2; exit 1; }
if command -v apt-get >/dev/null && ! dpkg-query -W libavdevice59 >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends libavdevice59 libavfilter8 >&2
fi
python3 -m venv --system-site-packages "$dir"
case "$version" in
  0.3.*) datasets="datasets==3.6.0"; av="av>=14.2,<16" ;;
  *) datasets="datasets>=4.0,<5"; av="av>=15,<16" ;;
esac
"$dir/bin/pip" install -q --no-deps "lerobot==$version" torchvision torchcodec
"$dir/bin/pip" install -q "$datasets" "huggingface-hub>=0.34.2,<0.36" "$av" jsonlines draccus==0.10.0 "deepdiff>=7,<9" \
  einops termcolor "packaging>=24.2,<26" pyarrow pandas "gymnasium>=0.29.1" opencv-python-headless imageio accelerate \
  pyserial pynput wandb "diffusers<0.36" rerun-sdk flask \
  "numpy<2.3" 2>&1 | grep -v -E "dependency resolver|requires (torch|torchvision)|which is incompatible" >&2 || true
"$dir/bin/python" -c "import lerobot; from lerobot.datasets.lerobot_dataset import LeRobotDataset; print('lerobot', lerobot.__version__, 'ready in $dir')"
