# Functions of scripts/gpu-check.sh, kept apart so scripts/test/gpu-check-test.sh can run them on
# captured logs without a GPU or a pack. Sourced, not run. Needs bash, awk, sed, grep.

# ---- the time budget -------------------------------------------------------------------------
# Each stage's limit in seconds (override with the environment variable of the same name). Their sum
# plus GPU_CHECK_OVERHEAD_S (the steps outside the stages: unpacking the runtime and MNIST, merging
# files) must stay within GPU_CHECK_DEADLINE_S, the whole check's bound; scripts/test/gpu-check-test.sh
# checks that. docs/gpu-check.md explains each number.
: "${GPU_CHECK_CARD_S:=45}"          # nvidia-smi 6 + 6 s, the fatbin out of its jar 5 s, its SASS 12 s, jgrad info 16 s
: "${GPU_CHECK_CONFORMANCE_S:=120}"  # the native-kernels tests on cuda:0 (1,110 cases take 23 s on the 2-core CPU harness)
: "${GPU_CHECK_MEMCHECK_S:=60}"      # compute-sanitizer memcheck on ~170 elementwise + matmul cases
: "${GPU_CHECK_TRAIN_S:=60}"         # one float32 MNIST epoch on cuda:0
: "${GPU_CHECK_LAB_S:=135}"          # run-lab.sh (build 35 s, lab 60 s, torch_peer.py 30 s, nvidia-smi), lab.json 5 s
: "${GPU_CHECK_TRAIN_HALF_S:=40}"    # each of the float16 and bfloat16 epochs
: "${GPU_CHECK_OVERHEAD_S:=30}"      # outside the stages: java -version 2 x 5 s, runtime 10 s, MNIST 10 s, GPU probe 5 s
: "${GPU_CHECK_DEADLINE_S:=540}"     # the whole check; the device tool's run gets timeout_s 600

# The stages in order: name, limit variable.
GPU_CHECK_STAGES=(card conformance memcheck train-float32 lab train-float16 train-bfloat16)
stage_limit() { # stage -> its limit in seconds
  case "$1" in
    card) echo "$GPU_CHECK_CARD_S" ;;
    conformance) echo "$GPU_CHECK_CONFORMANCE_S" ;;
    memcheck) echo "$GPU_CHECK_MEMCHECK_S" ;;
    train-float32) echo "$GPU_CHECK_TRAIN_S" ;;
    lab) echo "$GPU_CHECK_LAB_S" ;;
    train-float16|train-bfloat16) echo "$GPU_CHECK_TRAIN_HALF_S" ;;
    *) echo 0 ;;
  esac
}
worst_case_seconds() { # the sum of every stage's limit plus the overhead
  local s=0 st
  for st in "${GPU_CHECK_STAGES[@]}"; do s=$((s + $(stage_limit "$st"))); done
  echo $((s + GPU_CHECK_OVERHEAD_S))
}

# ---- the summary, rewritten whenever a stage starts or ends -----------------------------------
# summary_init FILE HEADER: every stage "pending". summary_set STAGE STATUS SECONDS LIMIT RESULT:
# one row, then the whole file is written again (to a temporary name, then moved), so a run cut at
# any point leaves a complete summary of what had happened by then.
summary_init() {
  SUMMARY_FILE="$1" SUMMARY_HEADER="$2"
  SUMMARY_STATUS=() SUMMARY_SECONDS=() SUMMARY_LIMIT=() SUMMARY_RESULT=()
  local i
  for i in "${!GPU_CHECK_STAGES[@]}"; do
    SUMMARY_STATUS[i]="pending" SUMMARY_SECONDS[i]="-" SUMMARY_LIMIT[i]="$(stage_limit "${GPU_CHECK_STAGES[i]}")" SUMMARY_RESULT[i]=""
  done
  SUMMARY_FOOTER=""
  summary_write
}
summary_set() {
  local i
  for i in "${!GPU_CHECK_STAGES[@]}"; do
    if [ "${GPU_CHECK_STAGES[i]}" = "$1" ]; then
      SUMMARY_STATUS[i]="$2" SUMMARY_SECONDS[i]="$3" SUMMARY_LIMIT[i]="$4" SUMMARY_RESULT[i]="$5"
    fi
  done
  summary_write
}
summary_footer() { SUMMARY_FOOTER="$1"; summary_write; }
summary_write() {
  local i
  {
    echo "$SUMMARY_HEADER"
    printf '%-15s %-10s %7s %6s  %s\n' stage status seconds limit result
    for i in "${!GPU_CHECK_STAGES[@]}"; do
      printf '%-15s %-10s %7s %6s  %s\n' "${GPU_CHECK_STAGES[i]}" "${SUMMARY_STATUS[i]}" "${SUMMARY_SECONDS[i]}" \
        "${SUMMARY_LIMIT[i]}" "${SUMMARY_RESULT[i]}"
    done
    if [ -n "$SUMMARY_FOOTER" ]; then echo "$SUMMARY_FOOTER"; fi
  } > "$SUMMARY_FILE.tmp" && mv "$SUMMARY_FILE.tmp" "$SUMMARY_FILE"
}

