#!/usr/bin/env bash
# Install ofsted-kg and run the main job on the bundled data: out/ holds the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ofsted-kg build "$@"
