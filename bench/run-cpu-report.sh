#!/usr/bin/env bash
# Builds the benchmarks with the PyTorch peer (Maven profile "pytorch") and runs
# org.jgrad.bench.CpuReport, which writes bench/results/cpu-<date>.md (+ .json).
#
#   bench/run-cpu-report.sh            full report (~7 min on 2 cores when the GEMM is fast; run it on a quiet machine)
#   bench/run-cpu-report.sh --quick    minimal iterations, only to check the pipeline;
#                                      writes bench/target/results/cpu-<date>-quick.md
#   SKIP_BUILD=1 bench/run-cpu-report.sh ...   reuse bench/target/benchmarks.jar
#
# Environment: DJL_CACHE_DIR (default ~/.cache/jgrad-bench/djl) is where DJL unpacks the
# PyTorch natives from the class path (no network: -Dai.djl.offline=true);
# JGRAD_THREADS / TORCH_THREADS (default 2) set the thread counts of both engines.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

QUICK=0
ARGS=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1; ARGS+=("$a") ;;
    *) ARGS+=("$a") ;;
  esac
done

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -Ppytorch -pl bench -am package -DskipTests
fi

JAR="$ROOT/bench/target/benchmarks.jar"
[[ -f "$JAR" ]] || { echo "missing $JAR" >&2; exit 1; }

export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/jgrad-bench/djl}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
mkdir -p "$DJL_CACHE_DIR"

if [[ $QUICK == 1 ]]; then OUT="$ROOT/bench/target/results"; else OUT="$ROOT/bench/results"; fi
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain -- tensor 2>/dev/null)" ]]; then COMMIT="$COMMIT+dirty"; fi
THREADS="${JGRAD_THREADS:-2}"
TORCH="${TORCH_THREADS:-2}"

exec java -Xmx512m \
  -Djgrad.threads="$THREADS" \
  -Djgrad.bench.commit="$COMMIT" \
  -Dai.djl.offline=true \
  -DDJL_CACHE_DIR="$DJL_CACHE_DIR" \
  -DENGINE_CACHE_DIR="$ENGINE_CACHE_DIR" \
  -Dai.djl.pytorch.num_threads="$TORCH" \
  -Dai.djl.pytorch.num_interop_threads="$TORCH" \
  -cp "$JAR" org.jgrad.bench.CpuReport --out "$OUT" "${ARGS[@]}"
