#!/usr/bin/env bash
# A picture of a notebook as Jupyter shows it: runs the notebook through jgrad's kernel
# (scripts/run-notebooks.sh, outputs kept), serves the executed copy with Jupyter's notebook server
# and photographs the page with headless Chromium (Debian's chromium package).
#   scripts/notebook-screenshot.sh NOTEBOOK OUT.png [WIDTH,HEIGHT [HEADING]]   (default 1200,2400; the
#   page scrolled to a Markdown heading, given as Jupyter's anchor, e.g. The-loop)
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: scripts/notebook-screenshot.sh NOTEBOOK OUT.png [WIDTH,HEIGHT [HEADING]]" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
notebook="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
size="${3:-1200,2400}"
anchor="${4:+#$4}"
for program in jupyter-notebook chromium; do
  command -v "$program" >/dev/null || { echo "notebook-screenshot: $program is missing; install it with: apt-get install jupyter-notebook chromium" >&2; exit 2; }
done
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$root/jgrad" notebook --install "$work/jupyter" >/dev/null
# The executed copy sits beside the original, so its relative links (figures) resolve.
executed_dir="$(dirname "$notebook")"
name="$(basename "$notebook" .ipynb).executed.ipynb"
JUPYTER_PATH="$work/jupyter" "$root/scripts/run-notebooks.sh" --output-dir "$work/run" "$notebook"
cp "$work/run/$(basename "$notebook")" "$executed_dir/$name"
trap 'cleanup; rm -f "$executed_dir/$name"' EXIT

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
JUPYTER_PATH="$work/jupyter" JUPYTER_CONFIG_DIR="$work/config" jupyter notebook --no-browser --allow-root --port="$port" \
  --NotebookApp.token='' --NotebookApp.password='' --notebook-dir="$executed_dir" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/api" >/dev/null 2>&1 && break
  sleep 0.5
done
# The page draws its cells with JavaScript: give it virtual time to finish before the picture.
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size="$size" \
  --virtual-time-budget=20000 --screenshot="$out" "http://127.0.0.1:$port/notebooks/$name$anchor" 2>/dev/null
echo "notebook-screenshot: $out (from $notebook, executed by the jgrad kernel)"
