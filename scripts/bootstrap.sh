#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine: apt packages and .venv.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-tha tesseract-ocr-eng tesseract-ocr-osd fonts-thai-tlwg chromium)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "bootstrap: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
# The wheel build (tests/quality) runs without build isolation: the backend pyproject.toml
# names must be in the venv (a new venv may bring an older setuptools).
if ! .venv/bin/python -c 'import sys, setuptools, wheel; sys.exit(int(setuptools.__version__.split(".")[0]) < 77)' 2>/dev/null; then
  .venv/bin/python -m pip install -q "setuptools>=77" wheel
fi
stamp=.venv/.thaiid-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: pip install -e .[dev,tesseract,synth,quality,server,airflow,openvino]"
  .venv/bin/python -m pip install -q -e ".[dev,tesseract,synth,quality,server,airflow,openvino]"
  echo "$want" > "$stamp"
fi
