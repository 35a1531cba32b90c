#!/usr/bin/env bash
# Installs jgrad into a separate local Maven repository and builds and tests this example project
# against it, as a user's project that depends on jgrad-training would be built.
#
#   examples/depends-on-jgrad/check.sh [REPO]
#
# REPO: the local repository to install into (default: a new temporary folder, removed at the end).
# It is first seeded with the third-party artifacts of $JGRAD_SEED_REPO (default ~/.m2/repository),
# never with org/jgrad, so every jgrad artifact the example resolves comes from this `mvn install`;
# whatever else is missing is downloaded from Maven Central as usual. Nothing is written to the
# seed repository. Exit status 0 when the install passed and the example's model trained.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seed="${JGRAD_SEED_REPO:-$HOME/.m2/repository}"
if [ $# -ge 1 ]; then
  repo="$1"
  cleanup=:
else
  tmp="$(mktemp -d)"
  repo="$tmp/m2"
  cleanup="rm -rf $tmp"
fi
trap '$cleanup' EXIT
start=$SECONDS

mkdir -p "$repo"
if [ -d "$seed" ]; then
  (cd "$seed" && tar --exclude=./org/jgrad -cf - .) | (cd "$repo" && tar -xf -)
fi
rm -rf "$repo/org/jgrad"
echo "depends-on-jgrad: local repository $repo (seeded from $seed without org/jgrad, $((SECONDS - start)) s)"

# (Maven 3.8 prints colour resets even in batch mode; strip them.)
mvn_() { mvn -B -q -Dmaven.repo.local="$repo" "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; return "${PIPESTATUS[0]}"; }

# The install rewrites the launcher's class-path files (bench/target/classpath*.txt) with paths into
# this temporary repository; keep the checkout's own and put them back, so ./jgrad still runs after.
saved="$(mktemp -d)"
for f in "$root"/bench/target/classpath*.txt; do [ -f "$f" ] && cp -p "$f" "$saved/"; done
restore() { for f in "$saved"/classpath*.txt; do [ -f "$f" ] && cp -p "$f" "$root/bench/target/"; done; rm -rf "$saved"; $cleanup; }
trap restore EXIT
(cd "$root" && mvn_ install -DskipTests) || { echo "depends-on-jgrad: mvn install of jgrad failed" >&2; exit 1; }
for module in parent tensor native-kernels autograd nn training bench docs; do
  ext=jar; [ "$module" = parent ] && ext=pom
  f="$repo/org/jgrad/jgrad-$module/0.1.0-SNAPSHOT/jgrad-$module-0.1.0-SNAPSHOT.$ext"
  [ -f "$f" ] || { echo "depends-on-jgrad: mvn install left no $f" >&2; exit 1; }
done
echo "depends-on-jgrad: jgrad installed ($((SECONDS - start)) s)"

(cd "$here" && rm -rf target && mvn_ verify) || { echo "depends-on-jgrad: the example project failed to build or train" >&2; exit 1; }
echo "depends-on-jgrad: the example built against the installed jgrad-training and trained ($((SECONDS - start)) s in all)"
