#!/usr/bin/env bash
# The emulated device's own checks, compiled with its header against its driver library:
#   grid_stride_test   JG_FOR_EACH at 2^31 - 1 elements (and the 32-bit loop it replaced failing there)
#   run-tests.sh <target folder>      (after build-emulator.sh; skipped with one line when it is not built)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$(cd "$1" && pwd)"; emulator="$target/emulator"
[ -f "$emulator/libcuda.so.1" ] || { echo "[jgrad] emulator tests skipped: the emulated device is not built"; exit 0; }
cuda_include=""
for candidate in "${CUDA_HOME:+$CUDA_HOME/include}" /usr/local/cuda/include /usr/include; do
  if [ -n "$candidate" ] && [ -f "$candidate/cuda_fp16.h" ]; then cuda_include="$candidate"; break; fi
done
out="$emulator/tests"; mkdir -p "$out"
g++ -std=c++17 -O2 -fwrapv -I"$here/../include" -I"$cuda_include" -I"$here/../../src/main/cuda" -include jg_emulated.h \
  "$here/grid_stride_test.cpp" -o "$out/grid_stride_test" -L"$emulator" -l:libcuda.so.1 -Wl,-rpath,"$emulator"
JGRAD_EMULATOR_QUIET=1 "$out/grid_stride_test"
