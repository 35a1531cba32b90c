#!/usr/bin/env bash
# The GPU check: one command for a GPU machine (no Java, Maven or network needed there:
# scripts/gpu-pack.sh prepared .gpu/ on a development machine). From the repository root:
#   bash scripts/gpu-check.sh [--subset N] [--java PATH] [--stages a,b,...]
# Stages, in this order, each under its own time limit (scripts/gpu-check-lib.sh, docs/gpu-check.md):
#   card            nvidia-smi; the SASS of the fatbin's sm_90 tensor-core GEMMs (HMMA, cuobjdump); jgrad info
#   conformance     the native-kernels tests on cuda:0: every Backend primitive against the CPU, the
#                   no-tensor-core pass, the multi-thread tests (CudaThreadingTest), the allocator's
#   memcheck        compute-sanitizer --tool memcheck on a strided subset of the elementwise and matmul cases
#   train-float32   one epoch of the MNIST CNN on the GPU
#   lab             native-kernels/dev/run-lab.sh: the kernel ladders, then PyTorch (cuBLAS) on the same shapes
#   train-float16, train-bfloat16   the same epoch in mixed precision
# No training on the CPU here: the CPU's figures come from the development machine.
# $OUT (default gpu-out/) gets summary.txt, rewritten whenever a stage starts or ends (a line per
# stage: status, seconds, limit, the key number or the reason), and the full logs, 8 files at most:
# card.txt, conformance.log (the suite, then the memcheck pass), train.log (the three epochs),
# lab-log.txt, lab.json, gpu-lab-<card>-<date>.md, hs_err.log (only when a JVM crashed).
# The whole check stays within GPU_CHECK_DEADLINE_S (540 s): a stage that would end later is cut to fit.
# Without a GPU every stage still runs and says why its GPU part could not: a dry run of the check.
#   --subset N     train on N images instead of all 60,000 (a short dry run)
#   --java PATH    use this java (17 or newer) instead of unpacking .gpu/runtime.tar.gz
#   --stages LIST  run only these stages (names as above, comma-separated), e.g. a rerun of what failed
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=gpu-check-lib.sh
source "$root/scripts/gpu-check-lib.sh"
pack="$root/.gpu"
out="${OUT:-gpu-out}"
mkdir -p "$out" && out="$(cd "$out" && pwd)"
subset="" java="" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --subset) subset="$2"; shift 2 ;;
    --java) java="$2"; shift 2 ;;
    --stages) only=",$2,"; shift 2 ;;
    *) echo "gpu-check: unknown option '$1' (use --subset N, --java PATH, --stages LIST)" >&2; exit 2 ;;
  esac
done
[ -d "$pack/lib" ] || { echo "gpu-check: no $pack/lib: run scripts/gpu-pack.sh on a development machine and carry .gpu" >&2; exit 2; }
started=$(date +%s)
deadline=$((started + GPU_CHECK_DEADLINE_S))
work="$(mktemp -d "${TMPDIR:-/tmp}/jgrad-gpu-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
touch "$work/started"
rm -f "$out"/summary.txt "$out"/card.txt "$out"/conformance.log "$out"/train.log "$out"/lab-log.txt "$out"/lab.json \
  "$out"/gpu-lab-*.md "$out"/hs_err.log "$out"/hs_err_*.log
summary_init "$out/summary.txt" "jgrad GPU check, $(date -u '+%Y-%m-%d %H:%M UTC'); pack: $(head -n 1 "$pack/PACK.txt" 2>/dev/null \
  | sed 's/^jgrad GPU-check pack, //'); training on $([ -n "$subset" ] && echo "$subset" || echo "60,000") images; limit ${GPU_CHECK_DEADLINE_S} s in all"

