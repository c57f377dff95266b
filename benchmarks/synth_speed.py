"""Cards per second of the synthetic factory on one core (clean cards, encoded + truth).

.venv/bin/python benchmarks/synth_speed.py [--n 200]
"""

from __future__ import annotations

import argparse
import time

from thaiid_ops.synth import generate, iter_samples, line_crops


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    generate(2, seed=0, conditions=["clean"], side="front")  # warm caches (names, gazetteer)

    t, c = time.perf_counter(), time.process_time()
    for _ in iter_samples(args.n, seed=1, conditions=["clean"], side="front"):
        pass
    dt, dc = time.perf_counter() - t, time.process_time() - c
    print(
        f"clean front cards: {args.n / dt:.1f} cards/s wall, {args.n / dc:.1f} cards/s per CPU "
        f"second ({1000 * dc / args.n:.1f} ms CPU/card; wall is slower on a loaded machine)"
    )

    n_mixed = max(10, args.n // 5)
    t = time.perf_counter()
    count = sum(1 for _ in iter_samples(n_mixed, seed=2, side="front"))
    dt = time.perf_counter() - t
    print(f"mixed conditions: {count / dt:.1f} files/s")

    t = time.perf_counter()
    crops = sum(1 for _ in line_crops(max(10, args.n // 5), seed=3))
    dt = time.perf_counter() - t
    print(f"line crops: {crops / dt:.0f} crops/s")


if __name__ == "__main__":
    main()
