#!/usr/bin/env bash
# Build the package's wheel (in pip's isolated build environment, not in .venv) and
# fail on any deprecation warning from pip or the build backend, so that the next
# "your builds will no longer be supported" is caught the day it appears.
#   scripts/check_packaging.sh [SOURCE_DIR]
set -euo pipefail
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
pip=${PIP:-$(dirname "$0")/../.venv/bin/pip}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! "$pip" wheel --no-deps --verbose --wheel-dir "$out/wheel" "$src" >"$out/log" 2>&1; then
  cat "$out/log"
  echo "check_packaging: building the wheel of $src failed" >&2
  exit 1
fi
if grep -i "deprecat" "$out/log"; then
  echo "check_packaging: the build of $src printed the deprecation warnings above" >&2
  exit 1
fi
echo "check_packaging: wheel builds without deprecation warnings"
