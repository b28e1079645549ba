#!/usr/bin/env bash
# Install what the site needs (into .venv) and build it into public/.
# `bash scripts/build.sh serve` previews it instead, on http://127.0.0.1:8000/ with reload on every change;
# any other arguments go to site-builder, e.g. `bash scripts/build.sh build --base-url https://example.org/guide/`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh ""
[ $# -gt 0 ] || set -- build
exec .venv/bin/site-builder "$@"
