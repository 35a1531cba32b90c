#!/usr/bin/env bash
# Packs what the GPU check needs into .gpu/ (ignored by git), so a GPU machine without Java,
# Maven or network can run scripts/gpu-check.sh from a copy of the repository plus .gpu/:
#   .gpu/runtime.tar.gz   a jlink Java runtime (Temurin 25 when present, else the default JDK)
#   .gpu/lib/*.jar        jgrad's jars (the native-kernels jar holds the fatbin) and their runtime dependencies
#   .gpu/test/*.jar       the native-kernels test classes, the tensor test-jar, junit-platform-console-standalone
#   .gpu/mnist/*.gz       the four MNIST files, gzipped (gpu-check.sh unpacks them)
#   .gpu/PACK.txt         what was packed: commit, date, sizes
# Prints the sizes; the pack plus the repository's tracked files must stay well under 64 MiB.
#   scripts/gpu-pack.sh            (from anywhere; builds offline with Maven, tests skipped)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pack="$root/.gpu"
console_version=1.14.1
modules=java.base,jdk.unsupported,java.management,jdk.incubator.vector,java.logging,java.xml,jdk.zipfs
# java.logging: JUnit's own logging; java.xml: the console launcher's XML report; jdk.zipfs: its scan of the tests jar.

say() { echo "[gpu-pack] $*"; }
die() { echo "[gpu-pack] error: $*" >&2; exit 1; }

jdk=/usr/lib/jvm/temurin-25-jdk-amd64
[ -x "$jdk/bin/jlink" ] || jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
[ -x "$jdk/bin/jlink" ] || die "no JDK with jlink found (looked for Temurin 25 and the default javac)"
data="${JGRAD_DATA:-$HOME/.cache/jgrad}/mnist"
mnist=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
for f in "${mnist[@]}"; do
  [ -f "$data/$f" ] || die "MNIST file $data/$f is missing: run ./jgrad fetch-data mnist first"
done

say "building the jars (mvn package, tests compiled but not run, offline)"
(mvn -B -o -q -DskipTests -pl training -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g') || die "the Maven build failed"
kernels_jar="$(ls native-kernels/target/jgrad-native-kernels-*[0-9T].jar)"
unzip -l "$kernels_jar" | grep 'org/jgrad/cuda/jgrad-kernels.fatbin' >/dev/null \
  || die "$kernels_jar has no fatbin (nvcc was not found at build time): the GPU check would test nothing but host fallbacks"

rm -rf "$pack/lib" "$pack/test" "$pack/mnist"
mkdir -p "$pack/lib" "$pack/test" "$pack/mnist"

say "copying the runtime class path"
cp training/target/jgrad-training-*[0-9T].jar "$pack/lib/"
tr ':' '\n' < training/target/classpath.txt | while read -r jar; do
  [ -n "$jar" ] || continue
  case "$(basename "$jar")" in
    jcuda-natives-*)
      # Only the driver and runtime bindings load on a CUDA 13 driver; JNvrtc and JNvPTXCompiler
      # (24 MB) need CUDA 12 libraries, so they are left out.
      cp "$jar" "$pack/lib/"
      zip -q -d "$pack/lib/$(basename "$jar")" 'lib/libJNvPTXCompiler-*' 'lib/libJNvrtc-*' >/dev/null || say "note: zip failed, natives jar kept whole" ;;
    *) cp "$jar" "$pack/lib/" ;;
  esac
done

say "copying the test classes and the JUnit console launcher"
"$jdk/bin/jar" --create --file "$pack/test/jgrad-native-kernels-tests.jar" -C native-kernels/target/test-classes .
cp tensor/target/jgrad-tensor-*-tests.jar "$pack/test/"
console="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/$console_version/junit-platform-console-standalone-$console_version.jar"
if [ ! -f "$console" ]; then
  say "fetching junit-platform-console-standalone $console_version from Maven Central"
  mvn -B -q dependency:get -Dartifact="org.junit.platform:junit-platform-console-standalone:$console_version" >/dev/null
fi
cp "$console" "$pack/test/"

say "gzipping MNIST from $data"
for f in "${mnist[@]}"; do gzip -9 -c "$data/$f" > "$pack/mnist/$f.gz"; done

runtime_id="$("$jdk/bin/java" -version 2>&1 | head -n 1) modules $modules"
if [ -f "$pack/runtime.tar.gz" ] && [ "$(cat "$pack/runtime.txt" 2>/dev/null)" = "$runtime_id" ]; then
  say "Java runtime up to date ($runtime_id)"
else
  say "making the Java runtime with jlink from $jdk ($modules)"
  image="$(mktemp -d)/jre"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$image" 2>&1 | grep -v 'incubator modules' || true
  # the JDK's libjvm.so carries its symbol table (5 MB); the runtime does not need it
  if command -v strip >/dev/null; then chmod u+w "$image/lib/server/libjvm.so"; strip --strip-unneeded "$image/lib/server/libjvm.so"; fi
  "$image/bin/java" --add-modules jdk.incubator.vector -version >/dev/null 2>&1 || die "the jlink runtime in $image does not start"
  tar -czf "$pack/runtime.tar.gz" -C "$(dirname "$image")" jre
  echo "$runtime_id" > "$pack/runtime.txt"
  rm -rf "$(dirname "$image")"
fi

bytes() { du -cb "$@" 2>/dev/null | tail -n 1 | cut -f 1; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | awk '$2 == "total" { s += $1 } END { print s + 0 }')
total=$(bytes "$pack")
{
  echo "jgrad GPU-check pack, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "runtime   $(mib "$(bytes "$pack/runtime.tar.gz")")  $runtime_id"
  echo "lib       $(mib "$(bytes "$pack/lib")")  $(ls "$pack/lib" | wc -l) jars"
  echo "test      $(mib "$(bytes "$pack/test")")  $(ls "$pack/test" | tr '\n' ' ')"
  echo "mnist     $(mib "$(bytes "$pack/mnist")")  4 files, gzipped"
  echo "pack      $(mib "$total")"
  echo "tracked   $(mib "$tracked")  (git ls-files)"
  echo "carried   $(mib $((total + tracked)))  of the 64 MiB a GPU run may carry"
} | tee "$pack/PACK.txt"
[ $((total + tracked)) -lt $((56 * 1048576)) ] || die "pack plus tracked files exceed 56 MiB: not well under the 64 MiB limit"
say "ready: run 'bash scripts/gpu-check.sh' on the GPU machine from the repository root, carrying .gpu"
