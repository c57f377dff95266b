"""Accuracy of the embedded engine on a mixed-condition synthetic set.

Generates cards with `thaiid_ops.synth` (fixed seed, all conditions, both sides), runs
`thaiid_ops.extract` on each file, and prints per-field exact match, the per-condition
fully-correct-card rate and the overall figure. Use a seed (and `--heldout` fonts) the
engine was not tuned on.

    .venv/bin/python benchmarks/accuracy.py --n 150 --seed 20261 --workers 2 --heldout
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

# Fields scored: the printed text fields and the side/card-type classification.
SKIP = {"option", "portrait_location"}


def _score(sample, result) -> tuple[dict[str, list[bool]], bool]:
    truth_pages = sample.truth["data"]
    got_pages = result.get("data", [])
    per: dict[str, list[bool]] = defaultdict(list)
    all_ok = True
    for i, tp in enumerate(truth_pages):
        gp = got_pages[i] if i < len(got_pages) else {}
        for key, tv in tp.items():
            if key in SKIP or not isinstance(tv, dict) or "value" not in tv:
                continue
            ok = isinstance(gp.get(key), dict) and gp[key].get("value") == tv["value"]
            per[key].append(ok)
            all_ok &= ok
    return per, all_ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="cards (each gives front+back files)")
    ap.add_argument("--seed", type=int, default=20261)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--heldout", action="store_true", help="only the held-out fonts")
    args = ap.parse_args(argv)

    import thaiid_ops
    from thaiid_ops.synth import HELDOUT_FONTS, generate

    fonts = list(HELDOUT_FONTS) if args.heldout else None
    samples = generate(args.n, args.seed, fonts=fonts)

    def run(s):
        return s, thaiid_ops.extract(s.image, include_sensitive=True)

    per_field: dict[str, list[bool]] = defaultdict(list)
    per_cond: dict[str, list[bool]] = defaultdict(list)
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for s, res in pool.map(run, samples):
            per, ok = _score(s, res)
            for k, v in per.items():
                per_field[k].extend(v)
            cond = s.truth.get("meta", {}).get("condition", "?")
            per_cond[cond].append(ok)

    print(f"images: {len(samples)}  seed: {args.seed}  fonts: {'held-out' if fonts else 'all'}")
    print("\nper-field exact match")
    total = correct = 0
    for k in sorted(per_field):
        v = per_field[k]
        total += len(v)
        correct += sum(v)
        print(f"  {k:32s} {sum(v):5d}/{len(v):<5d} {100 * sum(v) / len(v):6.1f}%")
    print("\nper-condition fully-correct images")
    for c in sorted(per_cond):
        v = per_cond[c]
        print(f"  {c:20s} {sum(v):4d}/{len(v):<4d} {100 * sum(v) / len(v):6.1f}%")
    cards = [x for v in per_cond.values() for x in v]
    print(f"\noverall field exact match: {100 * correct / max(1, total):.1f}% ({correct}/{total})")
    print(f"fully correct images:      {100 * sum(cards) / max(1, len(cards)):.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
