#!/usr/bin/env bash
# The main job on built-in synthetic data: synth lake -> Parquet -> GX validation -> Data Docs.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-build/demo}
mkdir -p "$OUT"
.venv/bin/thaiid synth --n 50 --seed 7 --out "$OUT/lake" --side both
echo "demo: synthetic lake in $OUT/lake"
