#!/usr/bin/env bash
# Prints the path of the Python pinned in .python-version (3.10.x), or fails saying
# what is missing. Rasa 3.6 supports Python 3.8 to 3.10 only.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(cat .python-version)
minor=${want%.*}
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  candidates+=("$root/versions/$want/bin/python")
  for d in "$root"/versions/"$minor".*; do candidates+=("$d/bin/python"); done
fi
candidates+=("$HOME/.pyenv/versions/$want/bin/python")
for d in "$HOME"/.pyenv/versions/"$minor".*; do candidates+=("$d/bin/python"); done
command -v "python$minor" >/dev/null 2>&1 && candidates+=("$(command -v "python$minor")")
for c in "${candidates[@]}"; do
  if [ -x "$c" ] && "$c" -c "import sys, venv; assert sys.version_info[:2] == tuple(map(int, '$minor'.split('.')))" 2>/dev/null; then
    echo "$c"
    exit 0
  fi
done
echo "error: Python $minor is needed (Rasa 3.6 runs on 3.8-3.10) and was not found." >&2
echo "       Install it with pyenv ('pyenv install $want') or your package manager," >&2
echo "       or point PYTHON310 at a python$minor binary." >&2
exit 1
