"""Engine-style line crops from the synth factory, written as shards for training/eval.

Each card is rendered, captured under a condition (photo, scan, photocopy, PDF page …),
rectified with the engine's own `rectify` from a slightly perturbed card quad (the card
finder is never pixel-exact), and every printed line is cropped from the rectified card
the way the engine crops it: a detector-like box (the truth box, jittered and grown the
way the DB detector's unclip grows it) padded with `pipeline.line_crop`'s margins.

    python -m tools.train_recognizer.data --out build/rec_data/train --cards 4000 --seed 1
    python -m tools.train_recognizer.data --out build/rec_data/heldout --cards 200 \
        --seed 99 --fonts heldout
"""

from __future__ import annotations

import argparse
import io
import pickle
import random
import time
from pathlib import Path

import cv2
import numpy as np

from thaiid_ops.engine.card import rectify
from thaiid_ops.engine.recognizer import INPUT_H, normalize_label, prepare
from thaiid_ops.synth import conditions as C
from thaiid_ops.synth import fonts as F
from thaiid_ops.synth.render import render_card
from thaiid_ops.synth.spec import random_spec

PAD_Y, PAD_X = 0.32, 0.25  # pipeline.line_crop defaults (Thai reads)


def _page_bgr(cap: C.Capture) -> np.ndarray:
    img = cap.image.convert("RGB")
    if cap.fmt == "jpg":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=cap.quality)
        arr = cv2.imdecode(np.frombuffer(buf.getvalue(), np.uint8), cv2.IMREAD_COLOR)
        return arr
    return np.asarray(img)[:, :, ::-1].copy()


def _det_box(box, rng: random.Random) -> tuple[float, float, float, float]:
    """A DB-detector-like box around the printed ink box."""
    x0, y0, x1, y1 = box
    h = y1 - y0
    grow = rng.uniform(0.0, 0.3) * h
    return (
        x0 - grow * rng.uniform(0.5, 1.5) + rng.gauss(0, 0.08) * h,
        y0 - grow * rng.uniform(0.3, 1.0) + rng.gauss(0, 0.06) * h,
        x1 + grow * rng.uniform(0.5, 1.5) + rng.gauss(0, 0.08) * h,
        y1 + grow * rng.uniform(0.3, 1.0) + rng.gauss(0, 0.06) * h,
    )


def _crop(img: np.ndarray, b) -> np.ndarray:
    x0, y0, x1, y1 = b
    h = y1 - y0
    xa = int(max(0, x0 - PAD_X * h))
    xb = int(min(img.shape[1], x1 + PAD_X * h))
    ya = int(max(0, y0 - PAD_Y * h))
    yb = int(min(img.shape[0], y1 + PAD_Y * h))
    return img[ya:yb, xa:xb]


def captured_card(key: str, families, conds):
    """One synthetic card (front, or a back one time in eight) rendered in a random family
    and captured under a random condition, seeded by `key`: (rng, family, condition,
    render, capture, page BGR)."""
    rng = random.Random(key)
    spec = random_spec(rng)
    family = rng.choice(families)
    cond = rng.choice(conds)
    side = "back" if rng.random() < 0.12 else "front"
    render = render_card(spec, side, rng=rng, font=family)
    cap = C.CAPTURES[cond](random.Random(f"{key}:cap"), render.image)
    return rng, family, cond, render, cap, _page_bgr(cap)


