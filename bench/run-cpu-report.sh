#!/usr/bin/env bash
# jgrad against PyTorch on the CPU, one command: writes bench/results/cpu-<date>.md (+ .json).
#
#   bench/run-cpu-report.sh                    the report (./jgrad bench --cpu-report): jgrad and PyTorch 2.7.1
#                                              (DJL, its own JVM) taking turns case by case; matmul 256-2048,
#                                              the bench's conv2d shapes, the six training steps, the two MNIST
#                                              epochs; then PyTorch alone on a few cases. About 10 min on
#                                              2 cores; run it on a quiet machine.
#   bench/run-cpu-report.sh --quick            shorter timings, only to check the pipeline;
#                                              writes bench/target/results/cpu-<date>-quick.md
#   bench/run-cpu-report.sh --quick --epoch-images 1280   ... and epochs of 10 batches
#   bench/run-cpu-report.sh --jmh [--quick]    the older JMH comparison of the kernels (org.jgrad.bench.CpuReport),
#                                              both engines in one JVM one after the other; writes
#                                              bench/results/jmh/cpu-<date>.md
#
# Environment: JGRAD_THREADS (default 2) is the thread count of both engines; DJL_CACHE_DIR (default
# ~/.cache/jgrad-bench/djl) is where DJL unpacks PyTorch's natives (no network: -Dai.djl.offline=true).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

JMH=0
ARGS=()
for a in "$@"; do
  case "$a" in
    --jmh) JMH=1 ;;
    *) ARGS+=("$a") ;;
  esac
done

export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/jgrad-bench/djl}"
export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
mkdir -p "$DJL_CACHE_DIR"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain -- tensor autograd nn training bench ":!bench/results" 2>/dev/null)" ]]; then COMMIT="$COMMIT+dirty"; fi
THREADS="${JGRAD_THREADS:-2}"

if [[ $JMH == 0 ]]; then
  exec "$ROOT/jgrad" -Djgrad.threads="$THREADS" -Djgrad.bench.commit="$COMMIT" -Dai.djl.offline=true \
    -DDJL_CACHE_DIR="$DJL_CACHE_DIR" -DENGINE_CACHE_DIR="$ENGINE_CACHE_DIR" \
    bench --cpu-report ${ARGS[@]+"${ARGS[@]}"}
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -Ppytorch -pl bench -am package -DskipTests
fi
JAR="$ROOT/bench/target/benchmarks.jar"
[[ -f "$JAR" ]] || { echo "missing $JAR" >&2; exit 1; }
QUICK=0
for a in ${ARGS[@]+"${ARGS[@]}"}; do [[ "$a" == --quick ]] && QUICK=1; done
if [[ $QUICK == 1 ]]; then OUT="$ROOT/bench/target/results/jmh"; else OUT="$ROOT/bench/results/jmh"; fi
exec java -Xmx512m -XX:+UseSerialGC \
  -Djgrad.threads="$THREADS" \
  -Djgrad.bench.commit="$COMMIT" \
  -Dai.djl.offline=true \
  -DDJL_CACHE_DIR="$DJL_CACHE_DIR" \
  -DENGINE_CACHE_DIR="$ENGINE_CACHE_DIR" \
  -Dai.djl.pytorch.num_threads="$THREADS" \
  -Dai.djl.pytorch.num_interop_threads="$THREADS" \
  -cp "$JAR" org.jgrad.bench.CpuReport --out "$OUT" ${ARGS[@]+"${ARGS[@]}"}