now() { echo $(( $(date +%s) - started )); }
banner() { printf '\n=== %s (at %d s, limit %s s)\n' "$1" "$(now)" "$2"; }
# begin STAGE -> sets lim (the stage's limit, cut to the time left) and t0; returns 1 when the stage is not run.
begin() {
  local want="$1"
  lim="$(stage_limit "$want")" t0=$(date +%s)
  if [ -n "$only" ] && [[ "$only" != *",$want,"* ]]; then
    summary_set "$want" skipped 0 "$lim" "not among --stages ${only:1:${#only}-2}"; return 1
  fi
  local left=$((deadline - t0 - 3))
  if [ "$left" -lt 5 ]; then
    summary_set "$want" skipped 0 "$lim" "no time left ($(now) s of ${GPU_CHECK_DEADLINE_S} used)"; return 1
  fi
  [ "$left" -lt "$lim" ] && lim=$left
  summary_set "$want" running - "$lim" "started at $(now) s"
  banner "$want" "$lim"
  return 0
}
finish() { # STAGE STATUS RESULT
  collect_crash_logs "$out" $(find "$root" /tmp -maxdepth 1 -name 'hs_err_pid*.log' -newer "$work/started" 2>/dev/null)
  summary_set "$1" "$2" $(( $(date +%s) - t0 )) "$lim" "$3"
  summary_footer "$(now) s so far; $(out_files "$out")"
  echo "--- $1: $2: $3"
}
# limited SECONDS COMMAND...: the command under a limit that includes timeout's own grace (TERM, then KILL 2 s later).
limited() { local s=$(($1 > 4 ? $1 - 2 : 2)); shift; timeout --kill-after=2 "$s" "$@"; }

# ---- setup (outside the stages: the runtime, MNIST; counted in GPU_CHECK_OVERHEAD_S) -----------------
if [ -z "$java" ]; then
  timeout 10 tar -xzf "$pack/runtime.tar.gz" -C "$work" && java="$work/jre/bin/java"
fi
java_ok=yes
java_version="$(timeout 5 "$java" -version 2>&1 | head -n 1; exit "${PIPESTATUS[0]}")" || java_ok="no: $java does not run (${java_version:-no output})"
[ "$java_ok" = yes ] || echo "gpu-check: $java_ok" >&2
classpath="$(ls "$pack"/lib/*.jar | tr '\n' ':')"
tests="$(ls "$pack"/test/jgrad-*.jar | tr '\n' ':')"
tests="${tests%:}"
launcher="$(ls "$pack"/test/junit-platform-console-standalone-*.jar | head -n 1)"
# Crash logs into $OUT (merged into hs_err.log after each stage); compiler replay files are not kept.
jvm=(--add-modules jdk.incubator.vector --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseSerialGC -Xss4m "-XX:ErrorFile=$out/hs_err_%p.log" "-XX:ReplayDataFile=$work/replay_%p.log")
# Java 22+ warns when JCuda loads its native library unless native access is granted; Java 17 lacks the flag.
timeout 5 "$java" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1 && jvm+=(--enable-native-access=ALL-UNNAMED)
mkdir -p "$work/data/mnist"
timeout 10 bash -c 'for f in "$1"/mnist/*.gz; do gunzip -c "$f" > "$2/$(basename "$f" .gz)"; done' - "$pack" "$work/data/mnist"
has() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/local/cuda/bin/$1" ]; }
tool() { command -v "$1" 2>/dev/null || echo "/usr/local/cuda/bin/$1"; }
gpu=no
has nvidia-smi && timeout 5 "$(tool nvidia-smi)" -L >/dev/null 2>&1 && gpu=yes

