#!/usr/bin/env bash
# Set up scorecard on a fresh Debian/Ubuntu machine with Python >= 3.11:
# the system libraries WeasyPrint needs (Pango, HarfBuzz, fonts) and poppler-utils,
# a virtual environment in .venv, and the package itself (a plain, non-editable
# install, so what runs is what a user gets).  `--test` adds the test extras, and
# LibreOffice Calc (headless, no recommends), which recalculates exported workbooks.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils git)
[ "${1:-}" = "--test" ] && DEBS+=(libreoffice-calc-nogui)
missing=()
for pkg in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
.venv/bin/python -m pip install -q ".${extra}"
echo "setup: scorecard $(.venv/bin/scorecard --version | cut -d' ' -f2) installed in .venv" >&2
