#!/usr/bin/env bash
# The main job, on built-in synthetic data, through the real Airflow DAG:
#   1. synthesize a small document lake (cards in mixed conditions + a few bad files);
#   2. run dags/thaiid_document_lake.py with dag.test() (SQLite metadata DB, AIRFLOW_HOME in build/);
#   3. the mapped extract tasks write Parquet under out/run_id=<run>/;
#   4. the quality gate runs the GX suites and writes Data Docs; the asset-triggered report DAG
#      builds the consolidated report;
#   5. print where everything is.
# Every run starts from an empty build/demo (the DAG remembers processed files in out/_state).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
DEMO=${DEMO_DIR:-$ROOT/build/demo}
N=${DEMO_CARDS:-50}
LAKE=$DEMO/lake
OUT=$DEMO/out
LOG=$DEMO/airflow.log
t0=$(date +%s)

rm -rf "$DEMO"
mkdir -p "$DEMO"

export AIRFLOW_HOME=$DEMO/airflow_home
export AIRFLOW__CORE__DAGS_FOLDER=$ROOT/dags
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__LOGGING__LOGGING_LEVEL=${AIRFLOW_LOG_LEVEL:-INFO}
export AIRFLOW_VAR_THAIID_LAKE_URI=file://$LAKE
export AIRFLOW_VAR_THAIID_OUTPUT_URI=file://$OUT
export AIRFLOW_CONN_THAIID_DEFAULT='{"conn_type": "thaiid", "extra": {"backend": "local"}}'
export GX_ANALYTICS_ENABLED=false

echo "demo 1/5: synthesizing $N cards (+4 bad files) into $LAKE"
"$PY" -m thaiid_ops.cli synth --n "$N" --seed 7 --out "$LAKE" --bad 4

echo "demo 2/5: airflow db migrate (SQLite in $AIRFLOW_HOME)"
"$ROOT/.venv/bin/airflow" db migrate >>"$LOG" 2>&1

# The gate's verdict is printed below; DEMO_FAIL_ON_QUALITY=true makes failed checks fail the run.
CONF="{\"fail_on_quality\": ${DEMO_FAIL_ON_QUALITY:-false}}"
echo "demo 3/5: dag.test() of thaiid_document_lake (extract shards -> Parquet -> quality gate)"
if ! "$PY" dags/thaiid_document_lake.py --conf "$CONF" >>"$LOG" 2>&1; then
  tail -n 40 "$LOG"
  echo "demo: the DAG run failed; full log in $LOG" >&2
  exit 1
fi

echo "demo 4/5: dag.test() of thaiid_quality_report (consolidated GX report)"
if ! "$PY" dags/thaiid_quality_report.py >>"$LOG" 2>&1; then
  tail -n 40 "$LOG"
  echo "demo: the report DAG failed; full log in $LOG" >&2
  exit 1
fi

echo "demo 5/5: outputs"
"$PY" - "$OUT" "$LOG" "$(($(date +%s) - t0))" <<'EOF'
import json
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

out, log, seconds = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
parts = sorted(out.glob("run_id=*/part-*.parquet"))
rows = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
status = Counter(v for p in parts for v in pq.read_table(p, columns=["status"])["status"].to_pylist())
counts = ", ".join(f"{n} {name}" for name, n in status.most_common())
runs = sorted({p.parent for p in parts})
print(f"  Parquet:      {len(parts)} part(s), {rows} rows ({counts})")
for run in runs:
    print(f"                {run}/")
for run_docs in sorted(out.glob("reports/run_id=*")):
    summary = json.loads((run_docs / "summary.json").read_text())
    verdict = "passed" if summary.get("success") else "FAILED (a production run would stop here)"
    print(f"  Quality gate: {verdict}")
    print(f"                Data Docs {run_docs / 'index.html'}")
    for suite in summary.get("suites", []):
        print(
            f"                {suite['suite']}: {suite['successful']}/{suite['evaluated']} "
            "expectations passed"
        )
        for e in suite["expectations"]:
            if not e["success"]:
                print(f"                  failed: {e['label']} ({e['unexpected_count']} rows)")
consolidated = out / "reports" / "consolidated"
if (consolidated / "report.json").exists():
    print(f"  Report:       {consolidated / 'report.json'}")
    print(f"                {consolidated / 'index.html'}")
print(f"  Airflow log:  {log}")
print(f"  demo took {seconds} s")
EOF
