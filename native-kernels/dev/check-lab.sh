#!/usr/bin/env bash
# The kernel lab's check without a GPU (CI runs it through the native-kernels pom's profile ci-kernel-lab;
# about 20 s of CPU for the compile and 10 s for the replay):
#   1. compiles the lab for sm_90 with ptxas's report and fails on any register spill;
#   2. checks the SASS (sass_check.py) when cuobjdump is installed;
#   3. replays the tiled kernels' index arithmetic on the CPU (emulate_indexing.py) when numpy is.
# Skips what its tools are missing for, with one line each. Skips the compile when <build dir>/lab
# is newer than every file of the lab.
#   check-lab.sh [<build dir>]       (default: native-kernels/target/lab-ci)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../target/lab-ci}"

if ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ] && [ ! -x "${CUDA_HOME:-/nonexistent}/bin/nvcc" ]; then
  echo "[lab] nvcc not found: kernel lab not compiled"
elif [ -x "$build/lab" ] && [ -z "$(find "$here" -type f -newer "$build/lab" -print -quit)" ]; then
  echo "[lab] kernel lab up to date: $build/lab"
else
  bash "$here/build-lab.sh" "$build" sm_90
fi

if [ -x "$build/lab" ]; then
  python3 "$here/sass_check.py" "$build/lab" sm_90 || { status=$?; [ "$status" = 2 ] || exit "$status"; }
fi

if python3 -c "import numpy" >/dev/null 2>&1; then
  python3 "$here/emulate_indexing.py"
else
  echo "[lab] numpy not installed: index replay (emulate_indexing.py) skipped"
fi
