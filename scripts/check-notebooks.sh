#!/usr/bin/env bash
# CI's notebook stage: every tour notebook (docs/notebooks/*.ipynb) run top to bottom through the
# jgrad kernel with nbclient; a failing cell fails the stage, named as "NOTEBOOK: cell N (first
# line): error". Whether the notebooks are stale (differ from the pages and test sources) is
# TourNotebooksTest's part of mvn test.
#   bash scripts/check-notebooks.sh [NOTEBOOK...]     (default: every docs/notebooks/*.ipynb)
# The notebooks run on the CPU: no cell of the tour needs a GPU (the CUDA pages' kernels are listings;
# page 3's availability cell prints why CUDA is unavailable). Page 3 runs a second time with the
# emulated CUDA device (-Djgrad.cuda.emulated=true), where that cell finds a device.
# Needs /usr/bin/python3 with nbclient (apt-get install jupyter-notebook python3-nbclient).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
notebooks=("$@")
[ ${#notebooks[@]} -gt 0 ] || notebooks=(docs/notebooks/*.ipynb)
kernels="$(mktemp -d)"
trap 'rm -rf "$kernels"' EXIT
./jgrad notebook --install "$kernels" >/dev/null   # builds first when the sources are newer
export JUPYTER_PATH="$kernels${JUPYTER_PATH:+:$JUPYTER_PATH}"
status=0
echo "== tour notebooks through the jgrad kernel (CPU)"
scripts/run-notebooks.sh "${notebooks[@]}" || status=1
for nb in "${notebooks[@]}"; do
  [[ "$nb" == *3-cuda-kernel.ipynb ]] || continue
  echo "== $nb on the emulated CUDA device"
  JGRAD_JAVA_OPTS="${JGRAD_JAVA_OPTS:+$JGRAD_JAVA_OPTS }-Djgrad.cuda.emulated=true" scripts/run-notebooks.sh "$nb" || status=1
done
exit $status
