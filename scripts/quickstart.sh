#!/usr/bin/env bash
# The README's main job: install what is missing, build, and run pipelines/quickstart.yaml (simulate, proxy-real
# references and episodes, specialize the shipped fine-tuned editor briefly, convert, color-transfer baseline, policy
# experiment, report). Re-running skips finished stages; a killed run resumes where it stopped.
# Usage: scripts/quickstart.sh [OUT]   (default runs/quickstart)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product sim2real
out=${1:-runs/quickstart}
.build/release/sim2real run pipelines/quickstart.yaml --out "$out"
echo "quickstart: report in $out/report/report.html (and report.json); sim2real runs list shows the run index"
