"""Speed of the embedded engine: median seconds per card on one thread, and throughput
with one worker per core against one thread's throughput on the same images: threads, or
with `--pool process` (or both) the engine's process pool (`THAIID_POOL=process`).

    .venv/bin/python benchmarks/speed.py --n 20
    .venv/bin/python benchmarks/speed.py --n 10 --conditions photocopy,in_hand   # per condition
    THAIID_DETECTOR_BACKEND=openvino .venv/bin/python benchmarks/speed.py --n 20  # [openvino]
    .venv/bin/python benchmarks/speed.py --n 20 --pool thread,process
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=2, help="passes over the set, pooled")
    ap.add_argument(
        "--conditions",
        default="clean,rotated",
        help='capture conditions, comma-separated, or "all" (the synth mix)',
    )
    ap.add_argument(
        "--pool",
        default="thread",
        help='worker kinds for the throughput pass, comma-separated: "thread", "process"',
    )
    args = ap.parse_args(argv)
    conditions = None if args.conditions == "all" else args.conditions.split(",")

    import thaiid_ops
    from thaiid_ops import workers
    from thaiid_ops.engine import ocr
    from thaiid_ops.synth import generate

    print(f"detector on cards: {ocr.detector_backend()}")

    samples = [s for s in generate(args.n, args.seed, conditions=conditions)]
    images = [s.image for s in samples]
    thaiid_ops.extract(images[0])  # load models once
    times = []
    for img in images:
        t = time.perf_counter()
        thaiid_ops.extract(img)
        times.append(time.perf_counter() - t)
    print(
        f"one thread: median {statistics.median(times):.3f} s per image "
        f"(n={len(times)}, p90 {sorted(times)[int(0.9 * (len(times) - 1))]:.3f} s)"
    )
    for side in ("front", "back"):
        own = [t for s, t in zip(samples, times, strict=True) if f"_{side}_" in s.name]
        if own:
            print(f"  {side}s: median {statistics.median(own):.3f} s (n={len(own)})")
    # Names are synth_<seed>_<card>_<side>_<condition>, or synth_<seed>_<card>_pdf.
    cards: dict[str, float] = {}  # a card's files (front and back, or one PDF)
    by_condition: dict[str, list[float]] = {}
    for s, t in zip(samples, times, strict=True):
        parts = s.name.split("_", 4)
        cards[parts[2]] = cards.get(parts[2], 0.0) + t
        by_condition.setdefault(parts[-1], []).append(t)
    print(f"  a whole card (front + back): median {statistics.median(cards.values()):.3f} s")
    for cond, own in sorted(by_condition.items()):
        print(f"  {cond}: median {statistics.median(own):.3f} s per image (n={len(own)})")
    # Throughput against throughput: the serial loop's images/s is its mean, not its median
    # (one slow rotated scene weighs in both). A pooled pass reads the set `--rounds` times
    # so that the last image's tail, with one worker idle, weighs little.
    one = len(images) / sum(times)
    pooled: list[tuple[str, float]] = []
    batch = images * args.rounds
    for kind in args.pool.split(","):
        if kind == "process":
            # The shipped pool, its workers warm (models loaded) before the clock starts;
            # each image crosses to its worker pickled, as a document's bytes would.
            pool = workers.shared_pool(args.workers, "process")
            list(pool.map(thaiid_ops.extract, images[: 2 * args.workers]))
        else:
            pool = ThreadPoolExecutor(max_workers=args.workers)
        t = time.perf_counter()
        list(pool.map(thaiid_ops.extract, batch))
        pooled.append((kind, len(batch) / (time.perf_counter() - t)))
        if kind != "process":  # (the shared process pool closes at exit)
            pool.shutdown()
    # The machine's pace drifts over a run (other tenants, clocks): one thread is timed
    # again after the pooled passes, and each speed-up is over the mean of the two.
    t = time.perf_counter()
    for img in images:
        thaiid_ops.extract(img)
    again = len(images) / (time.perf_counter() - t)
    base = (one + again) / 2
    print(f"one thread: {one:.2f} images/s before the pooled passes, {again:.2f} after")
    for kind, many in pooled:
        label = "threads" if kind == "thread" else "processes"
        print(
            f"{args.workers} {label}: {many:.2f} images/s against {base:.2f} on one thread "
            f"({many / base:.2f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
