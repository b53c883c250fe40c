#!/usr/bin/env bash
# Install Slipway's pinned Python tools (ruff, pytest, pytest-cov, bandit,
# pip-audit, flask, waitress) into a private virtualenv:
#
#   ${SLIPWAY_CACHE:-$HOME/.cache/slipway}/python-tools
#
# Idempotent: a stamp file records the sha256 of requirements.txt; when it
# matches, nothing is done. When the requirements change, the venv is rebuilt.
#
# Usage: scripts/toolchain/python-tools/install.sh [--force]
# Env:   SLIPWAY_CACHE   cache root (default $HOME/.cache/slipway)
#        PYTHON          interpreter used to create the venv (default python3)
# Prints the venv's bin directory on success.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/requirements.txt"
cache="${SLIPWAY_CACHE:-$HOME/.cache/slipway}"
venv="$cache/python-tools"
stamp="$venv/.slipway-requirements.sha256"
python="${PYTHON:-python3}"

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "python-tools/install.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

if ! command -v "$python" >/dev/null 2>&1; then
  echo "python-tools/install.sh: $python not found; install python3 and python3-venv" >&2
  exit 1
fi

want="$(sha256sum "$requirements" | cut -d' ' -f1)"

if [[ $force -eq 0 && -f "$stamp" && -x "$venv/bin/python" ]] \
   && [[ "$(cat "$stamp")" == "$want" ]]; then
  echo "$venv/bin"
  exit 0
fi

echo "python-tools: installing into $venv" >&2
mkdir -p "$cache"
# The stamp is written last: an interrupted install leaves no stamp, so the
# next run starts over from a fresh venv.
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >&2
printf '%s\n' "$want" > "$stamp"
echo "$venv/bin"
