"""Speed of the gazetteer resolver (`thaiid_ops.thai.address.parse_address`).

Clean lines are printed addresses of random gazetteer entries; damaged lines have one
character deleted or replaced, as OCR does. Prints the median and p95 milliseconds per
line for both (target: < 5 ms clean).

    .venv/bin/python benchmarks/address_speed.py [--n 300]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from thaiid_ops.thai.address import parse_address, random_address


def _damage(line: str, rng: random.Random) -> str:
    i = rng.randrange(len(line))
    if rng.random() < 0.5:
        return line[:i] + line[i + 1 :]
    return line[:i] + rng.choice("กขคงจฉชซดตถทนบปผพฟมยรลวสหอ") + line[i + 1 :]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    args = ap.parse_args()
    rng = random.Random(11)
    clean = [random_address(rng).printed() for _ in range(args.n)]
    damaged = [_damage(line, rng) for line in clean]
    parse_address(clean[0])  # build the cached indexes
    for name, lines in (("clean", clean), ("damaged", damaged)):
        ms = []
        for line in lines:
            t = time.perf_counter()
            parse_address(line)
            ms.append((time.perf_counter() - t) * 1000)
        p95 = statistics.quantiles(ms, n=20)[-1]
        print(f"parse_address {name}: median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