def card_crops(i: int, seed: int, families, conds, labels: bool = True, raw: bool = False):
    """Yield (prepared crop uint8, label, field, font, condition[, raw BGR crop]) for card `i`."""
    rng, family, cond, render, cap, page = captured_card(f"rec:{seed}:{i}", families, conds)
    quad = C.apply_h(cap.H, C.card_quad())
    span = max(np.ptp(quad[:, 0]), np.ptp(quad[:, 1]))
    quad = quad + np.array([[rng.gauss(0, 0.004 * span) for _ in range(2)] for _ in range(4)])
    rect = rectify(page, quad.astype(np.float32), "contour")
    # The engine turns the card upright (its orientation check); do the same from the truth:
    # pick the quarter turn that puts the card's top-left corner at the top-left.
    best = None
    for k in range(4):
        r = rect.rotated(k)
        m = np.linalg.inv(r.to_page) @ cap.H  # card pixels → rectified pixels
        d = float(np.hypot(*C.apply_h(m, [[0.0, 0.0]])[0]))
        if best is None or d < best[0]:
            best = (d, r, m)
    _, rect, card_to_rect = best
    for it in render.items:
        if it.kind == "label" and not labels:
            continue
        text = normalize_label(it.text)
        if not text:
            continue
        x0, y0, x1, y1 = it.box
        pts = C.apply_h(card_to_rect, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
        box = (pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
        crop = _crop(rect.image, _det_box(box, rng))
        if crop.shape[0] < 6 or crop.shape[1] < 6:
            continue
        x = prepare(crop, INPUT_H)
        row = (((x + 1.0) * 127.5).astype(np.uint8), text, it.field, family, cond)
        yield (*row, crop.copy()) if raw else row


def shard_cli(argv, doc: str, crops_of, *, cards: int, seed: int, shard: int) -> None:
    """The command line shared by the crop generators: `crops_of(i, seed, families,
    conditions, raw=...)` for cards `--start`…`--cards`, written as shards to `--out`."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--cards", type=int, default=cards)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument("--fonts", default="train")
    ap.add_argument("--conditions", default=",".join(C.CONDITIONS))
    ap.add_argument("--shard", type=int, default=shard, help="cards per shard")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--raw", action="store_true", help="also keep the BGR crops (benchmarks)")
    args = ap.parse_args(argv)
    families = F.select_fonts(args.fonts)
    conds = args.conditions.split(",")
    write_shards(
        Path(args.out),
        range(args.start, args.cards),
        args.shard,
        lambda i: crops_of(i, args.seed, families, conds, raw=args.raw),
    )


def main(argv: list[str] | None = None) -> None:
    shard_cli(argv, __doc__, card_crops, cards=4000, seed=1, shard=100)


def write_shards(out: Path, items: range, per_shard: int, rows_of, width: int = 6) -> None:
    """Write `rows_of(i)` for every i in `items` as pickled shards of `per_shard` items;
    shards already written are skipped (a run can resume), each lands by an atomic rename."""
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    for s0 in range(items.start, items.stop, per_shard):
        path = out / f"shard_{s0:0{width}d}.pkl"
        if path.exists():
            continue
        rows = [r for i in range(s0, min(items.stop, s0 + per_shard)) for r in rows_of(i)]
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.rename(path)
        print(f"{path.name}: {len(rows)} rows, {time.time() - t0:.0f}s", flush=True)


def load_shards(
    folders: str | Path, seen: set[str], rows: list, weights: list[float] | None = None
) -> None:
    """Append the rows of every shard not yet `seen` in the comma-separated `folders`.

    A folder written `path*w` has its rows drawn `w` times per pass (w may be fractional);
    the weights land in `weights` beside the rows."""
    for spec in str(folders).split(","):
        folder, _, w = spec.partition("*")
        for p in sorted(Path(folder).glob("shard_*.pkl")):
            if str(p) in seen:
                continue
            try:
                new = [r[:5] for r in pickle.loads(p.read_bytes())]
            except (EOFError, pickle.UnpicklingError):
                continue
            rows.extend(new)
            if weights is not None:
                weights.extend([float(w or 1)] * len(new))
            seen.add(str(p))


def epoch_order(weights: list[float], rng: random.Random) -> list[int]:
    """Row indices for one pass: each row ⌊w⌋ times, plus once more with probability
    w − ⌊w⌋; shuffled."""
    order = []
    for i, w in enumerate(weights):
        order += [i] * (int(w) + (rng.random() < w - int(w)))
    rng.shuffle(order)
    return order


if __name__ == "__main__":
    main()
