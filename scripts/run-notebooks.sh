#!/usr/bin/env bash
# Runs notebooks through their kernels with nbclient: scripts/run-notebooks.py under /usr/bin/python3
# (Debian's Python, where python3-nbclient installs; a python3 earlier on PATH may lack it).
#   scripts/run-notebooks.sh [--timeout S] [--output-dir DIR] [--kernel NAME] NOTEBOOK...
set -euo pipefail
python=/usr/bin/python3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ ! -x "$python" ] || ! "$python" -c 'import nbclient, nbformat, jupyter_client' 2>/dev/null; then
  echo "run-notebooks: $python with nbclient, nbformat and jupyter_client is needed;" \
       "install them with: apt-get install jupyter-notebook python3-nbclient" >&2
  exit 2
fi
exec "$python" "$here/run-notebooks.py" "$@"
