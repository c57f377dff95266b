"""Accuracy of the embedded engine on a mixed-condition synthetic set.

Generates cards with `thaiid_ops.synth` (fixed seed, all conditions, both sides), runs
`thaiid_ops.extract` on each file, and prints per-field exact match, the per-condition
fully-correct-card rate and the overall figure. Use a seed (and `--heldout` fonts) the
engine was not tuned on.

    .venv/bin/python benchmarks/accuracy.py --n 150 --seed 20261 --workers 2 --heldout
    .venv/bin/python benchmarks/accuracy.py --n 150 --compare   # Tesseract vs our CRNN
    .venv/bin/python benchmarks/accuracy.py --n 150 --compare default,tesseract,crnn,both
    .venv/bin/python benchmarks/accuracy.py --n 150 --compare default@ppocr,crnn@crnn
    .venv/bin/python benchmarks/accuracy.py --n 40 --compare default@ppocr,default@cascade

`--reader` forces one Thai reader for every field (and after an @ the Latin reader);
`--compare` runs several on the same set and prints them side by side; `--misses` writes every wrong field to a TSV for study.
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


def _score(
    sample, result
) -> tuple[
    dict[str, list[bool]], list[tuple[str, object, object, object]], list[tuple[float, bool]]
]:
    """Per field, whether each truth page's value was read exactly; the misses as
    (field, truth, read, confidence); and (confidence, right) for every value read."""
    got_pages = result.get("data", [])
    per: dict[str, list[bool]] = defaultdict(list)
    misses = []
    confs: list[tuple[float, bool]] = []
    for i, tp in enumerate(sample.truth["data"]):
        gp = got_pages[i] if i < len(got_pages) else {}
        for key, tv in tp.items():
            if key in SKIP or not isinstance(tv, dict) or "value" not in tv:
                continue
            got = gp[key] if isinstance(gp.get(key), dict) else {}
            gv, conf = got.get("value"), got.get("confidence")
            per[key].append(gv == tv["value"])
            if gv != tv["value"]:
                misses.append((key, tv["value"], gv, conf))
            if gv is not None:
                confs.append((float(conf or 0.0), gv == tv["value"]))
    return per, misses, confs


def _evaluate(samples, workers: int) -> dict:
    import thaiid_ops

    def run(s):
        return s, thaiid_ops.extract(s.image, include_sensitive=True)

    per_field: dict[str, list[bool]] = defaultdict(list)
    per_cond: dict[str, list[bool]] = defaultdict(list)
    clean: list[bool] = []
    misses: list[tuple[str, str, object, object, object]] = []
    confs: list[tuple[float, bool]] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for s, res in pool.map(run, samples):
            per, missed, read = _score(s, res)
            confs.extend(read)
            cond = s.truth.get("meta", {}).get("condition", "?")
            for k, v in per.items():
                per_field[k].extend(v)
                if cond == "clean":
                    clean.extend(v)
            per_cond[cond].append(not missed)
            misses.extend((s.name, *m) for m in missed)
    return {"field": per_field, "cond": per_cond, "clean": clean, "misses": misses, "conf": confs}


def _pct(v: list[bool]) -> str:
    return f"{100 * sum(v) / max(1, len(v)):6.1f}%"


def _report(runs: dict[str, dict]) -> None:
    names = list(runs)
    first = runs[names[0]]
    head = "".join(f"{n:>20s}" for n in names)
    for table, title in (
        ("field", "per-field exact match"),
        ("cond", "per-condition fully-correct images"),
    ):
        print(f"\n{title}{head}")
        for k in sorted(first[table]):
            cells = "".join(
                f"{sum(r[table][k]):6d}/{len(r[table][k]):<5d}{_pct(r[table][k])}"
                for r in runs.values()
            )
            print(f"  {k:32s}{cells}")
    for n, r in runs.items():
        fields = [x for v in r["field"].values() for x in v]
        cards = [x for v in r["cond"].values() for x in v]
        print(f"\n[{n}]")
        print(f"overall field exact match: {_pct(fields).strip()} ({sum(fields)}/{len(fields)})")
        print(f"clean-scan field match:    {_pct(r['clean']).strip()}")
        print(f"fully correct images:      {_pct(cards).strip()}")
        _confidence_report(r["conf"])


def _confidence_report(confs: list[tuple[float, bool]]) -> None:
    """How far the confidence can route review: at each threshold, how many values read
    pass it and how many of those are right, and what share of the wrong ones it holds back
    (a failed validation's -1 is below every threshold)."""
    wrong = [c for c, ok in confs if not ok]
    print(f"confidence of the {len(confs)} values read ({len(wrong)} wrong):")
    for t in (0.5, 0.8, 0.9, 0.95):
        kept = [ok for c, ok in confs if c >= t]
        held = sum(c < t for c in wrong)
        print(
            f"  >= {t:.2f}: {len(kept):5d} values, {_pct(kept).strip()} right;"
            f" {held}/{len(wrong)} wrong ones below it ({_pct([c < t for c in wrong]).strip()})"
        )


def _use_readers(spec: str) -> None:
    """`THAI[@LATIN]`: the Thai reader ("default" = the engine's per-field choice; or per
    kind, "name=crnn;address=crnn+tesseract") and, after an @, the Latin reader ("ppocr",
    "crnn" or "cascade"; default: the engine's)."""
    from thaiid_ops.engine import ocr

    thai, _, latin = spec.partition("@")
    for var, val in (("THAIID_THAI_READER", thai), ("THAIID_LATIN_READER", latin)):
        if val in ("", "default"):
            os.environ.pop(var, None)
        else:
            os.environ[var] = val
    ocr._latin = None  # the next read builds the chosen Latin reader


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="cards (each gives front+back files)")
    ap.add_argument("--seed", type=int, default=20261)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--heldout", action="store_true", help="only the held-out fonts")
    ap.add_argument(
        "--conditions", help="comma-separated capture conditions to cycle (default: all mixed)"
    )
    ap.add_argument(
        "--reader",
        default="default",
        help="THAI[@LATIN]: force one Thai reader for every field (crnn, tesseract, both, "
        "crnn+tesseract, tesseract+crnn; default: the engine's per-field choice) and, after "
        "an @, the Latin reader (ppocr, crnn or cascade)",
    )
    ap.add_argument(
        "--compare",
        nargs="?",
        const="tesseract,crnn",
        help="readers to run side by side on the same set (default: tesseract,crnn)",
    )
    ap.add_argument("--misses", help="write every wrong field (synthetic values) to this TSV")
    args = ap.parse_args(argv)

    from thaiid_ops.synth import HELDOUT_FONTS, generate

    fonts = list(HELDOUT_FONTS) if args.heldout else None
    conditions = args.conditions.split(",") if args.conditions else None
    samples = generate(args.n, args.seed, fonts=fonts, conditions=conditions)
    print(
        f"images: {len(samples)}  seed: {args.seed}  fonts: {'held-out' if fonts else 'all'}"
        f"  conditions: {args.conditions or 'all'}"
    )
    readers = args.compare.split(",") if args.compare else [args.reader]
    runs = {}
    for r in readers:
        _use_readers(r)
        runs[r] = _evaluate(samples, args.workers)
    _report(runs)
    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as fh:
            for r, res in runs.items():
                for name, key, tv, gv, conf in res["misses"]:
                    fh.write(f"{r}\t{name}\t{key}\t{tv}\t{gv}\t{conf}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
