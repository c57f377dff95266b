"""The two recognisers and the text detector, held open and shared safely between threads.

- Text lines: RapidOCR's bundled PP-OCRv6 DB detector (ONNX, in the `rapidocr` wheel); on
  rectified cards OpenVINO may run it instead (`detector_backend`).
- Digits and Latin: RapidOCR's bundled PP-OCRv6 recogniser, with the CTC output masked to
  the characters a field can hold (no CJK look-alikes), and per-step alternatives kept for
  the checksum-aware ID search. The project's CRNN, cut to the same columns and decoded
  the same way, reads first (the default "cascade"; PP-OCR reads the lines it is unsure
  of), or stands in for it (`THAIID_LATIN_READER=crnn`).
- Thai: Tesseract (tesserocr, Debian's `tha`/`eng` tessdata), one API object per thread,
  beside the project's CRNN; optional (`tesseract_available`): without it the CRNN reads
  every Thai line alone.

onnxruntime sessions are thread-safe for `run()`; OpenVINO requests and Tesseract APIs
are not, hence `threading.local`. Nothing is downloaded: the models come from the
installed wheels.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # must precede the tesserocr import

import logging
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np

_log = logging.getLogger(__name__)

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


@cache
def _tesseract_installed() -> bool:
    try:
        import tesserocr  # noqa: F401

        tessdata_dir()
    except (ImportError, RuntimeError):
        _log.warning(
            "Tesseract's Thai reader is not installed (the `tesseract` extra and Debian's "
            "tesseract-ocr-tha): Thai lines are read by the CRNN alone"
        )
        return False
    return True


def tesseract_available() -> bool:
    """Whether Tesseract reads Thai beside the CRNN: tesserocr and the Thai tessdata are
    installed and `THAIID_TESSERACT` is not "off" (then the CRNN reads every Thai line)."""
    if os.environ.get("THAIID_TESSERACT", "").strip().lower() in ("off", "0", "no", "false"):
        return False
    return _tesseract_installed()


def _session(model: str | bytes):
    """A single-threaded CPU session on a bundled model (a file name) or model bytes."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.log_severity_level = 3
    # The CPU arena keeps the largest tensors it ever saw: a worker grew 330 → 760 MB over
    # 30 documents with it, and stayed flat at 475 MB without it (benchmarks/stream_memory.py).
    so.enable_cpu_mem_arena = False
    src = model if isinstance(model, bytes) else str(_rapidocr_models() / model)
    return ort.InferenceSession(src, sess_options=so, providers=["CPUExecutionProvider"])


# ---------------------------------------------------------------- detector

# Above this side one detection's activations take ~300 MB (at 1280 px): only one such run
# at a time, or two threads running it together set the process's peak memory (828 → 705
# MiB on a 120-file lake, same throughput; benchmarks/stream_memory.py).
LARGE_SIDE = 960
# The side a rectified card is detected at (CARD_W × CARD_H → 544 × 352 after rounding).
CARD_SIDE = 544
DETECTOR_MODEL = "PP-OCRv6_det_small.onnx"


def detector_backend() -> str:
    """Who runs the detector on rectified cards: "onnxruntime" (the default) or, with
    `THAIID_DETECTOR_BACKEND=openvino` and the `openvino` extra installed, OpenVINO: the
    same f32 model and the same boxes, a card's detection 3x faster on one core, for about
    145 MiB more peak memory (974 against 828 MiB on a 500-file lake; benchmarks/speed.py,
    benchmarks/stream_memory.py)."""
    if os.environ.get("THAIID_DETECTOR_BACKEND", "") != "openvino":
        return "onnxruntime"
    try:
        import openvino  # noqa: F401
    except ImportError:
        return "onnxruntime"
    return "openvino"


def _det_input(h: int, w: int, max_side: int) -> tuple[int, int]:
    """The detector's input size for an h × w image: scaled to `max_side`, sides rounded
    to multiples of 32."""
    ratio = max_side / max(h, w)
    return max(32, round(h * ratio / 32) * 32), max(32, round(w * ratio / 32) * 32)