# ---- why a run failed --------------------------------------------------------------------------
# failure_reason LOG RC LIMIT: one line saying why a JVM run (jgrad train, the console launcher)
# ended with RC. 124 or 137 (timeout's TERM, then KILL): "timed out after LIMIT s". Otherwise the
# first line that is an error, most telling first: an uncaught exception (with its root cause), a
# JVM crash (the signal and the problematic frame), jgrad's own "jgrad <command>: <message>" (the
# last such line: the banner "jgrad train: mnist, 1 epoch(s), ..." comes first and is not an error),
# a JVM "Error: ..." line; else the last line printed.
failure_reason() {
  local log="$1" rc="${2:-1}" limit="${3:-?}" why
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "timed out after $limit s"; return; fi
  [ -s "$log" ] || { echo "exit $rc, nothing printed"; return; }
  why="$(awk '
    /^Exception in thread "/ && first == "" {
      line = $0; thread = line; sub(/^Exception in thread "/, "", thread); sub(/".*/, "", thread)
      sub(/^Exception in thread "[^"]*" /, "", line)
      first = (thread == "main" ? "" : "in thread " thread ": ") line; inside = 1; next
    }
    inside && /^Caused by: / { cause = $0; sub(/^Caused by: /, "", cause); next }
    inside && /^[ \t]+(at |\.\.\. [0-9]+ more|Suppressed: )/ { next }
    inside { inside = 0 }
    END { if (first != "") { print first (cause != "" ? "; caused by " cause : "") } }
  ' "$log")"
  if [ -z "$why" ] && grep -q '^# A fatal error has been detected by the Java Runtime Environment' "$log"; then
    why="JVM crash: $(grep -m 1 -E '^#  (SIG[A-Z]+|EXCEPTION_|Internal Error|Out of Memory)' "$log" | sed 's/^# *//')"
    local frame
    frame="$(grep -A 1 -m 1 '^# Problematic frame:' "$log" | tail -n 1 | sed 's/^# *//')"
    [ -n "$frame" ] && why="$why; frame $frame"
    why="$why (hs_err.log)"
  fi
  [ -z "$why" ] && why="$(grep -E '^jgrad [a-z-]+: ' "$log" | grep -v -E '^jgrad train: .*epoch\(s\)' | tail -n 1 | sed -E 's/^jgrad [a-z-]+: //')"
  [ -z "$why" ] && why="$(grep -m 1 -E '^(Error|error)[: ]' "$log")"
  [ -z "$why" ] && why="exit $rc: $(grep -v -e 'incubator modules' -e '^[[:space:]]*$' "$log" | tail -n 1)"
  echo "${why:0:300}"
}

# ---- the JUnit console launcher's closing counts ---------------------------------------------------
# console_count LOG WHAT: the number in "[   N tests WHAT   ]" (found, successful, failed, skipped, aborted).
console_count() { sed -n "s/^\[ *\([0-9]*\) tests $2 *\]\$/\1/p" "$1" | tail -n 1; }
count_or_0() { local n; n="$(console_count "$@")"; echo "${n:-0}"; }

