#!/usr/bin/env bash
# The GPU check, in one go on a GPU machine (no Java, Maven or network needed: scripts/gpu-pack.sh
# prepared .gpu/). From the repository root:
#   bash scripts/gpu-check.sh [--subset N] [--java PATH]
# Stages, each under its own time limit: the card (nvidia-smi); the Java runtime; jgrad info; the
# CUDA conformance suite (every Backend primitive on cuda:0 against the CPU); one epoch of the
# MNIST CNN on the GPU in float32, float16 and bfloat16 mixed precision, and one on the CPU.
# Full logs go to $OUT (default gpu-out/), 8 files at most; a summary table is printed last. Without a GPU every stage still runs and says why the GPU
# parts could not: a dry run of the check itself.
#   --subset N   train on N images instead of all 60,000 (a short dry run)
#   --java PATH  use this java (17 or newer) instead of unpacking .gpu/runtime.tar.gz
# Time limits in seconds (environment): GPU_CHECK_CONFORMANCE_S (200), GPU_CHECK_TRAIN_GPU_S (100,
# the float32 epoch), GPU_CHECK_TRAIN_HALF_S (50 for each mixed-precision epoch), GPU_CHECK_TRAIN_CPU_S
# (60): with about 20 s for the rest, under 8 minutes in all.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pack="$root/.gpu"
out="${OUT:-gpu-out}"
mkdir -p "$out" && out="$(cd "$out" && pwd)"
subset="" java=""
while [ $# -gt 0 ]; do
  case "$1" in
    --subset) subset="$2"; shift 2 ;;
    --java) java="$2"; shift 2 ;;
    *) echo "gpu-check: unknown option '$1' (use --subset N, --java PATH)" >&2; exit 2 ;;
  esac
done
[ -d "$pack/lib" ] || { echo "gpu-check: no $pack/lib: run scripts/gpu-pack.sh on a development machine and carry .gpu" >&2; exit 2; }
limit_conformance="${GPU_CHECK_CONFORMANCE_S:-200}" limit_gpu="${GPU_CHECK_TRAIN_GPU_S:-100}"
limit_half="${GPU_CHECK_TRAIN_HALF_S:-50}" limit_cpu="${GPU_CHECK_TRAIN_CPU_S:-60}"
work="$(mktemp -d "${TMPDIR:-/tmp}/jgrad-gpu-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
stage() { printf '\n=== %s (at %d s)\n' "$1" $(( $(date +%s) - started )); }
limited() { echo "timed out after $1 s"; }

# ---- the card -------------------------------------------------------------------------------
stage "card"
if command -v nvidia-smi >/dev/null 2>&1; then
  { timeout 30 nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.limit,temperature.gpu \
      --format=csv; echo; timeout 30 nvidia-smi; } > "$out/card.txt" 2>&1
  card="$(timeout 30 nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader 2>&1 | head -n 1 \
      | awk -F', ' '{ print $1 ", driver " $2 ", max SM clock " $3 }')"
else
  echo "nvidia-smi not found: no NVIDIA driver on this machine" > "$out/card.txt"
  card="none (nvidia-smi not found)"
fi
cat "$out/card.txt"

# ---- Java -----------------------------------------------------------------------------------
stage "java"
if [ -z "$java" ]; then
  tar -xzf "$pack/runtime.tar.gz" -C "$work" && java="$work/jre/bin/java"
fi
"$java" -version 2>&1 || { echo "gpu-check: $java does not run" >&2; exit 2; }
classpath="$(ls "$pack"/lib/*.jar | tr '\n' ':')"
tests="$(ls "$pack"/test/jgrad-*.jar | tr '\n' ':')"
tests="${tests%:}"
launcher="$(ls "$pack"/test/junit-platform-console-standalone-*.jar | head -n 1)"
jvm=(--add-modules jdk.incubator.vector -XX:+UseSerialGC -Xss4m)
# Java 22+ warns when JCuda loads its native library unless native access is granted; Java 17 lacks the flag.
"$java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 && jvm+=(--enable-native-access=ALL-UNNAMED)

# ---- jgrad info -----------------------------------------------------------------------------
stage "jgrad info"
timeout 60 "$java" "${jvm[@]}" -cp "$classpath" org.jgrad.training.cli.Jgrad info > "$out/info.txt" 2>&1
grep -v 'incubator modules' "$out/info.txt"

# ---- the conformance suite ------------------------------------------------------------------
stage "conformance (limit ${limit_conformance} s; full log in conformance.log)"
fallbacks="$work/fallbacks.tsv" report="$work/conformance.xml"
timeout "$limit_conformance" "$java" "${jvm[@]}" -Djgrad.cuda.sync=true -Djgrad.fallbacks.file="$fallbacks" \
  -jar "$launcher" execute --disable-banner --disable-ansi-colors --details=tree --class-path "$classpath$tests" \
  --scan-class-path "$pack/test/jgrad-native-kernels-tests.jar" --exclude-classname '.*(CpuHarness|HarnessCatchesFaults|Tour)Test' \
  --reports-dir "$work/reports" > "$out/conformance.log" 2>&1
conformance_rc=$?
cp "$work/reports/TEST-junit-jupiter.xml" "$report" 2>/dev/null
count() { sed -n "s/^\[ *\([0-9]*\) tests $1 *\]\$/\1/p" "$out/conformance.log" | head -n 1; }
found="$(count found)" passed="$(count successful)" failed="$(count failed)" aborted="$(count aborted)" skipped="$(count skipped)"
sed -n '/^Failures (/,/^Test run finished/p' "$out/conformance.log" | head -n 80
sed -n '/^Test run finished/,$p' "$out/conformance.log"
skip_reason="$(grep -o 'CUDA is unavailable: [^"<]*' "$report" 2>/dev/null | head -n 1 | sed 's/&apos;/'"'"'/g')"
[ -f "$fallbacks" ] && { echo "host fallbacks (count, op):"; cat "$fallbacks"; } | tee -a "$out/conformance.log"

