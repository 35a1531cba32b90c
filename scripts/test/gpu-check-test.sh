#!/usr/bin/env bash
# Tests of scripts/gpu-check-lib.sh, the GPU check's summary functions, on captured logs: no GPU, no
# pack, a second or two. Run by `mvn verify` (native-kernels, phase test) and by hand:
#   bash scripts/test/gpu-check-test.sh
# Prints one line per check and "N passed, N failed"; exits 1 when any failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../gpu-check-lib.sh
source "$here/../gpu-check-lib.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
expect() { # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); echo "ok   $1"
  else failed=$((failed + 1)); printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"; fi
}
log() { cat > "$tmp/$1"; echo "$tmp/$1"; }

# ---- failure_reason: the real error, not jgrad train's banner (defect 2 of issue 17) ----------------
banner='jgrad train: mnist, 1 epoch(s), lr 0.01 (one-cycle), batch 128, seed 0, device cuda:0, 2000 training images'
f=$(log context.log <<EOF
WARNING: Using incubator modules: jdk.incubator.vector
$banner
data: 2000 training images, 10000 test images
epoch  train_loss  valid_loss  accuracy  time
Exception in thread "main" java.lang.IllegalStateException: cuMemsetD8Async failed: CUDA_ERROR_INVALID_CONTEXT (cuda:0, 2048 bytes)
	at org.jgrad.cuda.CudaBackend.allocate(CudaBackend.java:120)
	at org.jgrad.training.Learner.fit(Learner.java:88)
Caused by: jcuda.CudaException: CUDA_ERROR_INVALID_CONTEXT
	at jcuda.driver.JCudaDriver.checkResult(JCudaDriver.java:359)
	... 12 more
EOF
)
expect "an uncaught exception after the banner, with its cause" \
  "java.lang.IllegalStateException: cuMemsetD8Async failed: CUDA_ERROR_INVALID_CONTEXT (cuda:0, 2048 bytes); caused by jcuda.CudaException: CUDA_ERROR_INVALID_CONTEXT" \
  "$(failure_reason "$f" 1 60)"

f=$(log loader.log <<EOF
$banner
Exception in thread "jgrad-data-loader" jcuda.CudaException: CUDA_ERROR_INVALID_CONTEXT
	at jcuda.driver.JCudaDriver.checkResult(JCudaDriver.java:359)
epoch 0 stalled
EOF
)
expect "an exception on another thread names the thread" \
  "in thread jgrad-data-loader: jcuda.CudaException: CUDA_ERROR_INVALID_CONTEXT" "$(failure_reason "$f" 1 60)"

f=$(log message.log <<EOF
WARNING: Using incubator modules: jdk.incubator.vector
$banner
jgrad train: cannot write /nonexistent/metrics.json: No such file or directory
EOF
)
expect "jgrad's own error line after the banner" "cannot write /nonexistent/metrics.json: No such file or directory" \
  "$(failure_reason "$f" 1 60)"

f=$(log unavailable.log <<'EOF'
WARNING: Using incubator modules: jdk.incubator.vector
jgrad train: --device cuda: CUDA is unavailable: no CUDA driver: libcuda.so.1 cannot be loaded (no NVIDIA driver is installed)
EOF
)
expect "CUDA unavailable, before any banner" \
  "--device cuda: CUDA is unavailable: no CUDA driver: libcuda.so.1 cannot be loaded (no NVIDIA driver is installed)" \
  "$(failure_reason "$f" 1 60)"

f=$(log crash.log <<EOF
$banner
#
# A fatal error has been detected by the Java Runtime Environment:
#
#  SIGSEGV (0xb) at pc=0x00007f3a1c2b4e10, pid=4242, tid=4251
#
# JRE version: OpenJDK Runtime Environment Temurin-25.0.3 (25.0.3)
# Problematic frame:
# C  [libcuda.so.1+0x2b4e10]
#
# An error report file with more information is saved as:
# /tmp/out/hs_err_4242.log
EOF
)
expect "a JVM crash: the signal and the frame" \
  "JVM crash: SIGSEGV (0xb) at pc=0x00007f3a1c2b4e10, pid=4242, tid=4251; frame C  [libcuda.so.1+0x2b4e10] (hs_err.log)" \
  "$(failure_reason "$f" 134 60)"

expect "timed out (timeout's 124)" "timed out after 60 s" "$(failure_reason "$f" 124 60)"
expect "timed out (KILL after the grace, 137)" "timed out after 40 s" "$(failure_reason "$f" 137 40)"
f=$(log banner-only.log <<EOF
$banner
epoch  train_loss  valid_loss  accuracy  time
EOF
)
expect "never the banner, even when nothing else explains" "exit 3: epoch  train_loss  valid_loss  accuracy  time" \
  "$(failure_reason "$f" 3 60)"

