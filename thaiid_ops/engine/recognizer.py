"""The project's own Thai + Latin line recogniser: a small CRNN (CNN + BiLSTM + CTC) in ONNX.

Trained on engine-style line crops from the synth factory (tools/train_recognizer/); the
model file and its card live in `thaiid_ops/engine/models/`. Inference needs only
onnxruntime, numpy and OpenCV. One session is shared by all threads (`run()` is
thread-safe) and each call runs single-threaded, so throughput scales with cores.

    rec = recognizer()
    for text, probs in rec.recognize(crops):   # crops: BGR or grey line crops
        ...                                    # probs[i] is the probability of text[i]
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

MODEL_DIR = Path(__file__).parent / "models"
MODEL_PATH = MODEL_DIR / "thai_crnn.onnx"
# Its int8 copy (tools/quantize_models.py): convolutions quantized with 7-bit weights, twice
# as fast on one core, opt-in (`int8`). An 8-bit copy read differently per CPU: x86 CPUs
# without VNNI sum two uint8 × int8 products in 16 bits with saturation, and it read 4,784
# of the benchmark's 4,933 fields there against the float model's 4,847.
MODEL_INT8_PATH = MODEL_DIR / "thai_crnn_int8.onnx"
INPUT_H = 32
# Lines are stretched this much in width before the CNN: Thai stacks up to three code
# points in one glyph column, and CTC needs a time step (4 input columns) for each.
WIDTH_SCALE = 1.6
MAX_W = 1600
MIN_W = 16

# The model's output alphabet (index 0 is the CTC blank). Thai letters, vowels, tone marks
# and digits; Latin letters and digits; the punctuation printed on cards.
THAI = "".join(chr(c) for c in range(0x0E01, 0x0E3B)) + "".join(
    chr(c) for c in range(0x0E3F, 0x0E5C)
)
ASCII = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,-/()':"
CHARSET = THAI.replace("\u0e33", "") + "\u0e33" + ASCII  # SARA AM once, at a fixed place


def normalize_label(text: str) -> str:
    """NFC, NIKHAHIT + SARA AA (`ํา`) → SARA AM (`ำ`), single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return " ".join(text.split())


def prepare(crop: np.ndarray, height: int = INPUT_H, width_scale: float = 1.0) -> np.ndarray:
    """A BGR/grey line crop → float32 (height, W) in [-1, 1], contrast-stretched.

    Shared by training and inference so both see exactly the same input; training
    shards hold `width_scale=1` crops and the stretch is applied when batching."""
    if crop.ndim == 3:
        crop = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    h, w = crop.shape[:2]
    if h == 0 or w == 0:
        return np.zeros((height, MIN_W), np.float32)
    nw = int(min(MAX_W, max(MIN_W, round(w * height / h * width_scale))))
    img = cv2.resize(crop, (nw, height), interpolation=cv2.INTER_AREA if h > height else 1)
    img = img.astype(np.float32)
    lo, hi = np.percentile(img, (2, 98))
    img = (img - lo) / max(hi - lo, 16.0)
    return (np.clip(img, 0.0, 1.0) * 2.0 - 1.0).astype(np.float32)


@dataclass
class LineRead:
    """A recognised line: text and, for each character, its probability."""

    text: str
    char_probs: list[float]
    probs: np.ndarray | None = None  # per-step softmax (T, classes), for rescoring
    # `LineRecognizer.scores` already computed for `probs` (the array it holds, so one
    # swapped in later starts afresh): the repairs weigh the same candidates many times.
    _scored: tuple[np.ndarray | None, dict[str, float]] = field(
        default_factory=lambda: (None, {}), repr=False, compare=False
    )

    @property
    def confidence(self) -> float:
        return float(np.mean(self.char_probs)) if self.char_probs else 0.0

    def __iter__(self):  # unpacks as (text, char_probs)
        return iter((self.text, self.char_probs))

    def __repr__(self) -> str:  # no recognised text in reprs (PDPA)
        return f"LineRead({len(self.text)} chars, conf={self.confidence:.2f})"


