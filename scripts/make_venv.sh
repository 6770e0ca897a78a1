#!/usr/bin/env bash
# Creates a virtual environment on the project's Python 3.10 and installs into it with
# uv (from PyPI, pinned in tools/uv-requirements.txt), which downloads and installs in
# parallel: the Rasa environment takes about 20 s instead of about 3 minutes with pip.
# usage: scripts/make_venv.sh DIR [arguments of `uv pip install`...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1
shift
py=$(scripts/find_python.sh)
tool_dir=.venv-uv
uv=$tool_dir/bin/uv
want=$(sed -n 's/^uv==//p' tools/uv-requirements.txt)
if [ ! -x "$uv" ] || [ "$("$uv" --version | cut -d' ' -f2)" != "$want" ]; then
  rm -rf "$tool_dir"
  "$py" -m venv "$tool_dir"
  "$tool_dir/bin/pip" install --disable-pip-version-check -q -r tools/uv-requirements.txt
fi
# uv does not read pip's configuration: carry over an index and a certificate set for pip.
if [ -n "${PIP_INDEX_URL:-}" ] && [ -z "${UV_DEFAULT_INDEX:-}" ]; then
  export UV_DEFAULT_INDEX=$PIP_INDEX_URL
fi
if [ -n "${PIP_CERT:-}" ] && [ -z "${SSL_CERT_FILE:-}" ]; then
  export SSL_CERT_FILE=$PIP_CERT
fi
rm -rf "$dir"
"$uv" venv --seed --quiet --python "$py" "$dir"
"$uv" pip install --python "$dir/bin/python" "$@"