# ---- the launcher's counts, one class's counts, the host fallbacks, the lab's line -------------------
f=$(log console.log <<'EOF'
Test run finished after 61234 ms
[        12 containers found      ]
[      1391 tests found           ]
[         2 tests skipped         ]
[      1386 tests successful      ]
[         3 tests failed          ]
EOF
)
expect "console counts" "1391 1386 3 2" "$(console_count "$f" found) $(console_count "$f" successful) $(console_count "$f" failed) $(console_count "$f" skipped)"
f=$(log report.xml <<'EOF'
<testsuite name="JUnit Jupiter" tests="5">
<testcase name="allocateFreeAllocateOnANewThread()" classname="org.jgrad.cuda.CudaThreadingTest" time="0.2">
<system-out><![CDATA[ unique-id: [engine:junit-jupiter] ]]></system-out>
</testcase>
<testcase name="copyFromAPoolThread()" classname="org.jgrad.cuda.CudaThreadingTest" time="0.1">
<failure message="expected 3" type="org.opentest4j.AssertionFailedError"><![CDATA[trace]]></failure>
</testcase>
<testcase name="freeFromTheCleanersThread()" classname="org.jgrad.cuda.CudaThreadingTest" time="0">
<skipped><![CDATA[CUDA is unavailable: no driver]]></skipped>
</testcase>
<testcase name="matmul()" classname="org.jgrad.cuda.CudaConformanceTest" time="0.1"/>
</testsuite>
EOF
)
expect "one class's counts from the XML report" "1 passed, 1 failed, 1 skipped" "$(class_counts "$f" org.jgrad.cuda.CudaThreadingTest)"
expect "a class that did not run" "not run" "$(class_counts "$f" org.jgrad.cuda.NoSuchTest)"
printf '> A one\nok 0.010 A one\n> A two\nFAILED 0.200 A two\n> B three case 1\nskipped 0 B three case 1\n> B hangs case 2\n' > "$tmp/progress.txt"
expect "how far a cut suite got, and what was running" "1 ok, 1 FAILED, 1 aborted or skipped; still running: B hangs case 2" \
  "$(progress_summary "$tmp/progress.txt")"
printf 'conformance\t120\tmatmul\nconformance\t3\tpow\nno tensor cores\tnone\n' > "$tmp/fallbacks.tsv"
expect "host fallbacks per pass" "conformance: 120x matmul, 3x pow; no tensor cores: none" "$(fallback_summary "$tmp/fallbacks.tsv")"
f=$(log lab.md <<'EOF'
# Kernel lab on NVIDIA H100 80GB HBM3 (compute capability 9.0, 132 SMs)

## Against the issue's targets

| op | best version at the largest shape | rate | target | reached |
| --- | --- | ---: | --- | --- |
| copy | 67108864 v2 float4 grid-stride | 3001.0 GB/s | 0.85 of D2D copy | yes (0.93) |
| sgemm | 4096x4096x4096 v8 warptiling | 30000.0 GFLOP/s | 0.90 of PyTorch | no (0.62) |

## Every version
| copy | 67108864 | torch | x | ok | 0.1 | 1.0 GB/s | 1.00 | – |
EOF
)
expect "the lab's line" "copy v2 0.93 of D2D copy; sgemm v8 0.62 of PyTorch" "$(lab_summary "$f")"

# ---- the summary file: complete after every stage --------------------------------------------------
summary_init "$tmp/summary.txt" "jgrad GPU check (test)"
expect "every stage pending at the start" "7" "$(grep -c ' pending ' "$tmp/summary.txt")"
summary_set card ok 3 50 "NVIDIA H100, sm_90"
expect "a finished stage's line is in the file at once" "card            ok               3     50  NVIDIA H100, sm_90" \
  "$(grep '^card ' "$tmp/summary.txt")"
summary_set conformance running - 120 "started at 3 s"
expect "the running stage shows" "conformance     running          -    120  started at 3 s" "$(grep '^conformance ' "$tmp/summary.txt")"
expect "the stages after it still pending" "5" "$(grep -c ' pending ' "$tmp/summary.txt")"

# ---- crash logs merged, eight files at most ---------------------------------------------------------
mkdir -p "$tmp/out"
echo one > "$tmp/out/hs_err_11.log"; echo two > "$tmp/out/hs_err_12.log"; echo three > "$tmp/hs_err_pid13.log"
collect_crash_logs "$tmp/out" "$tmp/hs_err_pid13.log"
expect "crash logs merged into hs_err.log" "1 files: hs_err.log " "$(out_files "$tmp/out")"
expect "all three in it" "3" "$(grep -c '^==== hs_err_' "$tmp/out/hs_err.log")"

# ---- the time budget fits the GPU machine's time ---------------------------------------------------
expect "worst case (stage limits + overhead) within the deadline" "yes ($(worst_case_seconds) <= $GPU_CHECK_DEADLINE_S)" \
  "$([ "$(worst_case_seconds)" -le "$GPU_CHECK_DEADLINE_S" ] && echo yes || echo no) ($(worst_case_seconds) <= $GPU_CHECK_DEADLINE_S)"
expect "the deadline leaves a minute of the device tool's 600 s" "yes" "$([ "$GPU_CHECK_DEADLINE_S" -le 540 ] && echo yes || echo no)"

echo "gpu-check-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