class LineRecognizer:
    """CRNN line recogniser over `CHARSET`; batches crops of similar width. Given several
    model files (trained alike: same charset, height and width scale), it averages their
    per-step probabilities (an ensemble)."""

    def __init__(self, path: str | Path | list[Path] = MODEL_PATH) -> None:
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.log_severity_level = 3
        paths = path if isinstance(path, list) else [Path(path)]
        self.sessions = [
            ort.InferenceSession(str(p), sess_options=so, providers=["CPUExecutionProvider"])
            for p in paths
        ]
        metas = [s.get_modelmeta().custom_metadata_map for s in self.sessions]
        keys = ("charset", "input_height", "width_scale")
        if any(m.get(k) != metas[0].get(k) for m in metas[1:] for k in keys):
            raise ValueError("ensemble members differ in charset, height or width scale")
        meta = metas[0]
        chars = json.loads(meta["charset"]) if "charset" in meta else list(CHARSET)
        self.chars = ["", *chars]
        self.index = {c: k for k, c in enumerate(self.chars) if c}
        self.height = int(meta.get("input_height", INPUT_H))
        self.width_scale = float(meta.get("width_scale", 1.0))

    def run(self, crops: list[np.ndarray], batch: int = 16) -> list[np.ndarray]:
        """Per-step softmax (T, classes) for each line crop (BGR or grey), in order."""
        prepared = [prepare(c, self.height, self.width_scale) for c in crops]
        out: list[np.ndarray | None] = [None] * len(crops)
        order = sorted(range(len(prepared)), key=lambda i: prepared[i].shape[1])
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            width = max(prepared[i].shape[1] for i in idx)
            width = int(np.ceil(width / 4) * 4)
            x = np.full((len(idx), 1, self.height, width), -1.0, np.float32)
            for j, i in enumerate(idx):
                p = prepared[i]
                x[j, 0, :, : p.shape[1]] = p
                x[j, 0, :, p.shape[1] :] = p[:, -1:].mean()  # pad with the background
            probs = self.sessions[0].run(None, {"x": x})[0]  # (N, T, C) softmax
            for sess in self.sessions[1:]:
                probs = probs + sess.run(None, {"x": x})[0]
            if len(self.sessions) > 1:
                probs /= len(self.sessions)
            for j, i in enumerate(idx):
                out[i] = probs[j, : max(1, int(np.ceil(prepared[i].shape[1] / 4)))]
        return out  # type: ignore[return-value]

    def recognize(self, crops: list[np.ndarray], batch: int = 16) -> list[LineRead]:
        """Read line crops (BGR or grey); one LineRead per crop, in order."""
        out = []
        for p in self.run(crops, batch):
            read = self._decode(p)
            read.probs = p
            out.append(read)
        return out

    def score(self, read: LineRead, text: str) -> float:
        """Log-likelihood of `text` under the model's output for the line `read` came from
        (CTC forward algorithm): how well the pixels support another reader's candidate."""
        return float(self.scores(read, [text])[0])

    def scores(self, read: LineRead, texts: list[str]) -> np.ndarray:
        """`score` for many texts at once (-inf for a text outside the alphabet).

        Each text's score is remembered on `read`: a text's forward sum does not depend
        on the others scored with it, so a remembered one is the same to the bit."""
        if read.probs is None:
            return np.full(len(texts), -np.inf)
        held, known = read._scored
        if held is not read.probs:
            known = {}
            read._scored = (read.probs, known)
        new = [t for t in dict.fromkeys(texts) if t not in known]
        if new:
            seqs = [[self.index.get(c) for c in normalize_label(t)] for t in new]
            ok = [i for i, q in enumerate(seqs) if all(k is not None for k in q)]
            got = np.full(len(new), -np.inf)
            if ok:
                got[ok] = ctc_log_likelihoods(read.probs, [seqs[i] for i in ok])  # type: ignore[misc]
            known.update(zip(new, got.tolist(), strict=True))
        return np.array([known[t] for t in texts], np.float64)

    def alternatives(
        self, read: LineRead, sure: float = 0.95, spots: int = 6, top: int = 2
    ) -> list[tuple[str, float]]:
        """Readings one or two edits from the model's best path, each with its CTC
        log-likelihood (the best path's own reading first): at its `spots` least sure
        characters (below `sure`) another of the `top` likeliest characters or none, a
        character where a blank won narrowly, and a space moved by one character."""
        p = read.probs
        if p is None:
            return []
        best = p.argmax(axis=1)
        emits = _emissions(p, best)
        seq = [k for _, k in emits]
        edits: list[list[tuple[int, int | None, bool]]] = []  # (position, class, insert)
        weak = sorted(
            (i for i, (t, k) in enumerate(emits) if p[t, k] < sure),
            key=lambda i: p[emits[i][0], emits[i][1]],
        )
        for i in weak[:spots]:
            t, k = emits[i]
            order = [int(j) for j in np.argsort(p[t])[::-1] if j not in (0, k)][:top]
            edits.append([(i, j, False) for j in order if p[t, j] > 0.01] + [(i, None, False)])
        # A character the blank outvoted: inserted before the next emitted character.
        gaps = [t for t in range(len(best)) if best[t] == 0]
        second = {t: int(np.argsort(p[t])[-2]) for t in gaps}
        near = sorted((t for t in gaps if p[t, second[t]] > 0.1), key=lambda t: -p[t, second[t]])
        for t in near[:spots]:
            i = next((n for n, (tt, _) in enumerate(emits) if tt > t), len(emits))
            edits.append([(i, second[t], True)])
        cands: list[list[int]] = [seq]

        def apply(base: list[int], ops: list[tuple[int, int | None, bool]]) -> list[int]:
            out = list(base)
            for i, j, insert in sorted(ops, key=lambda o: -o[0]):
                if insert:
                    out.insert(i, j)  # type: ignore[arg-type]
                elif j is None:
                    del out[i]
                else:
                    out[i] = j
            return out

        for a in range(len(edits)):
            for op in edits[a]:
                cands.append(apply(seq, [op]))
                for b in range(a + 1, len(edits)):
                    for op2 in edits[b]:
                        if op2[0] != op[0]:
                            cands.append(apply(seq, [op, op2]))
        space = self.index.get(" ")
        for i, k in enumerate(seq):
            if k == space:
                for j in (i - 1, i + 1):
                    if 0 <= j < len(seq) and seq[j] != space:
                        moved = list(seq)
                        moved[i], moved[j] = moved[j], moved[i]
                        cands.append(moved)
        lls = ctc_log_likelihoods(p, cands)
        out: dict[str, float] = {}
        for c, ll in zip(cands, lls, strict=True):
            text = _normalized([self.chars[k] for k in c], [1.0] * len(c)).text
            out[text] = max(out.get(text, -np.inf), float(ll))
        return list(out.items())

    def word_search(
        self,
        read: LineRead,
        word: int,
        cost: Callable[[str], float],
        weight: float,
        slack: float,
        also: tuple[str, ...] = (),
        rounds: int = 3,
        beam: int = 3,
        keep: int = 40,
    ) -> dict[str, float]:
        """Spellings of the line's `word`-th word (0-based, negative from the end) up to
        `rounds` edits away that the pixels allow, searched toward a low `cost`: each round
        tries, on the `beam` best so far (log-likelihood − `weight` · cost), every
        character the model gave a chance within `slack` at a character's steps or between
        two characters (deletions too), and judges the `keep` likeliest within `slack` nats of
        the word as read. Returns every judged spelling (the word itself and `also`
        included) with its log-likelihood over the word's own steps."""
        p = read.probs
        if p is None:
            return {}
        emits = _emissions(p, p.argmax(axis=1))
        space = self.index.get(" ")
        groups: list[list[int]] = [[]]
        for i, (_, k) in enumerate(emits):
            if k == space:
                groups.append([])
            else:
                groups[-1].append(i)
        groups = [g for g in groups if g]
        try:
            g = groups[word]
        except IndexError:
            return {}
        t0 = emits[g[0] - 1][0] + 1 if g[0] > 0 else 0
        t1 = emits[g[-1] + 1][0] if g[-1] + 1 < len(emits) else len(p)
        window = p[t0:t1]
        skip = {0, space}
        floor = float(np.exp(-slack))

        def text_of(seq: tuple[int, ...]) -> str:
            return _normalized([self.chars[k] for k in seq], [1.0] * len(seq)).text

        def likely(probs: np.ndarray, but: set[int]) -> list[int]:
            order = np.argsort(probs)[::-1][: 6 + len(but)]
            return [int(j) for j in order if probs[j] > floor and int(j) not in but]

        def edits(pairs: tuple[tuple[int, int], ...]):
            for i, (f, k) in enumerate(pairs):
                yield pairs[:i] + pairs[i + 1 :]
                for j in likely(window[max(f - 1, 0) : f + 2].max(axis=0), skip | {k}):
                    yield (*pairs[:i], (f, j), *pairs[i + 1 :])
            for i in range(len(pairs) + 1):
                lo = pairs[i - 1][0] if i > 0 else 0
                hi = pairs[i][0] + 1 if i < len(pairs) else len(window)
                near = {pairs[n][1] for n in (i - 1, i) if 0 <= n < len(pairs)}
                span = window[lo:hi]
                for j in likely(span.max(axis=0), skip | near):
                    yield (*pairs[:i], (lo + int(span[:, j].argmax()), j), *pairs[i:])

        start = tuple((emits[i][0] - t0, emits[i][1]) for i in g)
        seqs = [tuple(k for _, k in start)]
        for extra in also:
            labels = [self.index.get(c) for c in normalize_label(extra)]
            if labels and all(k is not None and k not in skip for k in labels):
                seqs.append(tuple(labels))  # type: ignore[arg-type]
        lls = ctc_log_likelihoods(window, [list(q) for q in seqs])
        seen = set(seqs)
        found = {text_of(q): float(ll) for q, ll in zip(seqs, lls, strict=True)}
        floor_ll = float(lls[0]) - slack
        ranked = [(float(lls[0]) - weight * cost(text_of(seqs[0])), start)]
        for _ in range(rounds):
            fresh: dict[tuple[int, ...], tuple[tuple[int, int], ...]] = {}
            for _, pairs in ranked[:beam]:
                for new in edits(pairs):
                    key = tuple(k for _, k in new)
                    if key and key not in seen:
                        fresh.setdefault(key, new)
            if not fresh:
                break
            seen.update(fresh)
            keys = list(fresh)
            lls = ctc_log_likelihoods(window, [list(q) for q in keys])
            best = sorted(
                ((float(ll), q) for q, ll in zip(keys, lls, strict=True) if ll >= floor_ll),
                reverse=True,
            )[:keep]
            if not best:
                break
            for ll, q in best:
                text = text_of(q)
                found[text] = max(found.get(text, -np.inf), ll)
                ranked.append((ll - weight * cost(text), fresh[q]))
            ranked.sort(key=lambda r: -r[0])
        return found

    def best_of_shape(self, read: LineRead, slots: list[str]) -> tuple[str, float] | None:
        """The likeliest path through the model's output that spells a text of the given
        shape (`slots`: the characters allowed at each position, e.g. a digit or "-"):
        the text, and its CTC log-likelihood. None without output, or if the line's steps
        cannot hold the shape."""
        return self.best_of_shapes(read, [slots])[0]

    def best_of_shapes(
        self, read: LineRead, shapes: list[list[str]]
    ) -> list[tuple[str, float] | None]:
        """`best_of_shape` for each of `shapes` over one line's output, in one pass over its
        steps: each shape's search is its own (a shape's result does not depend on the
        others), the Python loop is shared."""
        p = read.probs
        out: list[tuple[str, float] | None] = [None] * len(shapes)
        if p is None:
            return out
        live, ks = [], []
        for b, slots in enumerate(shapes):
            k = [[self.index[c] for c in s if c in self.index] for s in slots]
            if slots and len(slots) <= p.shape[0] and all(k):
                live.append(b)
                ks.append(k)
        if not live:
            return out
        paths = _best_paths(p, ks)
        lls = ctc_log_likelihoods(p, paths)
        for b, path, ll in zip(live, paths, lls, strict=True):
            out[b] = "".join(self.chars[k] for k in path), float(ll)
        return out

    def _decode(self, p: np.ndarray) -> LineRead:
        emits = _emissions(p, p.argmax(axis=1))
        return _normalized([self.chars[k] for _, k in emits], [float(p[t, k]) for t, k in emits])


