"""Quantize the CRNN line recogniser to int8 (ONNX QDQ, convolutions only), calibrated on
the line crops the engine really feeds it.

    python -m tools.quantize_models --cards 24 --seed 4242 --draw 0

1. The engine reads `--cards` synthetic cards (all capture conditions, both sides) with the
   float model, and every batch of line crops the CRNN is given is kept (`--keep` of them,
   drawn by `--draw`). The crops are the engine's: another engine version cuts other ones
   and makes another file.
2. onnxruntime's static quantizer: Conv weights int8 per output channel (7 bits of range
   unless `--full-range`: x86 CPUs without VNNI sum two uint8 × int8 products in 16 bits
   with saturation, and 8-bit weights then read differently there than on other CPUs),
   activations uint8 per tensor from the min/max seen in calibration. Only the convolutions
   (81% of the model's time) are quantized; the BiLSTM and the head stay float. The metadata (charset,
   input height, width scale) is carried over.
3. How often the int8 greedy reading equals the float one on the calibration crops is
   printed.

Deterministic for a given engine, seed and draw. Needs `onnx` (a runtime dependency).
RapidOCR's detector and Latin recogniser were quantized the same way and dropped: their
int8 copies moved line boxes and readings enough to lose fields (MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from pathlib import Path

os.environ["THAIID_INT8"] = "0"  # calibrate on the float model's own inputs

import numpy as np
import onnx
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.shape_inference import quant_pre_process

import thaiid_ops
from thaiid_ops.engine import recognizer
from thaiid_ops.synth import generate


class _Recorder:
    """Stands in for an onnxruntime session and keeps every input it is given."""

    def __init__(self, sess) -> None:
        self.sess = sess
        self.seen: list[np.ndarray] = []

    def run(self, names, feeds, *args, **kwargs):
        self.seen.append(feeds["x"].copy())
        return self.sess.run(names, feeds, *args, **kwargs)


class _Feeds(CalibrationDataReader):
    def __init__(self, tensors: list[np.ndarray]) -> None:
        self._it = iter(tensors)

    def get_next(self) -> dict[str, np.ndarray] | None:
        x = next(self._it, None)
        return None if x is None else {"x": x}


def capture(cards: int, seed: int, keep: int, draw: int) -> list[np.ndarray]:
    """`keep` of the CRNN's input batches (drawn by `draw`) while the engine reads `cards`
    synthetic cards of `seed`."""
    rec = recognizer.recognizer()
    tap = _Recorder(rec.sessions[0])
    rec.sessions[0] = tap  # type: ignore[assignment]
    try:
        for sample in generate(cards, seed):
            thaiid_ops.extract(sample.image)
    finally:
        rec.sessions[0] = tap.sess
    chosen = list(tap.seen)
    random.Random(draw).shuffle(chosen)
    return chosen[:keep]


def quantize(src: Path, feeds: list[np.ndarray], out: Path, reduce_range: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pre = Path(tmp) / "pre.onnx"
        quant_pre_process(str(src), str(pre), skip_symbolic_shape=True)
        quantize_static(
            str(pre),
            str(out),
            _Feeds(feeds),
            quant_format=QuantFormat.QDQ,
            op_types_to_quantize=["Conv"],
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=reduce_range,
            calibrate_method=CalibrationMethod.MinMax,
        )
    q, meta = onnx.load(str(out)), onnx.load(str(src)).metadata_props
    del q.metadata_props[:]
    q.metadata_props.extend(meta)
    p = q.metadata_props.add()
    p.key, p.value = (
        "quantized",
        "int8 QDQ, Conv only, per-channel weights, MinMax"
        + (", 7-bit weights" if reduce_range else ""),
    )
    onnx.save(q, str(out))


def agreement(src: Path, out: Path, feeds: list[np.ndarray]) -> tuple[int, int]:
    """(crops whose greedy reading is unchanged, crops)."""
    a, b = recognizer.LineRecognizer(src), recognizer.LineRecognizer(out)
    same = total = 0
    for x in feeds:
        pa, pb = a.sessions[0].run(None, {"x": x})[0], b.sessions[0].run(None, {"x": x})[0]
        for i in range(len(x)):
            same += a._decode(pa[i]).text == b._decode(pb[i]).text
            total += 1
    return same, total


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cards", type=int, default=24)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--keep", type=int, default=300, help="calibration batches")
    ap.add_argument("--draw", type=int, default=0, help="seed of the batches' draw")
    ap.add_argument("--src", type=Path, default=recognizer.MODEL_PATH)
    ap.add_argument("--out", type=Path, default=recognizer.MODEL_INT8_PATH)
    ap.add_argument(
        "--full-range",
        action="store_true",
        help="8-bit weights: read alike only on CPUs with VNNI (others saturate)",
    )
    args = ap.parse_args(argv)
    feeds = capture(args.cards, args.seed, args.keep, args.draw)
    quantize(args.src, feeds, args.out, reduce_range=not args.full_range)
    same, total = agreement(args.src, args.out, feeds)
    print(
        f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB, calibrated on {len(feeds)} "
        f"batches; greedy reading unchanged on {same}/{total} crops"
    )


if __name__ == "__main__":
    main()
