#!/usr/bin/env bash
# Builds the kernel lab's binary: each .cu compiled on its own (in parallel) for the given
# architectures, then linked into <build dir>/lab. ptxas's resource report (registers, shared
# memory, spills per kernel) goes to <build dir>/ptxas.log, and the build fails when any kernel
# spills, like build-kernels.sh does for the library's kernels.
#   build-lab.sh <build dir> [sm_XY ...]        (default: sm_80 sm_90)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:?usage: build-lab.sh <build dir> [sm_XY ...]}"; shift
archs=("$@"); [ ${#archs[@]} -gt 0 ] || archs=(sm_80 sm_90)

nvcc=""
for candidate in "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" /usr/local/cuda/bin/nvcc "$(command -v nvcc || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then nvcc="$candidate"; break; fi
done
[ -n "$nvcc" ] || { echo "[lab] nvcc not found (CUDA_HOME, /usr/local/cuda, PATH)"; exit 1; }

gencode=()
for arch in "${archs[@]}"; do gencode+=("-gencode=arch=compute_${arch#sm_},code=$arch"); done
mkdir -p "$build"
echo "[lab] nvcc $("$nvcc" --version | tail -n 2 | head -n 1) for ${archs[*]} -> $build/lab"
start=$(date +%s)
pids=()
for src in "$here"/*.cu; do
  name="$(basename "$src" .cu)"
  "$nvcc" -c -O3 -std=c++17 -lineinfo -Xptxas -v "${gencode[@]}" -o "$build/$name.o" "$src" \
    > "$build/$name.ptxas.log" 2>&1 &
  pids+=("$!:$name")
done
failed=0
for entry in "${pids[@]}"; do
  if ! wait "${entry%%:*}"; then echo "[lab] compiling ${entry#*:}.cu failed:"; cat "$build/${entry#*:}.ptxas.log"; failed=1; fi
done
cat "$build"/*.ptxas.log > "$build/ptxas.log"
[ "$failed" = 0 ] || exit 1
"$nvcc" "${gencode[@]}" -o "$build/lab" "$build"/*.o

# ptxas prints "Compiling entry function 'k' for 'sm_XY'" and later "N bytes spill stores, M bytes spill loads".
spills="$(awk "/Compiling entry function/ { fn = \$0 } /bytes spill/ { if (\$5 + \$9 > 0) print fn \" -> \" \$0 }" "$build/ptxas.log")"
if [ -n "$spills" ]; then
  echo "[lab] register spills (see $build/ptxas.log):"; echo "$spills"; exit 1
fi
kernels="$(grep -c "Compiling entry function" "$build/ptxas.log" || true)"
echo "[lab] $kernels kernels x archs compiled in $(( $(date +%s) - start )) s, no spills"
