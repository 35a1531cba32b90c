#!/usr/bin/env bash
# The kernel lab's one command for a GPU session (run from anywhere; ~2-3 minutes on an H100):
#   bash native-kernels/dev/run-lab.sh [--quick] [--sizes 4096,2048] [--ops sgemm,hgemm,memory] [other lab flags]
# 1. prints the card (nvidia-smi); 2. compiles the lab for that card's architecture, or reuses a
# prebuilt native-kernels/target/lab/lab built from the current sources for it; 3. runs the lab
# (every version checked against the CPU, then timed) and the PyTorch peer on the same shapes,
# each under a timeout; 4. merges both into one Markdown table.
# Writes exactly four files under ${OUT:-lab-out}: lab-log.txt (everything printed, ptxas's
# register report included), lab.json, torch.json and gpu-lab-<card>-<date>.md, the file to copy
# into bench/results/.
# Without a GPU (a development machine): compiles for sm_80 and sm_90, checks for spills, says that
# no device is present and exits 0. Exit status otherwise: the lab's (1 when a check failed).
# Time limits in seconds (environment): LAB_BUILD_S (400, the compile), LAB_RUN_S (300, the lab),
# LAB_PEER_S (180, torch_peer.py); scripts/gpu-check.sh sets smaller ones to fit its budget.
# LAB_ARCHS (without a GPU only; default "sm_80 sm_90"): the architectures to compile for.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-lab-out}"
build="${LAB_BUILD:-$here/../target/lab}"
mkdir -p "$out"
log="$out/lab-log.txt"
: > "$log"
say() { echo "$@" | tee -a "$log"; }

# The flags the PyTorch peer shares with the lab (the same shapes and repetitions).
peer_flags=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --quick) peer_flags+=(--quick) ;;
    --sizes|--ops|--reps-max|--budget-ms) peer_flags+=("${args[i]}" "${args[i + 1]:-}") ;;
  esac
done

# 1. The card.
gpu=no
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  gpu=yes
  nvidia-smi --query-gpu=name,driver_version,compute_cap,clocks.sm,clocks.max.sm,clocks.mem,power.limit,temperature.gpu \
    --format=csv 2>&1 | tee -a "$log"
  cc="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -n 1 | tr -d ' .')"
  archs=("sm_$cc")
  card="$(nvidia-smi --query-gpu=name --format=csv,noheader | head -n 1 | tr -c 'A-Za-z0-9\n' '-' | tr -s '-' | sed 's/-$//')"
else
  read -r -a archs <<< "${LAB_ARCHS:-sm_80 sm_90}"   # LAB_ARCHS: what to compile for without a GPU
fi

# 2. The binary: reused when it was built for these architectures after the last source change.
stamp="$build/archs"
if [ -x "$build/lab" ] && [ "$(cat "$stamp" 2>/dev/null)" = "${archs[*]}" ] \
   && [ -z "$(find "$here" -type f -newer "$build/lab" -print -quit)" ]; then
  say "[lab] reusing $build/lab (built for ${archs[*]}, newer than every source)"
else
  timeout "${LAB_BUILD_S:-400}" bash "$here/build-lab.sh" "$build" "${archs[@]}" 2>&1 | tee -a "$log"
  build_status=${PIPESTATUS[0]}
  [ "$build_status" = 124 ] && { say "[lab] the build ran past its ${LAB_BUILD_S:-400} s timeout"; exit 1; }
  [ "$build_status" = 0 ] || { say "[lab] build failed"; exit 1; }
  echo "${archs[*]}" > "$stamp"
  cat "$build/ptxas.log" >> "$log"
fi

if [ "$gpu" = no ]; then
  say "[lab] no CUDA device present (nvidia-smi found no GPU): compiled for ${archs[*]} without spills, nothing measured (dry run)"
  exit 0
fi

# 3. The lab, then PyTorch on the same shapes.
timeout "${LAB_RUN_S:-300}" "$build/lab" --json "$out/lab.json" "$@" 2>&1 | tee -a "$log"
lab_status=${PIPESTATUS[0]}
[ "$lab_status" = 124 ] && say "[lab] the lab ran past its ${LAB_RUN_S:-300} s timeout"
PYTHONUNBUFFERED=1 timeout "${LAB_PEER_S:-180}" python3 "$here/torch_peer.py" --json "$out/torch.json" "${peer_flags[@]}" 2>&1 | tee -a "$log"
peer_status=${PIPESTATUS[0]}
[ "$peer_status" = 0 ] || say "[lab] torch_peer.py exited with $peer_status"

# 4. One table for the card.
table="$out/gpu-lab-${card:-unknown}-$(date -u +%Y-%m-%d).md"
python3 "$here/merge_results.py" --lab "$out/lab.json" --peer "$out/torch.json" --out "$table" 2>&1 | tee -a "$log"
say "[lab] lab exit $lab_status, peer exit $peer_status; files: $(ls "$out" | tr '\n' ' ')"
exit "$lab_status"
