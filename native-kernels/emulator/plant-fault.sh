#!/usr/bin/env bash
# Builds a kernel library with one deliberate bug, to prove the emulated device catches what it
# exists for. The library holds only the changed family's kernels; put it first in
# JGRAD_EMULATOR_KERNELS (before the full library) so its kernels stand in for the correct ones.
#   plant-fault.sh <fault> <target folder>     prints the library's path
# Faults:
#   gemm-edge-tile      matmul.cu stores column n of an edge tile too (col <= n): one past the row
#   missing-barrier     reduce.cu's block reduction without the __syncthreads between its halvings
#   write-past-output   elementwise.cu's unary kernels write element i + 1 instead of i
#   fma-contraction     optim.cu's AdamW shrink 1 - lr*wd written plainly, so the compiler may fuse
#                       it into one FMA (the host build contracts as nvcc does by default)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cuda="$here/../src/main/cuda"
fault="$1"; target="$(mkdir -p "$2" && cd "$2" && pwd)"
case "$fault" in
  gemm-edge-tile)    file=matmul.cu;      from='if (row < m && col < n) {';  to='if (row < m \&\& col <= n) {' ;;
  missing-barrier)   file=reduce.cu;      from='shared[threadIdx.x + half]);\n        __syncthreads();'; to='shared[threadIdx.x + half]);' ;;
  write-past-output) file=elementwise.cu; from='store(out, i, op(load(x, positionOf(i, shape, xs))));'; to='store(out, i + 1, op(load(x, positionOf(i, shape, xs))));' ;;
  fma-contraction)   file=optim.cu;       from='shrink = (T) __dsub_rn(1.0, __dmul_rn(lr, weightDecay));'; to='shrink = (T) (1.0 - lr * weightDecay);' ;;
  *) echo "plant-fault: unknown fault '$fault' (gemm-edge-tile, missing-barrier, write-past-output, fma-contraction)" >&2; exit 2 ;;
esac
dir="$target/planted/$fault"
rm -rf "$dir/src" && mkdir -p "$dir/src"
cp "$cuda"/*.cuh "$dir/src/"
FROM="$from" TO="$to" perl -0pe 'BEGIN { $f = $ENV{FROM}; $t = $ENV{TO}; $f =~ s/\\n/\n/g; $t =~ s/\\n/\n/g; $t =~ s/\\&/&/g }
    $n = () = /\Q$f\E/g; die "plant-fault: the pattern occurs $n times in '"$file"', not once\n" if $n != 1; s/\Q$f\E/$t/' \
  "$cuda/$file" > "$dir/src/$file"
bash "$here/build-emulator.sh" "$dir/src" "$target" "$dir" "libplanted-$fault.so" >&2
echo "$dir/libplanted-$fault.so"