# ---- one epoch of the MNIST CNN on the GPU and on the CPU -----------------------------------
mkdir -p "$work/data/mnist"
for f in "$pack"/mnist/*.gz; do gunzip -c "$f" > "$work/data/mnist/$(basename "$f" .gz)"; done
train() { # name limit device [flag] -> log train-<name>.log, run folder run-<name>
  timeout "$2" "$java" "${jvm[@]}" -Djgrad.data="$work/data" -cp "$classpath" org.jgrad.training.cli.Jgrad \
    train --epochs 1 --seed 0 ${subset:+--subset "$subset"} --device "$3" ${4:-} --out "$work/run-$1" > "$out/train-$1.log" 2>&1
  local rc=$?
  grep -v -e 'incubator modules' -e '^\s*at ' -e ' batches, loss ' "$out/train-$1.log" | tail -n 8
  return $rc
}
outcome() { # device rc -> "seconds accuracy status"
  local metrics="$work/run-$1/metrics.json"
  if [ "$2" -eq 0 ] && [ -f "$metrics" ]; then
    local s a
    s="$(grep -o '"seconds": [0-9.]*' "$metrics" | tail -n 1 | cut -d' ' -f2)"
    a="$(grep -o '"final_accuracy": [0-9.]*' "$metrics" | cut -d' ' -f2)"
    printf '%.1f %.2f%% ok' "$s" "$(awk -v a="$a" 'BEGIN { print 100 * a }')"
  elif [ "$2" -eq 124 ]; then
    echo "- - $(limited "$3")"
  else
    local why
    why="$(grep -E '^jgrad train: |Exception|Error:' "$out/train-$1.log" | grep -v 'incubator' | head -n 1)"
    echo "- - ${why#jgrad train: }"
  fi
}
stage "train on the GPU, float32 (limit ${limit_gpu} s)"
train cuda "$limit_gpu" cuda; gpu="$(outcome cuda $? "$limit_gpu")"
stage "train on the GPU, float16 mixed precision (limit ${limit_half} s)"
train cuda-fp16 "$limit_half" cuda --fp16; gpu_fp16="$(outcome cuda-fp16 $? "$limit_half")"
stage "train on the GPU, bfloat16 mixed precision (limit ${limit_half} s)"
train cuda-bf16 "$limit_half" cuda --bf16; gpu_bf16="$(outcome cuda-bf16 $? "$limit_half")"
stage "train on the CPU, float32 (limit ${limit_cpu} s)"
train cpu "$limit_cpu" cpu; cpu="$(outcome cpu $? "$limit_cpu")"

# ---- the summary ----------------------------------------------------------------------------
{
  echo
  echo "==== jgrad GPU check, $(date -u '+%Y-%m-%d %H:%M UTC'), $(( $(date +%s) - started )) s ===="
  printf '%-15s %s\n' "pack" "$(head -n 1 "$pack/PACK.txt" 2>/dev/null | sed 's/^jgrad GPU-check pack, //')"
  printf '%-15s %s\n' "card" "$card"
  printf '%-15s %s\n' "cpu" "$(grep -m 1 '^cpu ' "$out/info.txt" | sed 's/^cpu *//')"
  conformance="${passed:-0} passed, ${failed:-0} failed, $(( ${skipped:-0} + ${aborted:-0} )) skipped"
  [ "$conformance_rc" -eq 124 ] && conformance="$conformance; $(limited "$limit_conformance")"
  [ -z "$passed" ] && [ "$conformance_rc" -ne 124 ] && conformance="did not run (exit $conformance_rc): see conformance.log"
  [ "${found:-}" = 0 ] && conformance="no tests found: see conformance.log"
  [ -n "$skip_reason" ] && conformance="$conformance ($skip_reason)"
  printf '%-15s %s\n' "conformance" "$conformance"
  if [ -n "$skip_reason" ]; then
    printf '%-15s %s\n' "host fallbacks" "none counted: the CUDA cases were skipped"
  elif [ -f "$fallbacks" ]; then # "count<TAB>op" lines, or "none"
    printf '%-15s %s\n' "host fallbacks" "$(awk -F'\t' 'NF == 2 { printf "%s%sx %s", (n++ ? "; " : ""), $1, $2 } END { if (!n) print "none" }' "$fallbacks")"
  else
    printf '%-15s %s\n' "host fallbacks" "not reported (the suite did not finish)"
  fi
  printf '%-15s %s\n' "training" "one epoch of the MNIST CNN, seed 0, $([ -n "$subset" ] && echo "$subset training images" || echo "60,000 training images"), 10,000 test images"
  printf '  %-10s %9s %10s  %s\n' run "epoch s" accuracy status
  read -r s a st <<< "$gpu"; printf '  %-10s %9s %10s  %s\n' cuda "$s" "$a" "$st"
  read -r s a st <<< "$gpu_fp16"; printf '  %-10s %9s %10s  %s\n' "cuda fp16" "$s" "$a" "$st"
  read -r s a st <<< "$gpu_bf16"; printf '  %-10s %9s %10s  %s\n' "cuda bf16" "$s" "$a" "$st"
  read -r s a st <<< "$cpu"; printf '  %-10s %9s %10s  %s\n' cpu "$s" "$a" "$st"
  echo "logs in $out: $(ls "$out" | tr '\n' ' ')"
} | tee "$out/summary.txt"