# ---- 1. the card, the SASS of the tensor-core kernels, jgrad info ---------------------------------
if begin card; then
  status=ok notes=()
  {
    if has nvidia-smi; then
      timeout 6 "$(tool nvidia-smi)" --query-gpu=name,driver_version,compute_cap,memory.total,clocks.sm,clocks.max.sm,clocks.mem,clocks.max.mem,power.limit,temperature.gpu \
        --format=csv; echo; timeout 6 "$(tool nvidia-smi)"
    else
      echo "nvidia-smi not found: no NVIDIA driver on this machine"
    fi
  } > "$out/card.txt" 2>&1
  cat "$out/card.txt"
  if [ "$gpu" = yes ]; then
    notes+=("$(sed -n 2p "$out/card.txt" | awk -F', ' '{ print $1 ", driver " $2 ", sm_" $3 ", " $4 ", max SM clock " $6 }' | sed 's/sm_\([0-9]*\)\.\([0-9]*\)/sm_\1\2/')")
  else
    status=skipped notes+=("no GPU: $(has nvidia-smi && echo 'nvidia-smi lists no device' || echo 'nvidia-smi not found')")
  fi
  # The tensor-core GEMMs in the fatbin's sm_90 cubin must hold HMMA instructions.
  kernels_jar="$(ls "$pack"/lib/jgrad-native-kernels-*.jar | head -n 1)"
  fatbin="$work/jgrad-kernels.fatbin"
  if has python3; then
    timeout 5 python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("org/jgrad/cuda/jgrad-kernels.fatbin"))' \
      "$kernels_jar" > "$fatbin" 2>>"$out/card.txt"
  else
    timeout 5 unzip -p "$kernels_jar" org/jgrad/cuda/jgrad-kernels.fatbin > "$fatbin" 2>>"$out/card.txt"
  fi
  echo >> "$out/card.txt"
  if [ ! -s "$fatbin" ]; then
    status=FAILED notes+=("SASS: no fatbin in $(basename "$kernels_jar")")
    echo "no org/jgrad/cuda/jgrad-kernels.fatbin in $kernels_jar" >> "$out/card.txt"
  elif ! has cuobjdump; then
    notes+=("SASS not checked: cuobjdump not found")
    echo "[sass] cuobjdump not found: SASS not checked" >> "$out/card.txt"
  else
    PATH="$PATH:/usr/local/cuda/bin" limited 12 python3 native-kernels/dev/sass_check.py --library "$fatbin" sm_90 >> "$out/card.txt" 2>&1
    sass_rc=$?
    sass="$(grep '^\[sass\]' "$out/card.txt" | tail -n 1 | sed 's/^\[sass\] //')"
    case "$sass_rc" in
      0) notes+=("SASS ${sass#as intended: }") ;;
      124|137) status=FAILED notes+=("SASS check timed out") ;;
      *) status=FAILED notes+=("SASS $sass: see card.txt") ;;
    esac
  fi
  tail -n 8 "$out/card.txt"
  # jgrad info: Java, the CPU, every backend (for CUDA the device or why it is unavailable).
  if [ "$java_ok" = yes ]; then
    echo "==== jgrad info" >> "$out/card.txt"
    limited 16 "$java" "${jvm[@]}" -cp "$classpath" org.jgrad.training.cli.Jgrad info > "$work/info.txt" 2>&1
    info_rc=$?
    grep -v 'incubator modules' "$work/info.txt" | tee -a "$out/card.txt"
    if [ "$info_rc" -ne 0 ]; then
      status=FAILED notes+=("jgrad info: $(failure_reason "$work/info.txt" "$info_rc" 16)")
    else
      cuda="$(grep -m 1 -E '^ *cuda' "$work/info.txt" | sed -E 's/^ *//; s/  +/ /g')"
      notes+=("jgrad info: ${cuda:-no cuda line}")
    fi
  else
    status=FAILED notes+=("jgrad info not run: java $java_ok")
  fi
  finish card "$status" "$(IFS=';'; echo "${notes[*]}" | sed 's/;/; /g')"
fi

