#!/usr/bin/env bash
# Build (once) the separate environment in which csc-validator-be-cin runs: it pins pandas<2 and
# needs numpy<2 with it, so it never shares OpenCSC's environment. Prints the interpreter's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/var/cin-validator-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import cin_validator" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip >&2
  "$venv/bin/pip" install --quiet "csc-validator-be-cin==0.1.13" "numpy<2" pytest >&2
fi
echo "$venv/bin/python"