# progress_summary FILE: from TestProgress's lines ("> name" when a test starts, "ok|FAILED|aborted|skipped
# seconds name" when it ends) how far a suite got, and which test was still running when it was cut:
# "1234 ok, 1 FAILED, 0 aborted or skipped; still running: CudaConformanceTest matmul float16 PLAIN large=true".
progress_summary() {
  [ -s "$1" ] || { echo "no test had started"; return; }
  awk '
    /^> / { name = substr($0, 3); running[name] = 1; next }
    { status = $1; name = $0; sub(/^[^ ]+ [^ ]+ /, "", name); delete running[name]
      if (status == "ok") ok++; else if (status == "FAILED") bad++; else other++ }
    END {
      printf "%d ok, %d FAILED, %d aborted or skipped", ok, bad, other
      for (n in running) { printf "; still running: %s", n; break }
      print ""
    }
  ' "$1"
}

# class_counts XML CLASS: "N passed, F failed, S skipped" for one test class in the launcher's XML
# report (TEST-junit-jupiter.xml), or "not run" when it has no test cases there.
class_counts() {
  awk -v cls="$2" '
    /<testcase / { inside = index($0, "classname=\"" cls "\"") > 0; if (inside) n++; if (inside && $0 ~ /\/>[ \t]*$/) inside = 0 }
    inside && /<(failure|error)[ >]/ { f++ }
    inside && /<skipped/ { s++ }
    /<\/testcase>/ { inside = 0 }
    END { if (n) printf "%d passed, %d failed, %d skipped\n", n - f - s, f, s; else print "not run" }
  ' "$1" 2>/dev/null || echo "not run"
}

# fallback_summary FILE: the host-fallback report's "pass<TAB>count<TAB>op" / "pass<TAB>none" lines as
# "conformance: 120x matmul, 3x pow; no tensor cores: none".
fallback_summary() {
  awk -F'\t' '
    NF >= 2 { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1; text[$1] = "" }
              if ($2 != "none") text[$1] = text[$1] (text[$1] == "" ? "" : ", ") $2 "x " $3 }
    END { for (i = 1; i <= n; i++) printf "%s%s: %s", (i > 1 ? "; " : ""), order[i], (text[order[i]] == "" ? "none" : text[order[i]]); if (!n) printf "none reported"; print "" }
  ' "$1"
}

# ---- the kernel lab's table ------------------------------------------------------------------
# lab_summary TABLE.md: the best version of each op at its largest shape against its ceiling, from
# merge_results.py's "Against the issue's targets" rows, e.g. "sgemm v8 0.62 of PyTorch; copy v2 0.93 of D2D copy".
lab_summary() {
  awk -F'|' '
    /^## Against the issue/ { on = 1; next }
    /^## / { on = 0 }
    on && NF > 5 && $2 !~ /^ *(op|---) *$/ {
      op = $2; gsub(/ /, "", op); best = $3; version = ""
      if (match(best, / v[^ ]+ /)) version = substr(best, RSTART + 1, RLENGTH - 2)
      against = $5; sub(/^ *[0-9.]+ of /, "", against); sub(/ *$/, "", against)
      reached = $6; frac = "-"; if (match(reached, /\([0-9.]+\)/)) frac = substr(reached, RSTART + 1, RLENGTH - 2)
      printf "%s%s %s %s of %s", (n++ ? "; " : ""), op, version, frac, against
    }
    END { if (!n) printf "no lab results"; print "" }
  ' "$1" 2>/dev/null
}

# ---- crash logs and the file limit ---------------------------------------------------------------
# collect_crash_logs OUT [DIR...]: every hs_err_*.log the JVMs wrote (-XX:ErrorFile puts them in OUT;
# a JVM that could not write there falls back to its working directory or /tmp) is appended to
# OUT/hs_err.log and removed, so crashes take one file of the eight.
collect_crash_logs() {
  local out="$1" f; shift
  for f in "$out"/hs_err_*.log "$@"; do
    [ -f "$f" ] || continue
    { echo "==== $(basename "$f") ===="; cat "$f"; echo; } >> "$out/hs_err.log" && rm -f "$f"
  done
}

# out_files OUT: "N files: a b c" for the summary's last line.
out_files() {
  local n
  n=$(find "$1" -maxdepth 1 -type f ! -name '*.tmp' | wc -l)
  echo "$n files: $(find "$1" -maxdepth 1 -type f ! -name '*.tmp' -printf '%f\n' | sort | tr '\n' ' ')"
}
