# Sourced by build.sh and test.sh: make (once) and fill the project's virtual environment, .venv.
# Works with a system Python that refuses global installs (PEP 668): nothing is installed outside .venv
# except Debian packages, through apt-get, when they are missing.
# Usage: . scripts/venv.sh "EXTRAS"   ("" for the site alone, "test" for the test needs)

apt_install() {
  # apt-get as root, or through sudo when there is one.
  local run=()
  [ "$(id -u)" -eq 0 ] || run=(sudo)
  echo "Installing from Debian: $*"
  "${run[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
  command -v python3 >/dev/null 2>&1 || apt_install python3
  # Debian's python3 lacks venv and ensurepip until python3-venv is installed.
  python3 -c "import ensurepip, venv" >/dev/null 2>&1 || apt_install python3-venv
  python3 -m venv .venv
fi
spec="."
[ -n "${1:-}" ] && spec=".[$1]"
# pip only when pyproject.toml or the extras asked for changed since the last install that succeeded:
# a build then starts at once. (The install is editable: a change to the code needs no install.)
stamp=".venv/.installed"
wanted="$( (cat pyproject.toml; echo "extras: ${1:-}") | sha256sum | cut -d' ' -f1)"
installed="$(cat "$stamp" 2>/dev/null || true)"
if ! grep -qx "$wanted" <<<"$installed" || [ ! -x .venv/bin/site-builder ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
  # Kept with the other extras' stamps: `test` includes the site's needs, so both stay installed.
  { grep -vx "$wanted" <<<"$installed" || true; echo "$wanted"; } | grep . > "$stamp.new" && mv "$stamp.new" "$stamp"
fi
