#!/usr/bin/env bash
# The CUDA backend on the emulated device, after `mvn verify` (CI runs this; so can anyone without a
# GPU). Prints what the verify run's CUDA tests did on the emulated device (the conformance suite,
# the thread and memory tests, the planted faults), then trains the MNIST CNN for one epoch on a
# subset in float32, float16 and bfloat16 mixed precision, each on the CPU and on the emulated
# device, and requires each emulated run's test accuracy within 1 point of the same run's on the CPU.
#   bash scripts/emulated-cuda-check.sh [--subset N]      (default 2000 images, batch 64: 31 steps)
# Why batch 64: after the 15 steps of batch 128 the model is at about 86% and the three CPU runs
# alone spread over 0.9 points (one epoch on 2,000 images, seed 0: float32 86.03%, float16 86.47%,
# bfloat16 86.88%), so a 1-point check would test the noise; after 31 steps (about 90.5%) they
# agree within 0.5 points for the same work.
# Emulated timings are the host's: never GPU figures.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
subset=2000
[ "${1:-}" = "--subset" ] && subset="$2"
reports="native-kernels/target/surefire-reports"
status=0

# ---- what mvn verify ran on the emulated device ------------------------------------------------
counts() {  # tests failures errors skipped of one surefire report, or "missing"
  local xml="$reports/TEST-org.jgrad.cuda.$1.xml"
  [ -f "$xml" ] || { echo "missing"; return; }
  sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)"[^>]*errors="\([0-9]*\)"[^>]*skipped="\([0-9]*\)"[^>]*failures="\([0-9]*\)".*/\1 \4 \2 \3/p' "$xml" | head -n 1
}
echo "== CUDA tests of mvn verify, on the emulated device"
printf '%-30s %7s %7s %7s %8s\n' suite tests failed errors skipped
for suite in CudaConformanceTest CudaThreadingTest CudaMemoryTest CudaMatmulWithoutTensorCoresTest PlantedFaultsTest; do
  read -r tests failed errors skipped <<< "$(counts "$suite")"
  if [ "$tests" = "missing" ]; then
    printf '%-30s %s\n' "$suite" "no report (was mvn verify run?)"; status=1; continue
  fi
  printf '%-30s %7s %7s %7s %8s\n' "$suite" "$tests" "$failed" "$errors" "$skipped"
  [ "$failed" = 0 ] && [ "$errors" = 0 ] && [ "$skipped" = 0 ] || status=1
done
planted="$reports/org.jgrad.cuda.PlantedFaultsTest-output.txt"
[ -f "$planted" ] || planted="$reports/TEST-org.jgrad.cuda.PlantedFaultsTest.xml"
echo "planted faults, each caught with the kernel named:"
grep -oE '(gemm-edge-tile|missing-barrier|write-past-output|fma-contraction): FAILED: .{0,300}' "$planted" | sed 's/^/  /' || status=1

coverage="native-kernels/target/emulator/coverage.txt" all="native-kernels/target/emulator/build/kernels.txt"
if [ -f "$coverage" ] && [ -f "$all" ]; then
  never="$(comm -23 <(awk '{ print $1 }' "$all" | sort -u) <(sort -u "$coverage"))"
  echo "kernels launched by the tests: $(sort -u "$coverage" | wc -l) of $(awk '{ print $1 }' "$all" | sort -u | wc -l)"
  [ -z "$never" ] || echo "never launched: $(echo $never)"
fi

# ---- one epoch on a subset: the CPU, then the emulated device in three precisions ---------------
echo
echo "== one epoch on $subset MNIST images, batch 64, seed 0: the CPU and the emulated CUDA device"
# Build once and fetch MNIST once, before runs go side by side.
./jgrad info > /dev/null 2>&1 || { echo "emulated-cuda-check: ./jgrad does not build or start"; exit 1; }
./jgrad fetch-data mnist > "${TMPDIR:-/tmp}/jgrad-fetch-mnist.log" 2>&1 \
  || { echo "emulated-cuda-check: MNIST could not be fetched:"; tail -n 5 "${TMPDIR:-/tmp}/jgrad-fetch-mnist.log"; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/jgrad-emulated.XXXXXX")"
trap 'rm -rf "$work"' EXIT
accuracy() { sed -n 's/^test accuracy \([0-9.]*\)%.*/\1/p' "$1" | tail -n 1; }
train() {  # name, device properties..., then train's options
  local name="$1"; shift
  local start=$(date +%s)
  ./jgrad "$@" --subset "$subset" --bs 64 --seed 0 --out "$work/$name" > "$work/$name.log" 2>&1
  local rc=$? took=$(( $(date +%s) - start ))
  local acc; acc="$(accuracy "$work/$name.log")"
  if [ $rc -ne 0 ] || [ -z "$acc" ]; then
    echo "$name: FAILED (exit $rc) after $took s:"; tail -n 15 "$work/$name.log" | sed 's/^/  /'; return
  fi
  echo "$name $acc $took"
}
# The emulated device runs a launch on one host thread, so the three emulated runs go side by side
# (their seconds are then those of three processes sharing the machine's cores); the CPU runs after.
flag_of() { case "$1" in float16) echo --fp16 ;; bfloat16) echo --bf16 ;; *) echo "" ;; esac; }
for precision in float32 float16 bfloat16; do
  train "emulated-$precision" -Djgrad.cuda.emulated=true train --device cuda $(flag_of $precision) > "$work/result-emulated-$precision" &
done
wait
for precision in float32 float16 bfloat16; do
  train "cpu-$precision" train --device cpu $(flag_of $precision) > "$work/result-cpu-$precision"
done
printf '%-10s %14s %9s %14s %9s  %s\n' precision "cpu accuracy" seconds "emulated" seconds "difference"
for precision in float32 float16 bfloat16; do
  cpu="$(cat "$work/result-cpu-$precision")" emulated="$(cat "$work/result-emulated-$precision")"
  if echo "$cpu$emulated" | grep -q FAILED; then echo "$cpu"; echo "$emulated"; status=1; continue; fi
  read -r _ cpu_acc cpu_s <<< "$cpu"
  read -r _ acc took <<< "$emulated"
  verdict="$(awk -v a="$acc" -v c="$cpu_acc" 'BEGIN { d = a - c; if (d < 0) d = -d; printf "%+.2f points, %s", a - c, d <= 1.0 ? "ok" : "MORE THAN 1 POINT" }')"
  echo "$verdict" | grep -q "ok$" || status=1
  printf '%-10s %13s%% %9s %13s%% %9s  %s\n' "$precision" "$cpu_acc" "$cpu_s" "$acc" "$took" "$verdict"
done
echo "(emulated timings are the host's; they say nothing about a GPU)"
exit $status
