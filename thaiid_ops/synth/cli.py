"""`thaiid synth`: write synthetic cards and their AIGEN-shaped sidecars into a folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from .conditions import CONDITIONS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--n", type=int, default=100, help="number of cards")
    p.add_argument("--seed", type=int, default=0, help="random seed (output is deterministic)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument(
        "--conditions",
        default=None,
        help=f"comma-separated capture conditions (default: a mix of all): {','.join(CONDITIONS)}",
    )
    p.add_argument("--side", choices=("front", "back", "both"), default="both")
    p.add_argument(
        "--fonts", default="all", help='"all", "train", "heldout", or comma-separated family names'
    )
    p.add_argument("--bad", type=int, default=0, help="also write N broken files (demo lake)")


def run(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from .factory import bad_samples, iter_samples

    fonts = args.fonts if args.fonts in ("all", "train", "heldout") else args.fonts.split(",")
    try:
        samples = iter_samples(
            args.n, args.seed, conditions=args.conditions, side=args.side, fonts=fonts
        )
        first = next(samples, None)
    except ValueError as exc:
        print(f"thaiid synth: {exc}")
        return 2
    written = 0
    with Progress(transient=False) as bar:
        task = bar.add_task("rendering cards", total=None)
        for s in [first] if first is not None else []:
            s.write(args.out)
            written += 1
            bar.advance(task)
        for s in samples:
            s.write(args.out)
            written += 1
            bar.advance(task)
        for s in bad_samples(args.bad, args.seed):
            s.write(args.out)
            written += 1
            bar.advance(task)
        bar.update(task, total=written)
    print(f"wrote {written} files (+ JSON sidecars) to {args.out}")
    return 0
