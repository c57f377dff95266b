"""Line recogniser comparison on engine-style crops: Tesseract / PP-OCR vs the CRNN.

Crops come from `tools/train_recognizer/data.py` (cards rendered in the held-out font
families, every capture condition, rectified and cropped the way the engine crops), fixed
seed. Per field: exact line match and CER for
  - Thai fields: the engine's Tesseract reader (`ocr.read_thai`, psm 7 then 6) vs the CRNN;
  - Latin/digit fields: the engine's PP-OCR reader (`ocr.latin()`) vs the CRNN.
Texts are compared after `normalize_text` on both sides.

    python benchmarks/recognizer.py --cards 60 --seed 99          # generate and compare
    python benchmarks/recognizer.py --shards build/rec_data/heldout
    # crops cut by the engine's own detector (engine_crops.py --raw), per kind thai/latin:
    python benchmarks/recognizer.py --shards build/rec_data3/heldout_raw
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

import cv2
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from thaiid_ops.engine import ocr
from thaiid_ops.engine import recognizer as rec
from thaiid_ops.engine.pipeline import LATIN_CHARSET
from thaiid_ops.synth import conditions as C
from thaiid_ops.synth import fonts as F
from thaiid_ops.thai.text import has_thai, normalize_text
from tools.train_recognizer.data import card_crops


def _rows(args) -> list:
    if args.shards:
        rows = []
        for p in sorted(Path(args.shards).glob("shard_*.pkl")):
            rows.extend(pickle.loads(p.read_bytes()))
        return rows
    fams = F.select_fonts(args.fonts)
    rows = []
    for i in range(args.cards):
        rows.extend(card_crops(i, args.seed, fams, list(C.CONDITIONS), labels=False, raw=True))
    return rows


def _tess(crop) -> str:
    """The engine's Tesseract read: a tighter crop (pad_y 0.15 instead of 0.32), Otsu."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    trim = round(gray.shape[0] / 1.64 * (0.32 - 0.15))
    if gray.shape[0] - 2 * trim >= 8:
        gray = gray[trim : gray.shape[0] - trim]
    _, gray = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    text, _ = ocr.read_thai(gray, "tha", 7, None)
    if not text.strip():
        text, _ = ocr.read_thai(gray, "tha", 6, None)
    return text


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cards", type=int, default=60)
    ap.add_argument("--seed", type=int, default=99)
    ap.add_argument("--fonts", default="heldout")
    ap.add_argument("--shards", default=None, help="read crops from data.py --raw shards")
    ap.add_argument("--model", default=str(rec.MODEL_PATH))
    ap.add_argument("--old-cache", default=None, help="pickle of the old reader's outputs")
    args = ap.parse_args(argv)
    rows = [r for r in _rows(args) if not r[2].startswith("label:")]
    cache: dict[int, tuple[str, float]] = {}
    if args.old_cache and Path(args.old_cache).exists():
        cache = pickle.loads(Path(args.old_cache).read_bytes())
    new = rec.LineRecognizer(args.model) if Path(args.model).exists() else None
    stats = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))  # field→reader→[n,ex,d,len]
    thai_fields: set[str] = set()  # fields with Thai text: Tesseract is their old reader
    t_old = t_new = 0.0
    for k, r in enumerate(rows):
        _, truth, fld, _font, _cond, crop = r[:6]
        latin_crop = r[6] if len(r) > 6 else crop  # engine_crops: the Latin reader's own crop
        truth = normalize_text(truth)
        thai = has_thai(truth)  # Tesseract's lines
        if thai:
            thai_fields.add(fld)
        if k not in cache:
            t = time.perf_counter()
            old = _tess(crop) if thai else ocr.latin().read([latin_crop], LATIN_CHARSET)[0].text
            cache[k] = (old, time.perf_counter() - t)
        old = cache[k][0]
        t_old += cache[k][1]
        if new is None:
            continue
        t = time.perf_counter()
        got = new.recognize([crop])[0].text
        t_new += time.perf_counter() - t
        for name, pred in (("old", old), ("crnn", got)):
            pred = normalize_text(pred)
            s = stats[fld][name]
            d = Levenshtein.distance(pred, truth)
            s[0] += 1
            s[1] += d == 0
            s[2] += d
            s[3] += len(truth)
    if args.old_cache:
        Path(args.old_cache).write_bytes(pickle.dumps(cache))
    if new is None:
        print(f"old reader cached for {len(cache)} lines; no model at {args.model}")
        return
    print(f"{len(rows)} value-line crops, held-out fonts {F.HELDOUT_FONTS}")
    head = f"{'field':24} {'n':>4}  {'old reader':>12} {'exact':>7} {'CER':>7}"
    print(f"{head}  {'crnn exact':>10} {'CER':>7}")
    tot = defaultdict(lambda: [0, 0, 0, 0])
    for fld in sorted(stats):
        o, n = stats[fld]["old"], stats[fld]["crnn"]
        who = "tesseract" if fld in thai_fields else "pp-ocr"
        for k, s in (("old_" + who, o), ("crnn_" + ("thai" if who == "tesseract" else "latin"), n)):
            tot[k] = [a + b for a, b in zip(tot[k], s, strict=True)]
        print(
            f"{fld:24} {o[0]:4d}  {who:>12} {o[1] / o[0]:7.1%} {o[2] / max(1, o[3]):7.2%}"
            f"  {n[1] / n[0]:10.1%} {n[2] / max(1, n[3]):7.2%}"
        )
    for k, s in sorted(tot.items()):
        print(f"TOTAL {k:18} n={s[0]:4d} exact {s[1] / s[0]:6.1%} CER {s[2] / max(1, s[3]):6.2%}")
    n = len(rows)
    print(f"time per line: old {1000 * t_old / n:.1f} ms, crnn {1000 * t_new / n:.1f} ms")


if __name__ == "__main__":
    main()
