#!/usr/bin/env bash
# Build (once) the separate environment in which csc-validator-be-903 runs (it pins pandas<2 and
# numpy<1.25, so it never shares OpenCSC's environment). Prints the interpreter's path.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/var/903-validator-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import lac_validator" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip >&2
  "$venv/bin/pip" install --quiet "csc-validator-be-903==0.1.17" >&2
fi
echo "$venv/bin/python"