class _OpenVinoSession:
    """An OpenVINO CPU model with onnxruntime's `run` call, compiled for one input shape
    (a static graph plans its buffers once: 95 MiB less than a dynamic one on a 200-file
    lake).
    One compiled model serves every thread: a stream of one inference thread per core,
    and a request per calling thread, since a request is not thread-safe."""

    def __init__(self, path: Path, shape: tuple[int, ...]) -> None:
        import openvino as ov

        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        core = ov.Core()
        model = core.read_model(str(path))
        model.reshape(list(shape))
        self.shape = shape
        self.model = core.compile_model(
            model,
            "CPU",
            {
                "NUM_STREAMS": cores,
                "INFERENCE_NUM_THREADS": cores,
                "INFERENCE_PRECISION_HINT": "f32",
                # Pinned, two threads' inferences ran on one core (1.02x on two).
                "ENABLE_CPU_PINNING": False,
            },
        )
        self._local = threading.local()

    def run(self, _outputs: None, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self.model.create_infer_request()
        out = request.infer(list(feed.values()))
        # The request's buffers are reused by its next inference.
        return [np.array(out[k], copy=True) for k in range(len(out))]


class LineDetector:
    """DB text-line detector; `detect` returns quads in the input image's pixels."""

    def __init__(self) -> None:
        from rapidocr.ch_ppocr_det.utils import DBPostProcess

        from .card import CARD_H, CARD_W

        self.sess = _session(DETECTOR_MODEL)
        # OpenVINO takes a rectified card's runs alone: kept for good, its buffers for
        # other shapes (860 MB after a 1280 × 1280 page) would outgrow onnxruntime's,
        # which are freed after each run.
        self.fast = (
            _OpenVinoSession(
                _rapidocr_models() / DETECTOR_MODEL, (1, 3, *_det_input(CARD_H, CARD_W, CARD_SIDE))
            )
            if detector_backend() == "openvino"
            else None
        )
        self._large = threading.Lock()
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
        rh, rw = _det_input(h, w, max_side)
        img = cv2.resize(bgr, (rw, rh), interpolation=cv2.INTER_AREA)
        x = (img.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
        if self.fast is not None and x.shape == self.fast.shape:
            pred = self.fast.run(None, {"x": x})[0]
        else:
            with self._large if max_side > LARGE_SIDE else nullcontext():
                pred = self.sess.run(None, {"x": x})[0]
        boxes, scores = self.post(pred, (h, w))
        if len(boxes) == 0:
            return np.zeros((0, 4, 2), np.float32), np.zeros((0,), np.float32)
        return np.asarray(boxes, np.float32), np.asarray(scores, np.float32)


# ---------------------------------------------------------------- Latin / digit recogniser


@dataclass
class LatinRead:
    """A recognised line: text, mean character probability, and for each emitted character
    the top alternatives [(char, prob), ...] within the allowed set. `probs` keeps the
    per-step probabilities over `UNION` so the line can be decoded again under another
    character set without running the model again."""

    text: str
    confidence: float
    alternatives: list[list[tuple[str, float]]]
    probs: np.ndarray | None = None
    fast: bool = False  # read by the cascade's first reader (PP-OCR may read it again)
    trust: float = 1.0  # the first reader's weakest character (see CrnnLatin.trusted)


# Every character any field reads; the model's output layer is cut to these (with the CTC
# blank), which leaves the restricted softmax exactly as before and skips 18,000 columns.
UNION = DIGITS + LATIN + ".,-/' "
MARGIN = 64  # blank columns right of a line: the CTC head drops the last glyph without it


def _sliced_model(path: Path, keep: list[int]) -> bytes:
    """The recogniser with its final projection (and softmax) restricted to `keep`."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    last = next(n for n in reversed(graph.node) if n.op_type == "MatMul")
    add = next(n for n in graph.node if n.op_type == "Add" and last.output[0] in n.input)
    names = {last.input[1], *(i for i in add.input if i != last.output[0])}
    for init in graph.initializer:
        if init.name in names:
            arr = numpy_helper.to_array(init)[..., keep]
            init.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(arr), init.name))
    out = graph.output[0].type.tensor_type.shape.dim
    if len(out) == 3:
        out[2].ClearField("dim_param")
        out[2].dim_value = len(keep)
    return model.SerializeToString()


class _CtcLatin:
    """Greedy CTC decoding under an allowed character set, over per-step probabilities
    whose column j is `chars[j]` (column 0 the blank). Subclasses provide `run`."""

    chars: list[str]
    index: dict[str, int]
    # Line crop padding (fractions of the line height) the model reads best.
    pad_y, pad_x = 0.12, 0.15

    def run(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        raise NotImplementedError

    @cache  # noqa: B019  (one recogniser per process; the cache is keyed on the charset)
    def _mask(self, charset: str) -> np.ndarray:
        keep = [0, *sorted({self.index[c] for c in charset if c in self.index})]
        return np.asarray(keep, np.int64)

    def decode(self, probs: np.ndarray, charset: str, top_k: int = 3) -> LatinRead:
        """Greedy CTC decoding of `run`'s output with only `charset` allowed."""
        keep = self._mask(charset)
        p = probs[:, keep]
        p = p / np.maximum(p.sum(axis=1, keepdims=True), 1e-9)
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
        return LatinRead("".join(text), conf, alts, probs)

    def read(self, crops: list[np.ndarray], charset: str, top_k: int = 3) -> list[LatinRead]:
        """Read BGR line crops; characters outside `charset` are never emitted."""
        return [self.decode(p, charset, top_k) for p in self.run(crops)]


class LatinRecognizer(_CtcLatin):
    """PP-OCRv6 CTC recogniser restricted to an allowed character set per call."""

    def __init__(self) -> None:
        path = _rapidocr_models() / "PP-OCRv6_rec_small.onnx"
        import onnxruntime as ort

        meta = (
            ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
            .get_modelmeta()
            .custom_metadata_map
        )
        chars = ["", *meta["character"].splitlines(), " "]  # blank first, space last
        index = {c: i for i, c in enumerate(chars) if c}
        # Columns in UNION order, like CrnnLatin's: one reader's probabilities decode with
        # the other's `decode`, so a line's reading may come from either.
        keep = [0, *(index[c] for c in UNION if c in index)]
        try:
            self.sess = _session(_sliced_model(path, keep))
            self._cols: np.ndarray | None = None
        except ImportError:  # no `onnx`: run the whole head and select the columns after
            self.sess = _session(path.name)
            self._cols = np.asarray(keep, np.int64)
        self.chars = [chars[k] for k in keep]  # column j of the output → character
        self.index = {c: i for i, c in enumerate(self.chars) if c}

    def run(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        """Per-step probabilities over `UNION` (blank first) for each BGR line crop.

        Crops of similar width share a batch: the cost grows with the padded width."""
        out: list[np.ndarray | None] = [None] * len(crops)
        widths = [
            int(max(8, np.ceil(48 * c.shape[1] / max(1, c.shape[0])))) if c.size else 8
            for c in crops
        ]
        order = sorted(range(len(crops)), key=lambda i: widths[i])
        i = 0
        while i < len(order):
            j = i + 1
            while j < len(order) and widths[order[j]] <= widths[order[i]] * 1.12 + 8:
                j += 1
            group = order[i:j]
            i = j
            width = int(min(2048, np.ceil((max(widths[k] for k in group) + MARGIN) / 8) * 8))
            batch = np.zeros((len(group), 3, 48, width), np.float32)
            for b, k in enumerate(group):
                if crops[k].size == 0:
                    continue
                rw = min(width, widths[k])
                img = cv2.resize(crops[k], (rw, 48), interpolation=cv2.INTER_LINEAR)
                batch[b, :, :, :rw] = (img.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)
            probs = self.sess.run(None, {"x": batch})[0]
            if self._cols is not None:
                probs = probs[:, :, self._cols]
            for b, k in enumerate(group):
                steps = min(probs.shape[1], int(np.ceil((widths[k] + MARGIN) / 8)))
                out[k] = probs[b, :steps]
        return out  # type: ignore[return-value]


class CrnnLatin(_CtcLatin):
    """The project's CRNN (engine/recognizer.py) as the Latin and digit reader: its
    output columns cut to `UNION`, decoded and searched exactly like PP-OCR's."""

    # The CRNN's training crop: pipeline.line_crop's defaults, so the cascade reuses the
    # line's own CRNN reading (pipeline._crnn_reads) instead of running the model again.
    pad_y, pad_x = 0.32, 0.25

    def __init__(self) -> None:
        from . import recognizer

        self.rec = recognizer.recognizer()
        keep = [0, *(self.rec.index[c] for c in UNION if c in self.rec.index)]
        self._cols = np.asarray(keep, np.int64)
        self.chars = [self.rec.chars[k] for k in keep]
        self.index = {c: i for i, c in enumerate(self.chars) if c}
        self._union = set(self.chars[1:])

    def run(self, crops: list[np.ndarray]) -> list[np.ndarray]:
        return [p[:, self._cols] for p in self.rec.run(crops)]

    def trusted(self, full: np.ndarray) -> tuple[np.ndarray, float]:
        """The CRNN's per-step probabilities over its whole alphabet (`LineRead.probs`)
        → (`run`'s columns, the line's trust): the weakest character of the model's own
        best path; -1 when that path holds a character outside UNION (a Thai line) or
        nothing at all, so that no trust accepts it."""
        idx = full.argmax(axis=1)
        emit = (idx != 0) & np.r_[True, idx[1:] != idx[:-1]]
        best = full[np.arange(len(idx)), idx][emit]
        ok = emit.any() and all(self.rec.chars[k] in self._union for k in idx[emit])
        return full[:, self._cols], float(best.min()) if ok else -1.0


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
_latin: _CtcLatin | None = None
_fast: CrnnLatin | None = None
# The Latin and digit reader: "ppocr" (RapidOCR's PP-OCRv6), "crnn" (the project's own
# model) or "cascade" (the CRNN first; PP-OCR reads the lines it is unsure of, Thai lines,
# English names, laser codes, and what a rule rejects); THAIID_LATIN_READER overrides.
# Chosen on benchmarks/accuracy.py --compare default@ppocr,default@cascade (seeds 4242,
# 5151: the same fields right, 119 of 1,237 and 72 of 925 wrong either way) and
# benchmarks/speed.py (0.417 → 0.384 s per image on one core).
LATIN_READER = "cascade"
# The cascade keeps the CRNN's reading when its weakest character is at least this likely
# (THAIID_LATIN_TRUST overrides). 0.7 lost 4 date fields on seed 5151 (a date line read
# surely enough, but wrong, was taken for another line).
LATIN_TRUST = 0.9


def detector() -> LineDetector:
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = LineDetector()
    return _detector


def latin_reader() -> str:
    """The Latin reader in use ("ppocr" or "crnn"); PP-OCR when the CRNN file is missing."""
    from . import recognizer

    choice = os.environ.get("THAIID_LATIN_READER", "") or LATIN_READER
    if choice in ("crnn", "cascade") and recognizer.available():
        return choice
    return "ppocr"


def latin_trust() -> float:
    return float(os.environ.get("THAIID_LATIN_TRUST", "") or LATIN_TRUST)


def latin() -> _CtcLatin:
    global _latin
    if _latin is None:
        with _lock:
            if _latin is None:
                _latin = CrnnLatin() if latin_reader() == "crnn" else LatinRecognizer()
    return _latin


def fast_latin() -> CrnnLatin | None:
    """The cascade's first reader (the CRNN), or None when the cascade is off."""
    global _fast
    if latin_reader() != "cascade":
        return None
    if _fast is None:
        with _lock:
            if _fast is None:
                _fast = CrnnLatin()
    return _fast
