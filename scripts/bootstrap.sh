#!/usr/bin/env bash
# Shared by scripts/start and scripts/test: make sure uv exists, then install the locked
# dependencies. uv is installed into .jobforge/tools (not system-wide) when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
UV_VERSION="0.13.8"
if command -v uv >/dev/null 2>&1; then
  UV=uv
else
  if [ ! -x .jobforge/tools/bin/uv ]; then
    python3 -m venv .jobforge/tools
    .jobforge/tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
  fi
  UV="$PWD/.jobforge/tools/bin/uv"
fi
"$UV" sync --frozen --quiet
export UV
