"""Score an ONNX recogniser on crop shards (train-font validation vs held-out fonts).

    python -m tools.train_recognizer.evaluate thaiid_ops/engine/models/thai_crnn.onnx \
        build/rec_data/val build/rec_data/heldout

Prints CER and exact line match for every shard folder, on all lines and on value lines,
so the held-out font drop is the difference between the two folders.
"""

from __future__ import annotations

import argparse
import json
import pickle
from collections import defaultdict
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from thaiid_ops.engine.recognizer import LineRecognizer
from thaiid_ops.thai.text import has_thai


def score(model: LineRecognizer, folder: Path) -> dict:
    rows = []
    for p in sorted(folder.glob("shard_*.pkl")):
        rows.extend(pickle.loads(p.read_bytes()))
    reads = model.recognize([r[0] for r in rows], batch=32)
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r, rd in zip(rows, reads, strict=True):
        d = Levenshtein.distance(rd.text, r[1])
        script = "thai" if has_thai(r[1]) else "latin"
        for key in ("all", "values" if not r[2].startswith("label:") else "labels", script, r[3]):
            a = acc[key]
            a[0] += 1
            a[1] += d == 0
            a[2] += d
            a[3] += len(r[1])
    return {
        k: {"n": a[0], "exact": round(a[1] / a[0], 4), "cer": round(a[2] / max(1, a[3]), 4)}
        for k, a in acc.items()
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args(argv)
    model = LineRecognizer(args.model)
    for f in args.folders:
        print(f, json.dumps(score(model, Path(f)), ensure_ascii=False))


if __name__ == "__main__":
    main()
