"""Throughput of `thaiid_ops.sink.write_parquet` on the real engine: 1 vs 2+ workers.

Renders `--cards` synthetic cards (front and back files) once, then, for each pool kind
(threads, processes) and worker count, runs the sink in a fresh subprocess after warming
its workers (engine models loaded), and prints files/s and the speed-up over 1 worker.
Target: 2 workers ≥ 1.8× 1 worker.

It first measures how much of the engine's time leaves the GIL free: a pure-Python probe
thread counts while the main thread reads cards, compared with its count while the main
thread sleeps. A share well below 1.0 means threads cannot scale and processes are needed
(this is why `thaiid_ops.workers.DEFAULT_KIND` is "process").

    .venv/bin/python benchmarks/throughput.py --cards 12 --workers 1 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
from thaiid_ops import sink, workers, rows
lake, out, n, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sources = sink.expand_sources(lake)
if n > 1:  # warm every worker: engine models loaded before the clock starts
    pool = workers.shared_pool(n, kind)
    data = open(sources[0], "rb").read()
    list(pool.map(rows.rows_for_bytes, [data] * n, [None] * n,
                  [rows._local_extract] * n, [None] * n, [rows.RowSpec()] * n))
else:
    rows.read_source(sources[0], rows._local_extract)
t0 = time.perf_counter()
summary = sink.write_parquet(sources, out, workers=n, resume=False)
elapsed = time.perf_counter() - t0
print(json.dumps({"files": len(sources), "rows": summary.rows, "elapsed_s": elapsed,
                  "ok": summary.ok, "partial": summary.partial, "errors": summary.errors}))
"""


GIL_PROBE = r"""
import json, sys, threading, time
import thaiid_ops
from thaiid_ops import sink
docs = [open(p, "rb").read() for p in sink.expand_sources(sys.argv[1])[:6]]
thaiid_ops.extract(docs[0])  # load the models first

def probe(stop, out):
    n = 0
    while not stop.is_set():
        for _ in range(1000):
            n += 1
    out.append(n)

def rate(work):
    stop, out = threading.Event(), []
    t = threading.Thread(target=probe, args=(stop, out))
    t0 = time.perf_counter()
    t.start()
    work()
    stop.set()
    t.join()
    return out[0] / (time.perf_counter() - t0)

shares = []
for _ in range(2):
    idle = rate(lambda: time.sleep(2))
    busy = rate(lambda: [thaiid_ops.extract(d) for d in docs])
    shares.append(busy / idle)
print(json.dumps({"gil_free_share": shares}))
"""


def gil_free_share(lake: Path) -> list[float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", GIL_PROBE, str(lake)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])["gil_free_share"]


def make_lake(root: Path, cards: int, seed: int) -> Path:
    from thaiid_ops.synth import generate

    lake = root / "lake"
    lake.mkdir(parents=True, exist_ok=True)
    generate(cards, seed=seed, conditions=["clean", "rotated", "in_hand"], out=lake)
    for sidecar in lake.glob("*.json"):
        sidecar.unlink()  # only the documents go to the sink
    return lake


def run_once(lake: Path, out: Path, workers: int, kind: str) -> dict:
    env = {**os.environ, "THAIID_POOL": kind, "OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(lake), str(out), str(workers), kind],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=12, help="synthetic cards (2 files each)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--kinds", nargs="+", default=["thread", "process"])
    ap.add_argument("--no-probe", action="store_true", help="skip the GIL probe")
    ap.add_argument("--lake", type=Path, default=None, help="reuse a folder of documents")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="thaiid-bench-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        lake = args.lake or make_lake(root, args.cards, args.seed)
        files = len(list(lake.iterdir()))
        print(f"lake: {files} files ({time.perf_counter() - t0:.1f} s to render)", flush=True)
        print(f"cores available: {len(os.sched_getaffinity(0))}")
        if not args.no_probe:
            shares = ", ".join(f"{x:.2f}" for x in gil_free_share(lake))
            print(f"GIL free while the engine reads (probe share, 1.0 = fully free): {shares}")
        print(f"{'pool':8} {'workers':>7} {'files/s':>8} {'seconds':>8} {'speed-up':>9}")
        base: float | None = None
        for kind in args.kinds:
            for n in args.workers:
                if n == 1 and kind != args.kinds[0]:
                    continue  # one worker runs inline: the pool kind does not matter
                r = run_once(lake, root / f"out-{kind}-{n}.parquet", n, kind)
                rate = r["files"] / r["elapsed_s"]
                if n == 1:
                    base = rate
                speed = f"{rate / base:.2f}x" if base else "-"
                label = "inline" if n == 1 else kind
                print(
                    f"{label:8} {n:>7} {rate:>8.2f} {r['elapsed_s']:>8.1f} {speed:>9}", flush=True
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