# ---- 2. the conformance suite, the no-tensor-core pass, the thread and memory tests --------------
cuda_skipped=""
if begin conformance; then
  if [ "$java_ok" != yes ]; then
    finish conformance FAILED "not run: java $java_ok"
  else
    fallbacks="$work/fallbacks.tsv" report="$work/reports/TEST-junit-jupiter.xml"
    rm -f "$fallbacks"
    # Every test class in the native-kernels test jar (CudaConformanceTest, CudaMatmulWithoutTensorCoresTest,
    # CudaThreadingTest, CudaMemoryTest, ...) but the CPU-only harness and tour tests, which CI runs.
    progress="$work/progress-conformance.txt"
    limited "$lim" "$java" "${jvm[@]}" -Djgrad.cuda.sync=true -Djgrad.fallbacks.file="$fallbacks" -Djgrad.test.progress="$progress" \
      -jar "$launcher" execute --disable-banner --disable-ansi-colors --details=tree --class-path "$classpath:$tests" \
      --scan-class-path "$pack/test/jgrad-native-kernels-tests.jar" --exclude-classname '.*(CpuHarness|HarnessCatchesFaults|Tour)Test' \
      --reports-dir "$work/reports" > "$out/conformance.log" 2>&1
    rc=$?
    sed -n '/^Failures (/,/^Test run finished/p' "$out/conformance.log" | head -n 60
    sed -n '/^Test run finished/,$p' "$out/conformance.log"
    [ -f "$fallbacks" ] && { echo "host fallbacks (pass, count, op):"; cat "$fallbacks"; } | tee -a "$out/conformance.log"
    found="$(console_count "$out/conformance.log" found)" passed="$(console_count "$out/conformance.log" successful)"
    failed="$(console_count "$out/conformance.log" failed)" skipped="$(console_count "$out/conformance.log" skipped)"
    aborted="$(console_count "$out/conformance.log" aborted)"
    cuda_skipped="$(grep -o 'CUDA is unavailable: [^"<]*' "$report" 2>/dev/null | head -n 1 | sed "s/&apos;/'/g")"
    counts="${passed:-0} passed, ${failed:-0} failed, $(( ${skipped:-0} + ${aborted:-0} )) skipped"
    threads="CudaThreadingTest $(class_counts "$report" org.jgrad.cuda.CudaThreadingTest)"
    # The launcher prints its tree only at the end: a cut or crashed run leaves TestProgress's lines instead.
    grep -q '^Test run finished' "$out/conformance.log" || { echo "==== progress (TestProgress)"; cat "$progress" 2>/dev/null; } >> "$out/conformance.log"
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
      finish conformance "timed out" "after $lim s: $(progress_summary "$progress")"
    elif [ -z "$passed" ]; then
      finish conformance FAILED "did not finish: $(failure_reason "$out/conformance.log" "$rc" "$lim"); $(progress_summary "$progress")"
    elif [ "${found:-0}" = 0 ]; then
      finish conformance FAILED "no tests found: see conformance.log"
    elif [ -n "$cuda_skipped" ]; then
      finish conformance skipped "$counts: the CUDA cases were skipped ($cuda_skipped)"
    elif [ "${failed:-0}" != 0 ] || [ "${aborted:-0}" != 0 ] || [ "$rc" != 0 ]; then
      finish conformance FAILED "$counts; $threads; host fallbacks: $(fallback_summary "$fallbacks" 2>/dev/null || echo 'not reported')"
    else
      finish conformance ok "$counts; $threads; host fallbacks: $(fallback_summary "$fallbacks" 2>/dev/null || echo 'not reported')"
    fi
  fi
fi

