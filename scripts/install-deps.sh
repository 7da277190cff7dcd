#!/usr/bin/env bash
# Installs the Debian packages sim2real builds against, only those missing.
# Idempotent; works as root or through sudo. Set SIM2REAL_SKIP_APT=1 to skip.
set -euo pipefail

packages=(pkg-config libopenblas-dev libchipmunk-dev libpng-dev libsqlite3-dev
          libopencv-core-dev libopencv-imgproc-dev libblosc-dev zlib1g-dev libjpeg62-turbo-dev
          chromium chromium-driver python3-selenium libsnappy-dev libzstd-dev
          libavcodec-dev libavformat-dev libavutil-dev libswscale-dev)

[[ "${SIM2REAL_SKIP_APT:-0}" == 1 ]] && exit 0

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]]; then sudo=()
elif command -v sudo >/dev/null; then sudo=(sudo)
else echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