def _emissions(p: np.ndarray, best: np.ndarray) -> list[tuple[int, int]]:
    """The best path's characters as (the step where the character peaks, class)."""
    out: list[tuple[int, int]] = []
    prev = 0
    for t, k in enumerate(best.tolist()):
        if k != 0 and k != prev:
            out.append((t, k))
        elif k != 0 and p[t, k] > p[out[-1][0], k]:
            out[-1] = (t, k)
        prev = k
    return out


def _best_paths(p: np.ndarray, shapes: list[list[list[int]]]) -> list[list[int]]:
    """For each shape (per position, the classes allowed there), the classes of the
    likeliest CTC path through `p` that spells a text of that shape (Viterbi), the shapes
    searched side by side: a shape with fewer positions or classes is padded with states
    no path enters."""
    steps, count = p.shape[0], len(shapes)
    n = max(len(k) for k in shapes)
    width = max(len(c) for k in shapes for c in k)
    cls = np.zeros((count, n, width), np.int64)
    ok = np.zeros((count, n, width), bool)
    for b, k in enumerate(shapes):
        for i, c in enumerate(k):
            cls[b, i, : len(c)], ok[b, i, : len(c)] = c, True
    logs = np.log(np.maximum(p, 1e-30))
    ninf = -np.inf
    blank = np.full((count, n + 1), ninf)  # the blank before position i (i == n: after the last)
    slot = np.full((count, n, width), ninf)  # position i emitting its class j
    blank[:, 0] = logs[0, 0]
    slot[:, 0] = np.where(ok[:, 0], logs[0, cls[:, 0]], ninf)
    # Back-pointers per step: a position stays, comes from its blank, or from the position
    # before (another class only: CTC needs a blank between two equal characters).
    b_from = np.zeros((steps, count, n + 1), bool)  # True: from the position before
    b_cls = np.zeros((steps, count, n + 1), np.int16)  # (a class's column: < width)
    s_from = np.zeros((steps, count, n, width), np.int8)  # 0 stay, 1 blank, 2 position before
    s_cls = np.zeros((steps, count, n, width), np.int16)
    emit = logs[:, cls]  # (steps, count, n, width)
    # The first position has no position before it: its entries stay -inf (and 0).
    prev = np.full((count, n, width), ninf)
    prev_j = np.zeros((count, n, width), np.int64)
    for t in range(1, steps):
        best_j = slot.argmax(axis=2)
        best_v = np.take_along_axis(slot, best_j[..., None], axis=2)[..., 0]
        take = best_v > blank[:, 1:]
        new_blank = blank.copy()
        new_blank[:, 1:] = np.where(take, best_v, blank[:, 1:])
        b_from[t, :, 1:], b_cls[t, :, 1:] = take, best_j
        new_blank += logs[t, 0]
        # The position before's best class other than this one (its best two: the first
        # of equals first, as a stable sort orders them).
        if n > 1:
            before = slot[:, :-1]
            first = before.argmax(axis=2)
            if width > 1:
                rest = before.copy()
                np.put_along_axis(rest, first[..., None], ninf, axis=2)
                second = rest.argmax(axis=2)
                # (no second finite class: the sort's order among the -inf ones is moot)
            else:
                second = first
            first_cls = np.take_along_axis(cls[:, :-1], first[..., None], axis=2)
            same = cls[:, 1:] == first_cls
            prev_j[:, 1:] = np.where(same, second[..., None], first[..., None])
            prev[:, 1:] = np.take_along_axis(before, prev_j[:, 1:], axis=2)
            prev_cls = np.take_along_axis(cls[:, :-1], prev_j[:, 1:], axis=2)
            prev[:, 1:][cls[:, 1:] == prev_cls] = ninf
        src = np.stack([slot, np.broadcast_to(blank[:, :-1, None], slot.shape), prev])
        s_from[t], s_cls[t] = src.argmax(axis=0), prev_j
        slot = np.where(ok, src.max(axis=0) + emit[t], ninf)
        blank = new_blank
    paths = []
    for b, k in enumerate(shapes):  # each path ends on its last position or the blank after
        last = len(k) - 1
        j = int(slot[b, last].argmax())
        kind, i = ("s", last) if slot[b, last, j] >= blank[b, last + 1] else ("b", last + 1)
        path = [0] * len(k)
        for t in range(steps - 1, 0, -1):
            if kind == "s":
                path[i] = int(cls[b, i, j])
                f = s_from[t, b, i, j]
                if f == 1:
                    kind = "b"
                elif f == 2:
                    i, j = i - 1, int(s_cls[t, b, i, j])
            elif b_from[t, b, i]:
                kind, i, j = "s", i - 1, int(b_cls[t, b, i])
        if kind == "s":
            path[i] = int(cls[b, i, j])
        paths.append(path)
    return paths


