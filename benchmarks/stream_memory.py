"""Peak memory of `thaiid_ops.sink.write_parquet` on the real engine vs lake size.

Renders a pool of distinct synthetic documents once, builds lakes of 500 and 2,000 files
from it (symlinks cycling over the pool: every file is read and OCR'd, the content
repeats), and runs the sink on each in a fresh subprocess while sampling the resident
memory of that process and all its workers from /proc. Prints peak RSS for each size.

Targets: peak < 1 GB, and the 2,000 run within 10% of the 500 run (memory must not grow
with the lake).

    .venv/bin/python benchmarks/stream_memory.py            # 500 and 2,000 files
    .venv/bin/python benchmarks/stream_memory.py --sizes 50 200 --pool 20   # quick look
    THAIID_DETECTOR_BACKEND=openvino .venv/bin/python benchmarks/stream_memory.py
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
from thaiid_ops import sink
lake, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
summary = sink.write_parquet(lake, out, workers=n, resume=False)
print(json.dumps({"rows": summary.rows, "ok": summary.ok, "partial": summary.partial,
                  "errors": summary.errors, "elapsed_s": time.perf_counter() - t0}))
"""


def _pool_kind() -> str:
    from thaiid_ops import workers

    return workers.DEFAULT_KIND


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, and of the process alone."""
    kids = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kb(pid)
        stack.extend(kids.get(pid, []))
    return total, _rss_kb(root)


def run_sink(lake: Path, out: Path, workers: int) -> dict:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(lake), str(out), str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: an interrupt stops its workers too
    )
    peak = main_peak = 0
    done = threading.Event()

    def sample() -> None:
        # ru_maxrss is no use here: a child inherits its parent's high-water mark at fork.
        nonlocal peak, main_peak
        while not done.is_set():
            total, main = tree_rss_kb(proc.pid)
            peak, main_peak = max(peak, total), max(main_peak, main)
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        stdout, _ = proc.communicate()
    finally:
        if proc.poll() is None:  # interrupted: stop the run and its workers
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        done.set()
        sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"sink run failed with exit code {proc.returncode}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["tree_peak_kb"] = peak
    result["main_peak_kb"] = main_peak
    return result


def render_pool(root: Path, pool: int, seed: int, conditions: list[str] | None) -> list[Path]:
    from thaiid_ops.synth import iter_samples

    folder = root / "pool"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in iter_samples((pool + 1) // 2, seed=seed, conditions=conditions):
        paths.append(folder / sample.filename)
        paths[-1].write_bytes(sample.image)
        if len(paths) >= pool:
            break
    return paths


def build_lake(root: Path, pool: list[Path], size: int) -> Path:
    lake = root / f"lake-{size}"
    lake.mkdir()
    for i in range(size):
        src = pool[i % len(pool)]
        (lake / f"doc-{i:06d}{src.suffix}").symlink_to(src)
    return lake


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--pool", type=int, default=60, help="distinct documents to render")
    ap.add_argument("--workers", type=int, default=None, help="default: all cores")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument(
        "--conditions",
        nargs="+",
        default=None,
        help="synth capture conditions to cycle (default: the factory's full mix)",
    )
    args = ap.parse_args()
    workers = args.workers or len(os.sched_getaffinity(0))
    from thaiid_ops.engine import ocr

    with tempfile.TemporaryDirectory(prefix="thaiid-mem-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        pool = render_pool(root, args.pool, args.seed, args.conditions)
        print(f"pool: {len(pool)} distinct documents ({time.perf_counter() - t0:.0f} s)")
        print(f"workers: {workers} ({_pool_kind()} pool); conditions: {args.conditions or 'mix'}")
        print(f"detector on cards: {ocr.detector_backend()}")
        peaks = {}
        for size in args.sizes:
            lake = build_lake(root, pool, size)
            r = run_sink(lake, root / f"out-{size}.parquet", workers)
            peaks[size] = r["tree_peak_kb"]
            print(
                f"{size:>6} files: peak RSS {r['tree_peak_kb'] / 1024:7.1f} MiB (all processes), "
                f"sink process {r['main_peak_kb'] / 1024:6.1f} MiB; {r['rows']} rows "
                f"({r['ok']} ok, {r['partial']} partial, errors {r['errors']}) "
                f"in {r['elapsed_s']:.0f} s ({size / r['elapsed_s']:.2f} files/s)",
                flush=True,
            )
        lo, hi = min(args.sizes), max(args.sizes)
        growth = peaks[hi] / peaks[lo] - 1
        under = max(peaks.values()) < 1024 * 1024
        print(f"peak < 1 GB: {'yes' if under else 'NO'}")
        print(f"growth {lo} → {hi} files: {growth:+.1%} ({'ok' if growth <= 0.10 else 'TOO MUCH'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
