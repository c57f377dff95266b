"""The two recognisers and the text detector, held open and shared safely between threads.

- Text lines: RapidOCR's bundled PP-OCRv6 DB detector (ONNX, in the `rapidocr` wheel).
- Digits and Latin: RapidOCR's bundled PP-OCRv6 recogniser, with the CTC output masked to
  the characters a field can hold (no CJK look-alikes), and per-step alternatives kept for
  the checksum-aware ID search.
- Thai: Tesseract (tesserocr, Debian's `tha`/`eng` tessdata), one API object per thread.

onnxruntime sessions are thread-safe for `run()`; Tesseract APIs are not, hence
`threading.local`. Nothing is downloaded: the models come from the installed wheels.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # must precede the tesserocr import

import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

TESSDATA_CANDIDATES = (
    os.environ.get("TESSDATA_PREFIX", ""),
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)

DIGITS = "0123456789"
LATIN_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LATIN = LATIN_UPPER + LATIN_UPPER.lower()


def _rapidocr_models() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def tessdata_dir() -> str:
    for cand in TESSDATA_CANDIDATES:
        if cand and (Path(cand) / "tha.traineddata").is_file():
            return cand.rstrip("/") + "/"
    raise RuntimeError("Thai tessdata not found (install tesseract-ocr-tha)")


def _session(name: str):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.log_severity_level = 3
    # The CPU arena keeps the largest tensors it ever saw: a worker grew 330 → 760 MB over
    # 30 documents with it, and stayed flat at 475 MB without it (benchmarks/stream_memory.py).
    so.enable_cpu_mem_arena = False
    return ort.InferenceSession(
        str(_rapidocr_models() / name), sess_options=so, providers=["CPUExecutionProvider"]
    )


# ---------------------------------------------------------------- detector


class LineDetector:
    """DB text-line detector; `detect` returns quads in the input image's pixels."""

    def __init__(self) -> None:
        from rapidocr.ch_ppocr_det.utils import DBPostProcess

        self.sess = _session("PP-OCRv6_det_small.onnx")
        self.post = DBPostProcess(
            thresh=0.3,
            box_thresh=0.5,
            max_candidates=1000,
            unclip_ratio=1.6,
            use_dilation=True,
            score_mode="fast",
        )

    def detect(self, bgr: np.ndarray, max_side: int = 672) -> tuple[np.ndarray, np.ndarray]:
        h, w = bgr.shape[:2]
        ratio = max_side / max(h, w)
        rh = max(32, round(h * ratio / 32) * 32)
        rw = max(32, round(w * ratio / 32) * 32)
        img = cv2.resize(bgr, (rw, rh), interpolation=cv2.INTER_AREA)
        x = (img.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
        pred = self.sess.run(None, {"x": x})[0]
        boxes, scores = self.post(pred, (h, w))
        if len(boxes) == 0:
            return np.zeros((0, 4, 2), np.float32), np.zeros((0,), np.float32)
        return np.asarray(boxes, np.float32), np.asarray(scores, np.float32)


# ---------------------------------------------------------------- Latin / digit recogniser


@dataclass
class LatinRead:
    """A recognised line: text, mean character probability, and for each emitted character
    the top alternatives [(char, prob), ...] within the allowed set."""

    text: str
    confidence: float
    alternatives: list[list[tuple[str, float]]]


class LatinRecognizer:
    """PP-OCRv6 CTC recogniser restricted to an allowed character set per call."""

    def __init__(self) -> None:
        self.sess = _session("PP-OCRv6_rec_small.onnx")
        meta = self.sess.get_modelmeta().custom_metadata_map
        chars = meta["character"].splitlines()
        self.chars = ["", *chars, " "]  # CTC blank first, space last (as RapidOCR does)
        self.index = {c: i for i, c in enumerate(self.chars) if c}

    @cache  # noqa: B019  (one recogniser per process; the cache is keyed on the charset)
    def _mask(self, charset: str) -> np.ndarray:
        keep = [0, *sorted({self.index[c] for c in charset if c in self.index})]
        return np.asarray(keep, np.int64)

    def read(self, crops: list[np.ndarray], charset: str, top_k: int = 3) -> list[LatinRead]:
        """Read BGR line crops; characters outside `charset` are never emitted."""
        if not crops:
            return []
        keep = self._mask(charset)
        ratios = [c.shape[1] / max(1, c.shape[0]) for c in crops]
        # Pad only to the widest crop of the batch: cost grows with the padded width.
        width = int(min(2048, max(128, np.ceil((48 * max(ratios) + 64) / 8) * 8)))
        batch = np.zeros((len(crops), 3, 48, width), np.float32)
        for i, crop in enumerate(crops):
            rw = int(min(width, max(8, np.ceil(48 * ratios[i]))))
            img = cv2.resize(crop, (rw, 48), interpolation=cv2.INTER_LINEAR)
            batch[i, :, :, :rw] = (img.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)
        probs = self.sess.run(None, {"x": batch})[0][:, :, keep]
        probs = probs / np.maximum(probs.sum(axis=2, keepdims=True), 1e-9)
        out = []
        for p in probs:
            idx = p.argmax(axis=1)
            text: list[str] = []
            confs: list[float] = []
            alts: list[list[tuple[str, float]]] = []
            prev = 0
            for t, k in enumerate(idx):
                if k != 0 and k != prev:
                    text.append(self.chars[keep[k]])
                    confs.append(float(p[t, k]))
                    order = np.argsort(p[t])[::-1][: top_k + 1]
                    alts.append(
                        [(self.chars[keep[j]], float(p[t, j])) for j in order if j != 0][:top_k]
                    )
                prev = k
            conf = float(np.mean(confs)) if confs else 0.0
            out.append(LatinRead("".join(text), conf, alts))
        return out


# ---------------------------------------------------------------- Tesseract (Thai)

_local = threading.local()


def _tess(lang: str, psm: int, whitelist: str | None):
    import tesserocr

    apis = getattr(_local, "apis", None)
    if apis is None:
        apis = _local.apis = {}
    key = (lang, psm, whitelist)
    api = apis.get(key)
    if api is None:
        api = tesserocr.PyTessBaseAPI(
            path=tessdata_dir(), lang=lang, psm=psm, oem=tesserocr.OEM.LSTM_ONLY
        )
        if whitelist:
            api.SetVariable("tessedit_char_whitelist", whitelist)
        apis[key] = api
    return api


def read_thai(
    gray: np.ndarray, lang: str = "tha", psm: int = 7, whitelist: str | None = None
) -> tuple[str, float]:
    """Tesseract on one grey line crop → (text, confidence 0–1)."""
    from PIL import Image

    api = _tess(lang, psm, whitelist)
    api.SetImage(Image.fromarray(gray))
    text = api.GetUTF8Text() or ""
    conf = api.MeanTextConf()
    api.Clear()
    return text.strip(), max(0.0, min(1.0, conf / 100.0))


# ---------------------------------------------------------------- shared instances

_lock = threading.Lock()
_detector: LineDetector | None = None
_latin: LatinRecognizer | None = None


def detector() -> LineDetector:
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = LineDetector()
    return _detector


def latin() -> LatinRecognizer:
    global _latin
    if _latin is None:
        with _lock:
            if _latin is None:
                _latin = LatinRecognizer()
    return _latin