def ctc_log_likelihoods(probs: np.ndarray, label_seqs: list[list[int]]) -> np.ndarray:
    """log P(labels | probs) for CTC with blank 0, for many label sequences over one
    output (`probs`, (T, classes) softmax) at once: one pass over the time steps for all
    of them, so scoring a row's candidate edits costs about as much as scoring one."""
    t_len = probs.shape[0]
    out = np.full(len(label_seqs), -np.inf)
    live = []
    for i, lab in enumerate(label_seqs):
        if not lab:
            out[i] = float(np.log(np.maximum(probs[:, 0], _FLOOR)).sum())  # blanks only
        elif len(lab) <= t_len:
            live.append(i)
    if not live:
        return out
    seqs = [label_seqs[i] for i in live]
    ll = _ctc_scaled(probs, seqs)
    # Far below any reading worth weighing, the scaled sums may have flushed a state that
    # still mattered: those few are summed again in log space.
    redo = np.flatnonzero(~(ll >= _SCALED_FLOOR))
    if len(redo):
        ll[redo] = _ctc_log_space(probs, [seqs[r] for r in redo])
    out[live] = ll
    return out


_FLOOR = 1e-30  # a class's least probability (log: -69 nats a step)
# Rescaled every _RESCALE steps, a row's largest state stays above 1e-30^4 = 1e-120, so a
# state is flushed only below 1e-188 of it; a sum above e^-300 (1e-130) is then exact.
_RESCALE = 4
_SCALED_FLOOR = -300.0


