"""Line crops cut by the engine itself, labelled from the synth truth, as training shards.

`data.py` imitates the engine's crops from the truth boxes; this module runs the real
engine (`pipeline.find_and_read`: card finder, rectification, orientation, the text-line
detector, the row joins) on each synthetic capture and keeps every line box the engine
made, plus every line it handed to the Thai reader. Each box is cropped exactly as the
CRNN sees it (`pipeline.line_crop`) and labelled with the printed words it covers: the
synth renderer records every word's ink box, mapped through the capture and the engine's
own rectification. A box that cuts a word in two (or holds nothing printed) is dropped.

    python -m tools.train_recognizer.engine_crops --out build/rec_data/engine --cards 2000 --seed 11
"""

from __future__ import annotations

import numpy as np

from thaiid_ops.engine import pipeline
from thaiid_ops.engine.recognizer import INPUT_H, normalize_label, prepare
from thaiid_ops.synth import conditions as C

from .data import captured_card, shard_cli

FULL, PART = 0.8, 0.2  # a word counts when ≥ FULL of it is inside; PART..FULL cuts it


class _Recorder:
    """Wraps the pipeline's Thai reader and row join to remember the lines they see."""

    def __init__(self) -> None:
        self.lines: list[tuple[np.ndarray, pipeline.Line]] = []
        self._read, self._join = pipeline._read_thai, pipeline._joined

    def __enter__(self) -> _Recorder:
        def read(img, lines, *a, **k):
            self.lines.extend((img, ln) for ln in lines)
            return self._read(img, lines, *a, **k)

        def join(img, ln, pool):
            out = self._join(img, ln, pool)
            self.lines.append((img, out))
            return out

        pipeline._read_thai, pipeline._joined = read, join
        return self

    def __exit__(self, *exc) -> None:
        pipeline._read_thai, pipeline._joined = self._read, self._join


def _words_in_rect(items, card_to_rect: np.ndarray) -> list[tuple]:
    """(word, x0, y0, x1, y1, field) of every printed word, in rectified-card pixels."""
    out = []
    for it in items:
        for word, (x0, y0, x1, y1) in it.words:
            pts = C.apply_h(card_to_rect, [[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
            box = (pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max())
            out.append((word, *box, it.field))
    return out


def line_label(ln: pipeline.Line, words) -> str | None:
    """The printed words inside the line box, left to right; None when the box cuts a word
    or holds none."""
    inside = []
    for word, x0, y0, x1, y1, *_ in words:
        cover = max(0.0, min(ln.x1, x1) - max(ln.x0, x0)) / max(1.0, x1 - x0)
        if cover <= PART:
            continue
        v = max(0.0, min(ln.y1, y1) - max(ln.y0, y0)) / max(1.0, y1 - y0)
        if v < 0.15:  # a neighbouring row peeking into the padding
            continue
        if v < 0.6 or cover < FULL:  # the box cuts the word
            return None
        inside.append((x0, y0, y1, word))
    for a in inside:  # two printed rows in one box
        for b in inside:
            if min(a[2], b[2]) - max(a[1], b[1]) < 0.3 * min(a[2] - a[1], b[2] - b[1]):
                return None
    if not inside:
        return None
    return normalize_label(" ".join(w for *_, w in sorted(inside)))


def _main_field(ln: pipeline.Line, words) -> str:
    """The truth field most of the line's printed characters belong to (values first)."""
    count: dict[str, int] = {}
    for word, x0, y0, x1, y1, field in words:
        if ln.x0 <= (x0 + x1) / 2 <= ln.x1 and ln.y0 <= (y0 + y1) / 2 <= ln.y1:
            weight = 1 if field.startswith("label:") else 4
            count[field] = count.get(field, 0) + len(word) * weight
    return max(count, key=lambda f: count[f]) if count else "?"


def engine_crops(i: int, seed: int, families, conds, raw: bool = False):
    """Yield (prepared crop uint8, label, field, font, condition) for card `i`; with `raw`,
    also the BGR crop the CRNN reads and the one the Latin reader reads."""
    _, family, cond, render, cap, page = captured_card(f"eng:{seed}:{i}", families, conds)
    with _Recorder() as rec:
        res = pipeline.find_and_read(page)
    if res is None:
        return
    card_to_rect = np.linalg.inv(res.rect.to_page) @ cap.H
    corner = C.apply_h(card_to_rect, [[0.0, 0.0]])[0]
    if np.hypot(*corner) > 40:  # the engine framed or turned the card wrongly
        return
    words = _words_in_rect(render.items, card_to_rect)
    seen = set()
    # Lines read on other frames (candidates the engine rejected) do not map to this one.
    for ln in [*res.lines, *(ln for img, ln in rec.lines if img is res.rect.image)]:
        key = (round(ln.x0), round(ln.y0), round(ln.x1), round(ln.y1))
        if key in seen:
            continue
        seen.add(key)
        label = line_label(ln, words)
        if label is None:
            continue
        field = _main_field(ln, words)
        crop = pipeline.line_crop(res.rect.image, ln)
        if crop.shape[0] < 6 or crop.shape[1] < 6:
            continue
        x = prepare(crop, INPUT_H)
        row = (((x + 1.0) * 127.5).astype(np.uint8), label, field, family, cond)
        if raw:
            latin = pipeline.line_crop(res.rect.image, ln, pad_y=0.12, pad_x=0.15)
            row = (*row, crop.copy(), latin.copy())
        yield row


def main(argv: list[str] | None = None) -> None:
    shard_cli(argv, __doc__, engine_crops, cards=2000, seed=11, shard=50)


if __name__ == "__main__":
    main()
