#!/usr/bin/env bash
# Install what the tests need on a fresh machine, then run every test (browser tests included).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m browser`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh test

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
[ ${#need_apt[@]} -eq 0 ] || apt_install "${need_apt[@]}"
# The Nu Html Checker (vnu-jar) from the lock file; --ignore-scripts skips its JDK download, Debian's Java runs it.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

.venv/bin/ruff check site_builder tests benchmarks scripts
.venv/bin/mypy site_builder
.venv/bin/python -m pytest -q "$@"