def _extended(seqs: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CTC's extended label rows (a blank around every label), each row's last state, where
    a label may skip the blank before it (unless it repeats the previous label), and which
    states are the row's own (not past its last)."""
    n = 2 * max(len(q) for q in seqs) + 1
    ext = np.zeros((len(seqs), n), np.int64)
    ends = np.zeros(len(seqs), np.int64)
    for r, lab in enumerate(seqs):
        ext[r, 1 : 2 * len(lab) : 2] = lab
        ends[r] = 2 * len(lab)  # the last blank
    skip = np.zeros((len(seqs), n), bool)
    skip[:, 3::2] = ext[:, 3::2] != ext[:, 1:-2:2]
    return ext, ends, skip, np.arange(n)[None, :] <= ends[:, None]


def _ctc_scaled(probs: np.ndarray, seqs: list[list[int]]) -> np.ndarray:
    """The CTC forward sums in probability space, rescaled now and then."""
    ext, ends, skip, within = _extended(seqs)
    pe = np.maximum(probs, _FLOOR)[:, ext] * within[None]
    # The states live in `buf` behind two zero columns, so that a state's sum over itself
    # and the one or two before it takes whole-row operations in preallocated arrays (the
    # loop runs once a step: numpy's per-call cost, paid holding the GIL, dominates). The
    # sums are those of the plain recursion, term for term: adding a zero changes no bit.
    rows, n = ext.shape
    buf = np.zeros((rows, n + 2))
    alpha = buf[:, 2:]
    alpha[:, :2] = pe[0, :, :2]
    skip2 = np.zeros((rows, n))
    skip2[:, 2:] = skip[:, 2:]
    acc, step = np.empty((rows, n)), np.empty((rows, n))
    prev1, prev2 = buf[:, 1:-1], buf[:, :-2]
    logscale = np.zeros(rows)
    last = probs.shape[0] - 1
    for t in range(1, probs.shape[0]):
        np.add(alpha, prev1, out=acc)
        np.multiply(prev2, skip2, out=step)
        acc += step
        np.multiply(acc, pe[t], out=alpha)
        if t % _RESCALE == 0 or t == last:
            s = alpha.max(axis=1)
            s[s == 0] = 1.0
            alpha /= s[:, None]
            logscale += np.log(s)
    at = np.arange(rows)
    with np.errstate(divide="ignore"):
        return np.log(alpha[at, ends] + alpha[at, ends - 1]) + logscale


def _ctc_log_space(probs: np.ndarray, seqs: list[list[int]]) -> np.ndarray:
    """The CTC forward sums in log space: exact however unlikely the labels."""
    ext, ends, skip, within = _extended(seqs)
    logp = np.where(within[None], np.log(np.maximum(probs, _FLOOR))[:, ext], -np.inf)
    alpha = np.full(ext.shape, -np.inf)
    alpha[:, 0], alpha[:, 1] = logp[0, :, 0], logp[0, :, 1]
    ninf = np.full((len(seqs), 1), -np.inf)
    for t in range(1, probs.shape[0]):
        prev1 = np.concatenate((ninf, alpha[:, :-1]), axis=1)
        prev2 = np.where(skip, np.concatenate((ninf, ninf, alpha[:, :-2]), axis=1), -np.inf)
        alpha = np.logaddexp(np.logaddexp(alpha, prev1), prev2) + logp[t]
    rows = np.arange(len(seqs))
    return np.logaddexp(alpha[rows, ends], alpha[rows, ends - 1])


def _normalized(chars: list[str], probs: list[float]) -> LineRead:
    """Collapse spaces and fold `ํา` into `ำ`, keeping one probability per character."""
    out_c: list[str] = []
    out_p: list[float] = []
    for c, p in zip(chars, probs, strict=True):
        if c == " " and (not out_c or out_c[-1] == " "):
            continue
        if c == "\u0e32" and out_c and out_c[-1] == "\u0e4d":
            out_c[-1], out_p[-1] = "\u0e33", min(out_p[-1], p)
            continue
        out_c.append(c)
        out_p.append(p)
    if out_c and out_c[-1] == " ":
        out_c.pop()
        out_p.pop()
    return LineRead(unicodedata.normalize("NFC", "".join(out_c)), out_p)


_lock = threading.Lock()
_shared: LineRecognizer | None = None


def int8() -> bool:
    """Whether the committed model runs as its int8 copy (THAIID_INT8=1: fronts ~10% faster,
    a few fields fewer right); the float model is the default."""
    return os.environ.get("THAIID_INT8", "") == "1"


def model_paths() -> list[Path]:
    """The model files: THAIID_RECOGNIZER_MODEL (retrained models, `os.pathsep`-separated)
    or the committed one, as its int8 copy where `int8()` (or where the float file is
    missing)."""
    env = os.environ.get("THAIID_RECOGNIZER_MODEL")
    if env:
        return [Path(p) for p in env.split(os.pathsep)]
    if (int8() or not MODEL_PATH.is_file()) and MODEL_INT8_PATH.is_file():
        return [MODEL_INT8_PATH]
    return [MODEL_PATH]


def available() -> bool:
    """Whether the model files are present."""
    return all(p.is_file() for p in model_paths())


def recognizer() -> LineRecognizer:
    """The process-wide recogniser (created on first use, shared by threads)."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = LineRecognizer(model_paths())
    return _shared


def recognize(crops: list[np.ndarray]) -> list[LineRead]:
    """Read line crops with the shared recogniser."""
    return recognizer().recognize(crops)


def consensus(reads: list[LineRead]) -> str:
    """Among the greedy readings of one line cut several ways (`recognize` of each cut),
    the text whose CTC log-likelihood summed over every cut is highest: a slip one cut
    makes (a lost tone mark, ุ for ู) is rarely supported by the others."""
    texts = list(dict.fromkeys(r.text for r in reads))
    if len(texts) == 1:
        return texts[0]
    rec = recognizer()
    total = np.sum([rec.scores(r, texts) for r in reads], axis=0)
    return texts[int(np.argmax(total))]


def rescore(read: LineRead, candidates: list[str]) -> tuple[str, float]:
    """The candidate (the model's own reading included) the line's pixels support best,
    and its log-likelihood; `read` must come from `recognize`."""
    rec = recognizer()
    scored = [(rec.score(read, c), c) for c in dict.fromkeys([read.text, *candidates])]
    best = max(scored, key=lambda x: x[0])
    return best[1], best[0]