# ---- 3. compute-sanitizer memcheck on a subset of the conformance cases -----------------------------
# Every GPU_CHECK_MEMCHECK_STEP-th case of unary and binary, and every where and matmul case: each op
# and dtype family is reached, at a fraction of the suite's time (memcheck slows every kernel).
if begin memcheck; then
  step="${GPU_CHECK_MEMCHECK_STEP:-4}"
  every() { seq -s, 0 "$1" "$2"; }
  t="org.jgrad.cuda.CudaConformanceTest"
  selectors=(--select-iteration "method:$t#unary(org.jgrad.tensor.UnaryOp, org.jgrad.tensor.DType, int, boolean)[$(every "$step" 400)]"
             --select-iteration "method:$t#binary(org.jgrad.tensor.BinaryOp, org.jgrad.tensor.DType, int, boolean)[$(every "$step" 400)]"
             --select-method "$t#where(org.jgrad.tensor.DType, int, boolean)"
             --select-method "$t#matmul(org.jgrad.tensor.DType, org.jgrad.cuda.MatmulConformance\$Form, boolean)")
  { echo; echo "==== memcheck: compute-sanitizer --tool memcheck, every ${step}th unary and binary case, every where and matmul case"; } >> "$out/conformance.log"
  if [ "$java_ok" != yes ]; then
    finish memcheck FAILED "not run: java $java_ok"
  elif ! has compute-sanitizer; then
    echo "compute-sanitizer not found: memcheck not run" >> "$out/conformance.log"
    finish memcheck skipped "compute-sanitizer not found${cuda_skipped:+; CUDA unavailable}"
  else
    start_line=$(wc -l < "$out/conformance.log") progress="$work/progress-memcheck.txt"
    limited "$lim" "$(tool compute-sanitizer)" --tool memcheck --print-limit 20 --error-exitcode 3 \
      "$java" "${jvm[@]}" -Djgrad.cuda.sync=true -Djgrad.test.progress="$progress" -jar "$launcher" execute --disable-banner --disable-ansi-colors --details=tree \
      --class-path "$classpath:$tests" "${selectors[@]}" >> "$out/conformance.log" 2>&1
    rc=$?
    grep -q '^Test run finished' <(tail -n +"$((start_line + 1))" "$out/conformance.log") \
      || { echo "==== progress (TestProgress)"; cat "$progress" 2>/dev/null; } >> "$out/conformance.log"
    tail -n +"$((start_line + 1))" "$out/conformance.log" > "$work/memcheck.log"
    errors="$(sed -n 's/^========= ERROR SUMMARY: \([0-9]*\) error.*/\1/p' "$work/memcheck.log" | tail -n 1)"
    passed="$(console_count "$work/memcheck.log" successful)" failed="$(console_count "$work/memcheck.log" failed)"
    skipped=$(( $(count_or_0 "$work/memcheck.log" skipped) + $(count_or_0 "$work/memcheck.log" aborted) ))
    grep -E '^========= (Invalid|Program hit|ERROR SUMMARY)' "$work/memcheck.log" | head -n 10
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
      finish memcheck "timed out" "after $lim s: $(progress_summary "$progress"); $(grep -c '^========= Invalid' "$work/memcheck.log") invalid accesses by then"
    elif [ "$skipped" != 0 ] && [ "${passed:-0}" = 0 ]; then
      finish memcheck skipped "$skipped cases skipped ($(grep -m 1 -o 'CUDA is unavailable: .*' "$work/memcheck.log" || echo 'see conformance.log'))"
    elif [ "${errors:-x}" = 0 ] && [ "$rc" = 0 ]; then
      finish memcheck ok "${passed:-0} cases, 0 memcheck errors"
    elif [ -n "$errors" ] && [ "$errors" != 0 ]; then
      finish memcheck FAILED "$errors memcheck errors in ${passed:-0} passed, ${failed:-0} failed cases: $(grep -m 1 '^========= Invalid\|^========= Program hit' "$work/memcheck.log" | sed 's/^========= //')"
    else
      finish memcheck FAILED "exit $rc, ${passed:-0} passed, ${failed:-0} failed: $(failure_reason "$work/memcheck.log" "$rc" "$lim")"
    fi
  fi
fi

# ---- 4, 6. one epoch of the MNIST CNN on the GPU ---------------------------------------------------
train() { # STAGE [FLAG]: appends to train.log; the stage's line gives the accuracy and the epoch's seconds
  local stage="$1" flag="${2:-}" run="$work/run-$1" from
  if [ "$java_ok" != yes ]; then finish "$stage" FAILED "not run: java $java_ok"; return; fi
  { echo; echo "==== $stage: jgrad train --epochs 1 --seed 0 --device cuda $flag${subset:+ --subset $subset} (limit $lim s)"; } >> "$out/train.log"
  from=$(wc -l < "$out/train.log")
  limited "$lim" "$java" "${jvm[@]}" -Djgrad.data="$work/data" -cp "$classpath" org.jgrad.training.cli.Jgrad \
    train --epochs 1 --seed 0 ${subset:+--subset "$subset"} --device cuda $flag --out "$run" >> "$out/train.log" 2>&1
  local rc=$?
  tail -n +"$((from + 1))" "$out/train.log" > "$work/$stage.log"
  grep -v -e 'incubator modules' -e '^\s*at ' -e ' batches, loss ' "$work/$stage.log" | tail -n 8
  local metrics="$run/metrics.json"
  if [ "$rc" = 0 ] && [ -f "$metrics" ]; then
    local s a
    s="$(grep -o '"seconds": [0-9.]*' "$metrics" | tail -n 1 | cut -d' ' -f2)"
    a="$(grep -o '"final_accuracy": [0-9.]*' "$metrics" | cut -d' ' -f2)"
    finish "$stage" ok "$(awk -v a="$a" -v s="$s" 'BEGIN { printf "%.2f%% test accuracy after one epoch; epoch %.1f s", 100 * a, s }')"
  elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    finish "$stage" "timed out" "$(failure_reason "$work/$stage.log" "$rc" "$lim")"
  elif grep -q 'CUDA is unavailable' "$work/$stage.log"; then
    finish "$stage" skipped "$(failure_reason "$work/$stage.log" "$rc" "$lim")"
  else
    finish "$stage" FAILED "$(failure_reason "$work/$stage.log" "$rc" "$lim")"
  fi
}
begin train-float32 && train train-float32

