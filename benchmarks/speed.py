"""Speed of the embedded engine: median seconds per card on one thread, and throughput
with one thread per core.

    .venv/bin/python benchmarks/speed.py --n 20
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
    args = ap.parse_args(argv)

    import thaiid_ops
    from thaiid_ops.synth import generate

    samples = [s for s in generate(args.n, args.seed, conditions=["clean", "rotated"])]
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
    pairs = [a + b for a, b in zip(times[::2], times[1::2], strict=False)]
    print(f"  a whole card (front + back): median {statistics.median(pairs):.3f} s")
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(thaiid_ops.extract, images))
    dt = time.perf_counter() - t
    print(f"{args.workers} threads: {len(images) / dt:.2f} images/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