# ---- 5. the kernel lab's ladders against PyTorch on the same shapes -------------------------------
if begin lab; then
  # run-lab.sh's own limits, within the stage's less 5 s for lab.json: build 35 s (about 10 s on 16 cores
  # for sm_90; 15 s on 2), lab 60 s, peer 30 s.
  # Without a GPU (a dry run) it compiles for sm_90 only, as it would on an H100 or H200.
  LAB_BUILD_S="${LAB_BUILD_S:-35}" LAB_RUN_S="${LAB_RUN_S:-60}" LAB_PEER_S="${LAB_PEER_S:-30}" OUT="$work/lab" LAB_BUILD="$work/lab-build" \
    LAB_ARCHS="${LAB_ARCHS:-sm_90}" \
    limited "$((lim - 5))" bash native-kernels/dev/run-lab.sh > "$out/lab-log.txt" 2>&1
  rc=$?
  [ -f "$work/lab/lab-log.txt" ] && [ "$rc" != 124 ] && [ "$rc" != 137 ] && cp "$work/lab/lab-log.txt" "$out/lab-log.txt"
  grep -E '^\[(lab|torch)\]' "$out/lab-log.txt" | tail -n 6
  table="$(ls "$work"/lab/gpu-lab-*.md 2>/dev/null | head -n 1)"
  [ -n "$table" ] && cp "$table" "$out/"
  if [ -f "$work/lab/lab.json" ] || [ -f "$work/lab/torch.json" ]; then # one file for both: {"lab": ..., "torch": ...}
    timeout 5 python3 -c 'import json, os, sys
parts = {k: json.load(open(p)) for k, p in (("lab", sys.argv[1]), ("torch", sys.argv[2])) if os.path.exists(p)}
json.dump(parts, open(sys.argv[3], "w"), indent=1)' "$work/lab/lab.json" "$work/lab/torch.json" "$out/lab.json"
  fi
  if grep -q 'no CUDA device present' "$out/lab-log.txt"; then
    finish lab skipped "no GPU: $(grep -m 1 'no CUDA device present' "$out/lab-log.txt" | sed 's/^\[lab\] no CUDA device present (nvidia-smi found no GPU): //')"
  elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    finish lab "timed out" "after $lim s: $(grep -E '^\[lab\]' "$out/lab-log.txt" | tail -n 1)"
  elif [ -z "$table" ]; then
    finish lab FAILED "exit $rc, no table: $(grep -E '^\[(lab|torch)\]' "$out/lab-log.txt" | tail -n 1)"
  elif [ "$rc" != 0 ] || grep -q '\*\*FAIL\*\*' "$table"; then
    finish lab FAILED "a check failed (see $(basename "$table")); $(lab_summary "$table")"
  else
    finish lab ok "$(lab_summary "$table"); table $(basename "$table")"
  fi
fi

begin train-float16 && train train-float16 --fp16
begin train-bfloat16 && train train-bfloat16 --bf16

collect_crash_logs "$out" $(find "$root" /tmp -maxdepth 1 -name 'hs_err_pid*.log' -newer "$work/started" 2>/dev/null)
files="$(out_files "$out")"
[ "${files%% *}" -le 8 ] || files="$files (more than 8: merge logs in scripts/gpu-check.sh)"
summary_footer "done in $(now) s of ${GPU_CHECK_DEADLINE_S}; $files"
echo
cat "$out/summary.txt"
