"""Per-page pipeline: find card → rectify → orient → detect lines → assign → read → fields.

Fields are located by the text lines found on the card and by their printed labels, never
by fixed pixel boxes: rows are ordered by the detector, anchored on what the Latin
recogniser reads (the 13-digit ID, "Name", "Last name", "Date of Birth", English dates,
the laser code), and the Thai lines are assigned relative to those anchors.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import partial
from itertools import chain, pairwise, product
from typing import Any, TypeGuard, TypeVar

import cv2
import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Hamming, Levenshtein

from thaiid_ops.engine import ocr, recognizer
from thaiid_ops.engine.card import (
    CARD_H,
    CARD_W,
    Rectified,
    card_candidates,
    card_shaped,
    edge_line_quads,
    rectify,
    repeats,
    stock_tint,
)
from thaiid_ops.engine.decode import PageImage
from thaiid_ops.errors import NoCardFound
from thaiid_ops.options import Options
from thaiid_ops.schema import empty_page, field
from thaiid_ops.thai import address as th_address
from thaiid_ops.thai import dates as th_dates
from thaiid_ops.thai import id_number as th_id
from thaiid_ops.thai import laser as th_laser
from thaiid_ops.thai import lexicon as th_lexicon
from thaiid_ops.thai import religion as th_religion
from thaiid_ops.thai import romanization as th_roman
from thaiid_ops.thai import serial as th_serial
from thaiid_ops.thai import titles as th_titles
from thaiid_ops.thai import validity as th_validity
from thaiid_ops.thai.text import (
    MARKS,
    TONES,
    name_word,
    normalize_text,
    orphan_mark,
    silent_heads_joined,
    toneless,
    twin_of,
    voted_tones,
    well_formed,
    within,
    word_tones,
)

DET_SIDE = ocr.CARD_SIDE
# The photo's left edge on the rectified card: the value columns end before it.
_PHOTO_X = 0.74 * CARD_W
MAX_CANDIDATES = 3
LATIN_CHARSET = ocr.DIGITS + ocr.LATIN + ".,-/' "
THAI_DATE_WHITELIST = (
    "0123456789 ." + "มคกพมีเยพิยกสตธ" + "ฯ"  # digits and the letters of the 12 abbreviations
)


# Which reader reads each kind of Thai line: "crnn" (the project's own line model,
# engine/recognizer.py), "tesseract", or an order of the two for the kinds whose reading
# the domain rules can check ("crnn+tesseract": the CRNN first, Tesseract only where the
# date parse, the religion lexicon or the gazetteer rejects the CRNN's reading). "both"
# is "crnn+tesseract", and for names (no rule to judge) the CRNN rescoring Tesseract's
# words. Chosen per kind on `benchmarks/accuracy.py --compare` (tuning seeds 4242 and
# 5151) and the crop benchmark `benchmarks/recognizer.py`; THAIID_THAI_READER forces one
# for all kinds or per kind. Addresses stay Tesseract-first: with the CRNN first the
# digit repairs of the house and moo numbers lose more than the letters gain.
THAI_READERS: dict[str, str] = {
    "name": "crnn",
    "address": "tesseract+crnn",
    "date": "crnn+tesseract",
    "religion": "crnn+tesseract",
}
_READERS = ("crnn", "tesseract", "both", "crnn+tesseract", "tesseract+crnn")


def _fallbacks(kind: str) -> tuple[str, ...]:
    """Readers to try in turn for a kind whose reading the domain rules can check."""
    reader = thai_reader(kind)
    return ("crnn", "tesseract") if reader == "both" else tuple(reader.split("+"))


def thai_reader(kind: str) -> str:
    """The reader (or order of readers) used for `kind` ("name", "address", "date",
    "religion") right now; Tesseract alone when the model file is missing, the CRNN alone
    when Tesseract is (`ocr.tesseract_available`).
    THAIID_THAI_READER forces one reader for all kinds, or per kind ("name=crnn,...")."""
    forced = os.environ.get("THAIID_THAI_READER", "")
    if "=" in forced:  # per kind: "name=crnn,address=crnn+tesseract" (or ";")
        per = dict(p.split("=", 1) for p in re.split(r"[,;]", forced) if "=" in p)
        forced = per.get(kind, "")
    choice = forced if forced in _READERS else THAI_READERS.get(kind, "tesseract")
    if choice != "tesseract" and not recognizer.available():
        return "tesseract"
    if choice != "crnn" and recognizer.available() and not ocr.tesseract_available():
        return "crnn"
    return choice


@dataclass(eq=False)
class Line:
    """A detected text line on the rectified card (card pixels)."""

    quad: np.ndarray
    x0: float
    y0: float
    x1: float
    y1: float
    latin: ocr.LatinRead | None = None
    crnn: recognizer.LineRead | None = None  # the CRNN's reading over its whole alphabet
    wider: dict[float, recognizer.LineRead] = dc_field(default_factory=dict)  # ... stretched
    cuts: list[recognizer.LineRead] | None = None  # ... in `_NAME_VIEWS`' cuts
    used: bool = False

    @classmethod
    def box(cls, x0: float, y0: float, x1: float, y1: float) -> Line:
        """An upright box on the card (a line made from others, or from the layout)."""
        quad = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
        return cls(quad, x0, y0, x1, y1)

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return self.latin.text if self.latin else ""


@dataclass
class Reading:
    """One field's reading before it becomes a response field."""

    value: str
    confidence: float
    lines: list[Line] = dc_field(default_factory=list)
    valid: bool | None = None
    extra: dict[str, Any] = dc_field(default_factory=dict)


@dataclass
class CardRead:
    """Everything read from one card; `fields` maps field name → Reading."""

    side: str
    rect: Rectified
    lines: list[Line]
    fields: dict[str, Reading]
    orientation_conf: float = 0.0


# ---------------------------------------------------------------- geometry helpers


def _lines_from(quads: np.ndarray) -> list[Line]:
    out = []
    for q in quads:
        xs, ys = q[:, 0], q[:, 1]
        ln = Line(q.astype(np.float32), xs.min(), ys.min(), xs.max(), ys.max())
        if ln.h >= 6 and (ln.x1 - ln.x0) >= 8:
            out.append(ln)
    return sorted(out, key=lambda ln: (ln.cy, ln.x0))


def _rot180(lines: list[Line]) -> list[Line]:
    out = []
    for ln in lines:
        q = np.stack([CARD_W - 1 - ln.quad[:, 0], CARD_H - 1 - ln.quad[:, 1]], axis=1)
        q = np.roll(q, 2, axis=0)
        out.append(
            Line(q, CARD_W - 1 - ln.x1, CARD_H - 1 - ln.y1, CARD_W - 1 - ln.x0, CARD_H - 1 - ln.y0)
        )
    return sorted(out, key=lambda ln: (ln.cy, ln.x0))


def line_crop(img: np.ndarray, ln: Line, pad_y: float = 0.32, pad_x: float = 0.25) -> np.ndarray:
    """Axis-aligned crop around a line; generous vertical padding keeps Thai marks whole."""
    h = ln.h
    x0 = int(max(0, ln.x0 - pad_x * h))
    x1 = int(min(img.shape[1], ln.x1 + pad_x * h))
    y0 = int(max(0, ln.y0 - pad_y * h))
    y1 = int(min(img.shape[0], ln.y1 + pad_y * h))
    return img[y0:y1, x0:x1]


def _x_overlap(a: Line, b: Line) -> float:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Group lines whose vertical centres are close into rows, top to bottom."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: ln.cy):
        if rows:
            last = rows[-1]
            ref = np.mean([r.cy for r in last])
            href = np.median([r.h for r in last])
            if abs(ln.cy - ref) < 0.45 * min(href, ln.h):
                last.append(ln)
                continue
        rows.append([ln])
    return [sorted(r, key=lambda ln: ln.x0) for r in rows]


def _row_union(row: list[Line], gap: float = 1.5) -> list[Line]:
    """A row's lines as one line when they are at most `gap` line heights apart (negative:
    overlap): the detector splits a row into boxes that overlap, and crops of each read
    the shared words twice ("นาย ศิ" + "ศิริเขตต์ ภูกลาง")."""
    if len(row) < 2:
        return row
    h = float(np.median([ln.h for ln in row]))
    if any(b.x0 - a.x1 > gap * h for a, b in pairwise(row)):
        return row
    return [_row_box(row)]


def _row_box(row: list[Line]) -> Line:
    """The box around a row's lines."""
    x0, x1 = min(ln.x0 for ln in row), max(ln.x1 for ln in row)
    y0, y1 = min(ln.y0 for ln in row), max(ln.y1 for ln in row)
    return Line.box(x0, y0, x1, y1)


def _from_column(row: list[Line], x_col: float) -> list[Line]:
    """A wrapped address row starts under the first row's label; when its first box starts
    well right of that (the detector missed the row's head), the row is read from there."""
    first = row[0]
    if first.x0 - x_col < 1.5 * first.h:
        return row
    x0, x1, y0, y1 = x_col, max(ln.x1 for ln in row), first.y0, first.y1
    return [Line.box(x0, y0, x1, y1)]


# ---------------------------------------------------------------- reading helpers


def _read_latin(
    img: np.ndarray,
    lines: list[Line],
    charset: str = LATIN_CHARSET,
    strong: bool = False,
    rule: Callable[[ocr.LatinRead], bool | None] | None = None,
    latin_only: bool = False,
) -> None:
    """Give each line its Latin reading (`ln.latin`), once. In the cascade the CRNN reads
    first and PP-OCR reads only the lines whose weakest character is below
    `ocr.latin_trust()`, or all of them again when `strong`. A `rule` judges the CRNN's
    reading first: True keeps it, False leaves the line unread (not worth PP-OCR here),
    None lets the trust decide. With `latin_only`, a line the CRNN reads as mostly Thai
    keeps the CRNN's Latin reading: PP-OCR would only read a Thai line as Latin noise."""
    todo = [ln for ln in lines if ln.latin is None or (strong and ln.latin.fast)]
    skipped: list[Line] = []
    fast = ocr.fast_latin()
    if fast is not None and not strong:
        trust = ocr.latin_trust()
        for ln, rd in zip(todo, _crnn_reads(img, todo), strict=True):
            if rd is None or rd.probs is None:
                continue
            probs, t = fast.trusted(rd.probs)
            read = fast.decode(probs, charset)
            verdict = rule(read) if rule is not None else None
            if verdict is None and latin_only and _thai_line(ln):
                verdict = True
            if verdict is False:
                skipped.append(ln)
            elif verdict or t >= trust:
                ln.latin = read
                ln.latin.fast, ln.latin.trust = True, t
        todo = [ln for ln in todo if ln.latin is None and ln not in skipped]
    for ln, res in zip(todo, _pp_reads(img, todo, charset), strict=True):
        ln.latin = res


def _pp_reads(img: np.ndarray, lines: list[Line], charset: str) -> list[ocr.LatinRead]:
    """PP-OCR's reading of each line, in the order given."""
    rec = ocr.latin()
    # Similar widths share a batch so padding stays small.
    order = sorted(
        range(len(lines)), key=lambda i: (lines[i].x1 - lines[i].x0) / max(1.0, lines[i].h)
    )
    reads: list[ocr.LatinRead | None] = [None] * len(lines)
    for k in range(0, len(order), 8):
        chunk = order[k : k + 8]
        crops = [line_crop(img, lines[i], pad_y=rec.pad_y, pad_x=rec.pad_x) for i in chunk]
        for i, res in zip(chunk, rec.read(crops, charset), strict=True):
            reads[i] = res
    return [r for r in reads if r is not None]


def _thai_line(ln: Line) -> bool:
    """The CRNN read the line as mostly Thai letters."""
    letters = [c for c in ln.crnn.text if c.isalnum()] if ln.crnn else []
    return 2 * sum("\u0e00" <= c <= "\u0e7f" for c in letters) >= len(letters) > 0


def _redecode(ln: Line, charset: str) -> ocr.LatinRead:
    """The line's Latin reading decoded again under another character set (no model run)."""
    assert ln.latin is not None and ln.latin.probs is not None
    return ocr.latin().decode(ln.latin.probs, charset)


def _gray(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)


def _read_thai(
    img: np.ndarray,
    lines: list[Line],
    whitelist: str | None = None,
    otsu: bool = True,
    height: int | None = None,
    kind: str = "name",
    reader: str | None = None,
    weakest: tuple[str, ...] | None = None,
) -> tuple[str, float]:
    """The lines read left to right by `reader` (default: `kind`'s) → (text, confidence);
    with `weakest` (the labels that may lead the line), the CRNN's confidence is its least
    sure character's probability, past a leading label.

    "crnn" reads the engine's standard crop (its training crop); "tesseract" reads a tight
    crop (`height`, `otsu`: see `_tess_line`); "both" lets the CRNN's output pick, word by
    word, between its own reading and Tesseract's (CTC rescoring of the candidates)."""
    reader = reader or thai_reader(kind)
    if "+" in reader:  # no rule to judge between them here: the first reader reads
        reader = reader.split("+")[0]
    if reader == "tesseract":
        reads = [_tess_line(img, ln, whitelist, otsu, height) for ln in lines]
        reads = [r for r in reads if r is not None]
        text = normalize_text(" ".join(t for t, _ in reads))
        return text, (float(np.mean([c for _, c in reads])) if reads else 0.0)
    texts, confs, crnn_reads = [], [], []
    for ln, rd in zip(lines, _crnn_reads(img, lines), strict=True):
        if rd is None:
            continue
        text, conf = rd.text, rd.confidence
        if reader == "both":
            tess = _tess_line(img, ln, whitelist, otsu, height)
            other = recognizer.normalize_label(normalize_text(tess[0])) if tess else ""
            if other and other != text:
                text, _ = recognizer.rescore(rd, _word_mixes(text, other))
                conf *= 1.0 if text == other else 0.85  # the two readers disagreed
        texts.append(text)
        confs.append(conf)
        crnn_reads.append(rd)
    if weakest is not None:
        return normalize_text(" ".join(texts)), _weakest_past_label(crnn_reads, texts, weakest)
    return normalize_text(" ".join(texts)), (float(np.mean(confs)) if confs else 0.0)


# A Thai name whose least sure character (past its label) is below this is read again
# from other cuts of its lines (`_read_in_views`): 10 of benchmarks/speed.py's 20 fronts,
# 7.4 ms a front. On the seven tuning seeds 0.9 fixed 22 fields and lost 4 (Thai names
# above all); 0.97 (with the label's characters counted) fixed 24 and lost the same 4 at
# 12 ms a front.
_VIEW_BELOW = 0.9
# The other cuts: (vertical shift, vertical padding) in line heights; `line_crop`'s own
# is (0, 0.32).
_NAME_VIEWS = ((-0.08, 0.32), (0.08, 0.32), (0.0, 0.22), (0.0, 0.45))


def _read_in_views(
    img: np.ndarray, lines: list[Line]
) -> tuple[str, list[list[recognizer.LineRead]]] | None:
    """The CRNN's reading of `lines` with each line read again in `_NAME_VIEWS`: the
    line's reading becomes the views' consensus (`recognizer.consensus`); and each line's
    reads in every cut. None when a line has no CRNN output (no pixels) to join the views."""
    reads = [rd for rd in _crnn_reads(img, lines) if rd is not None and rd.probs is not None]
    if not reads or len(reads) < len(lines):
        return None
    todo = [ln for ln in lines if ln.cuts is None]  # each line's cuts read once
    views = recognizer.recognize(
        [_shifted_crop(img, ln, dy, pad) for ln in todo for dy, pad in _NAME_VIEWS]
    )
    n = len(_NAME_VIEWS)
    for i, ln in enumerate(todo):
        ln.cuts = views[i * n : (i + 1) * n]
    cuts = [[rd, *(ln.cuts or ())] for rd, ln in zip(reads, lines, strict=True)]
    # The consensus, then its tone marks as most cuts read them (`voted_tones`): a mark
    # above a vowel mark ("พั้ว") is lost in the cuts that clip the line's top, and the
    # summed likelihood of those cuts can outweigh the cuts that see it.
    texts = [voted_tones(recognizer.consensus(c), [r.text for r in c]) for c in cuts]
    return normalize_text(" ".join(texts)), cuts


def _shifted_crop(img: np.ndarray, ln: Line, dy: float, pad: float) -> np.ndarray:
    """`line_crop` of `ln` moved down by `dy` of its height, padded `pad` of it."""
    return line_crop(img, Line.box(ln.x0, ln.y0 + dy * ln.h, ln.x1, ln.y1 + dy * ln.h), pad_y=pad)


# Cuts of a name line moved up, at two scales: a tone mark over a vowel mark ("เกลี้ยง",
# "ตั้ง") is the name's highest stroke, which the detector's box often leaves at the crop's
# edge, and the CRNN reads it where the cut gives it room above (the names of ten seeds'
# 1,215 fronts: 6 tone marks mended, none lost).
_TONE_VIEWS = ((-0.2, 0.22), (-0.2, 0.5), (-0.1, 0.32))


def _tones_from_above(img: np.ndarray, lines: list[Line], text: str) -> str:
    """`text`, the name read on `lines`, with each word's tone marks as most of it and its
    `_TONE_VIEWS` readings put them (`thai.text.word_tones`)."""
    n = len(lines)
    reads = recognizer.recognize(
        [_shifted_crop(img, ln, dy, pad) for dy, pad in _TONE_VIEWS for ln in lines]
    )
    views = [" ".join(r.text for r in reads[k * n : (k + 1) * n]) for k in range(len(_TONE_VIEWS))]
    voted = word_tones(text, views)
    own = [ln.crnn for ln in lines if ln.crnn is not None]
    return _tones_by_pixels(voted, own + reads, views, _toned_spellings(own, voted))


def _toned_spellings(reads: list[recognizer.LineRead], text: str) -> list[str]:
    """Spellings of each word of `text` that differ from it in tone marks alone, none of
    its marks dropped, and that the CRNN's per-step output on `reads` allows (a mark no
    cut's best path kept: "พึงคร้าม" where the steps hold "พึ่งคร้าม" nearly as likely).
    (A mark over a vowel mark, "พั้ว", is the stroke small cuts lose: the pixels' lean
    to dropping it is no evidence.)"""
    out: list[str] = []
    for word in _strip_thai_label(text, _NAME_TH_LABELS).split():
        key, tones = toneless(word), sum(ch in TONES for ch in word)
        src = _nearest_token(list(reads), word, 2)
        if src is None:
            continue
        found = recognizer.recognizer().word_search(
            *src, lambda w, key=key: 0.0 if toneless(w) == key else 1.0, _TONE_GAIN, _SPELL_SLACK
        )
        out += [
            w
            for w in found
            if w != word and toneless(w) == key and sum(ch in TONES for ch in w) >= tones
        ]
    return out


# A word's tone marks as a view spells them (its letters alike) replace the reading's where
# the CRNN's reads of the line (its own and the `_TONE_VIEWS` cuts) favour them by this
# many nats summed: a majority vote misses a mark that one cut of three reads faintly.
_TONE_GAIN = float(os.environ.get("THAIID_TONE_GAIN", "") or 3.0)


def _tones_by_pixels(
    text: str, reads: list[recognizer.LineRead], views: list[str], spelled: Sequence[str] = ()
) -> str:
    """`text` (a name row's reading) with each word's tone marks as one of `views` (or a
    word of `spelled`) spells them, letters alike, where the pixels of the `reads` that hold
    the word (two edits at most) favour it by `_TONE_GAIN` nats summed (`_word_gain`)."""
    if _TONE_GAIN <= 0:
        return text
    words = text.split()
    for i, word in enumerate(words):
        key = toneless(word)
        alts = sorted(
            {
                w
                for w in [*(w for v in views for w in v.split()), *spelled]
                if w != word and toneless(w) == key and well_formed(w)
            }
        )
        if not alts:
            continue
        gains = np.zeros(len(alts))
        for rd in reads:
            if _nearest_token([rd], word, 2) is not None:
                gains += [_word_gain(rd, word, a) for a in alts]
        if np.nanmax(gains) >= _TONE_GAIN:
            words[i] = alts[int(np.nanargmax(gains))]
    return " ".join(words)


# Tesseract's reading of a name the CRNN is unsure of stands, but not a word of it one slip
# from the CRNN's ("จันท์" for "ฉันท์", "นู่นคง" for "นุ่นคง") that the CRNN's cuts all
# reject: where its word wins by this many nats summed over the cuts. Tuning seeds: the
# CRNN's right words won by 21-59 nats, Tesseract's right ones lost by at most 14.
_SURE_WORD = 20.0


def _sure_crnn_words(cuts: list[recognizer.LineRead], mine: str, theirs: str) -> str:
    """`theirs` (Tesseract's reading of a one-line name) with its first name or surname
    replaced by the CRNN's in `mine` (the consensus of `cuts`) where the two differ in one
    or two characters, none lost, and the cuts favour the CRNN's by `_SURE_WORD` nats. (A
    word the CRNN read without a mark is not kept: blur takes marks from its reading.)"""
    a, b = mine.split(), theirs.split()
    if len(a) < 2 or len(b) < 2:
        return theirs
    rec = recognizer.recognizer()
    for back in (2, 1):
        i, j = len(a) - back, len(b) - back
        if a[i] == b[j] or len(a[i]) != len(b[j]) or Hamming.distance(a[i], b[j]) > 2:
            continue
        alt = " ".join([*a[:i], b[j], *a[i + 1 :]])
        ours, other = np.sum([rec.scores(r, [mine, alt]) for r in cuts], axis=0)
        if ours - other >= _SURE_WORD:
            b[j] = a[i]
    return " ".join(b)


def _weakest_past_label(
    reads: list[recognizer.LineRead], texts: list[str], labels: tuple[str, ...]
) -> float:
    """The least sure character's probability in the CRNN's `reads` (whose final texts are
    `texts`), past the leading words that `_strip_thai_label` takes for a label: a merged,
    misread label must not send a well-read name to the fallback reader."""
    words: list[float] = []
    for rd, text in zip(reads, texts, strict=True):
        if text == rd.text and len(rd.char_probs) == len(text):
            at = 0
            for w in text.split(" "):
                words.append(min(rd.char_probs[at : at + len(w)], default=0.0))
                at += len(w) + 1
        else:  # rescored: one figure for the line
            words.append(min(rd.char_probs, default=0.0))
    kept = len(_strip_thai_label(normalize_text(" ".join(texts)), labels).split())
    return min(words[max(0, len(words) - kept) :] if kept else [], default=0.0)


# A Thai name is read by the CRNN unless one of its characters is below this probability
# (unseen fonts, damage), then by Tesseract. Chosen on seeds 5151 (training fonts: 0.7 costs
# 3 of 1,237 fields) and 888 held-out fonts (0.7: full name 55% → 65%, fields 89.0% → 89.5%);
# THAIID_NAME_TRUST overrides it for such comparisons.
NAME_TRUST = 0.7


def _name_trust() -> float:
    return float(os.environ.get("THAIID_NAME_TRUST") or NAME_TRUST)


def _word_mixes(a: str, b: str) -> list[str]:
    """Both readings, and when they split into the same number of words (≤ 4), every
    word-by-word mix of the two."""
    wa, wb = a.split(" "), b.split(" ")
    if len(wa) != len(wb) or len(wa) > 4:
        return [a, b]
    mixes = [""]
    for x, y in zip(wa, wb, strict=True):
        mixes = [f"{m} {w}".strip() for m in mixes for w in dict.fromkeys((x, y))]
    return mixes


def _tess_line(
    img: np.ndarray, ln: Line, whitelist: str | None, otsu: bool, height: int | None
) -> tuple[str, float] | None:
    """Tesseract on one line. `height` rescales the crop to that many pixels (its Thai
    model reads the name line best near 90 px, in grey); `otsu` binarises it."""
    # A tight crop keeps neighbouring rows and the guilloche micro-text out; Otsu drops
    # the light background print that Tesseract would otherwise read as Thai.
    crop = _gray(line_crop(img, ln, pad_y=0.15))
    if crop.size == 0:
        return None
    if height:
        f = height / crop.shape[0]
        interp = cv2.INTER_CUBIC if f > 1 else cv2.INTER_AREA
        crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=interp)
    if otsu:
        _, crop = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    text, conf = ocr.read_thai(crop, "tha", 7, whitelist)
    if not text.strip():
        text, conf = ocr.read_thai(crop, "tha", 6, whitelist)
    return text, conf


def _norm_latin(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


_NAME_STEM = r"(?:name|narne|nane)"  # "Name" as the Latin reader may see it
_NAME_WORD = rf"{_NAME_STEM}\b"
# "NameMr.Kritnaphong", "Namemiss Santiphawi": the label glued to the title after it.
_NAME_LABEL = re.compile(
    rf"^\s*(?:{_NAME_WORD}[\s:.]*|{_NAME_STEM}(?=(?:mrs?|miss|ms|master)[.\s]))", re.IGNORECASE
)
# "Last name", or "Last" alone where a stroke across the card hid the small "name".
_LAST_LABEL = re.compile(
    r"^\s*(?:last|1ast|iast)(?:\s*(?:name|narne)\b|\s+(?=[A-Z]))[\s:.]*", re.IGNORECASE
)
# "Name" sits this far (card heights) above "Last name" (0.067–0.075 on rendered cards).
_NAME_PITCH = 0.071
_EN_LABELS = re.compile(rf"\b{_NAME_WORD}", re.IGNORECASE)
_TITLE_PIECE = re.compile(r"^[A-Za-z]{1,3}\.\s+(?=[A-Z])")
_CUT_YEAR = re.compile(r"(?<!\d)2[45]\d\s*$")
_DIGITS2 = re.compile(r"\d.*\d")
_EN_TITLE_ANY = re.compile(r"\b(?:Mr|Mrs|Miss|Ms|Master)\b[.,]?\s")
_EN_TITLE_COMMA = re.compile(r"\b(Mr|Mrs|Miss|Ms|Master)\s?,\s*")
# "AMr.phaothep", "9TMs.Netnchana": the space after the title's dot lost, a stray glyph or
# two glued before it.
_EN_TITLE_GLUED = re.compile(r"^\S{0,2}?(Mrs|Mr|Miss|Ms|Master)\.(?=[A-Za-z])")
_GLUED_NAME = re.compile(r"^[nmr]{1,2}[ae][mnr]{1,2}e(?=[A-Z])")
# "Date of Birth", also with "of" or one letter of "Birth" misread ("Date ar Birth").
_DOB_LABEL = re.compile(
    r"date\s*of\s*birth|(?:date\s*\w{1,3}\s*)?\b(?:b[il1!]rth|bi[rn]th|birt[hn])\b", re.IGNORECASE
)
_DOI_LABEL = re.compile(r"date\s*of\s*issue", re.IGNORECASE)
_DOE_LABEL = re.compile(r"date\s*of\s*expiry", re.IGNORECASE)
_ID_LABEL = re.compile(r"identification", re.IGNORECASE)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


# ---------------------------------------------------------------- ID candidate search


def _search_id(read: ocr.LatinRead) -> tuple[str | None, float, bool]:
    """Checksum-aware search over the recogniser's per-character alternatives.

    Returns (13 digits or None, confidence, checksum_ok)."""
    digs = [
        (c, p, alts)
        for c, p, alts in zip(read.text, _char_probs(read), read.alternatives, strict=False)
        if c.isdigit()
    ]
    if len(digs) < 13:
        return None, 0.0, False
    if len(digs) > 13:  # keep the most confident 13-run (stray digits from the label area)
        best = max(range(len(digs) - 12), key=lambda i: sum(p for _, p, _ in digs[i : i + 13]))
        digs = digs[best : best + 13]
    base = "".join(c for c, _, _ in digs)
    probs = [p for _, p, _ in digs]
    if th_id.validate_id(base).checksum_ok:
        return base, float(np.mean(probs)), True
    # One substitution from the alternatives, best joint probability with a valid checksum.
    best_num, best_score = None, -1.0
    for i, (_, p, alts) in enumerate(digs):
        for alt, ap in alts:
            if not alt.isdigit() or alt == base[i]:
                continue
            cand = base[:i] + alt + base[i + 1 :]
            if th_id.validate_id(cand).checksum_ok:
                score = ap / max(p, 1e-6)
                if score > best_score:
                    best_num, best_score = cand, score
    if best_num is not None:
        return best_num, float(np.mean(probs)) * min(1.0, 0.5 + best_score), True
    return base, float(np.mean(probs)) * 0.5, False


# The CRNN's ID reading is kept, even beside a Thai label, when it holds 13 digits that
# pass the checksum as read, each at least this likely: the checksum does not see every
# error (the third digit weighs 11), so each digit must be sure as well.
_SURE_DIGIT = 0.9


def _sure_id(read: ocr.LatinRead) -> bool:
    num, _, ok = _search_id(read)
    if num is None or not ok or num not in _digits(read.text):
        return False
    probs = [p for c, p in zip(read.text, _char_probs(read), strict=False) if c.isdigit()]
    at = _digits(read.text).find(num)
    return min(probs[at : at + 13]) >= _SURE_DIGIT


# The check digit cannot see the third digit (its weight, 11, is 0 mod 11): where the
# first reader is less sure of it than this, PP-OCR reads the line too, and the digit the
# two readers' probabilities favour together stands.
_SURE_THIRD = 0.99


def _third_digit_checked(img: np.ndarray, ln: Line, num: str) -> str:
    """`num`, a valid ID the cascade's first reader read on `ln`, with its third digit
    decided by both readers where the first was unsure of it (the new third digit must
    still give a known province code)."""
    read = ln.latin
    if read is None or not read.fast:
        return num
    digs = [
        alts or [(c, p)]
        for c, p, alts in zip(read.text, _char_probs(read), read.alternatives, strict=False)
        if c.isdigit()
    ]
    at = _digits(read.text).find(num)
    if at < 0 or dict(digs[at + 2]).get(num[2], 0.0) >= _SURE_THIRD:
        return num
    [again] = _pp_reads(img, [ln], LATIN_CHARSET)
    theirs = [
        alts or [(c, again.confidence)]
        for c, alts in zip(again.text, again.alternatives, strict=False)
        if c.isdigit()
    ]
    both = _digits(again.text)
    j = next(
        (
            j
            for j in range(len(both) - 12)
            if both[j : j + 2] == num[:2] and both[j + 3 : j + 13] == num[3:]
        ),
        None,
    )
    if j is None:
        return num
    votes: dict[str, float] = {}
    for alts in (digs[at + 2], theirs[j + 2]):
        for c, p in alts:
            if c.isdigit():
                votes[c] = votes.get(c, 0.0) + p
    for d in sorted(votes, key=lambda d: -votes[d]):
        cand = num[:2] + d + num[3:]
        if "province" not in th_id.validate_id(cand).reasons:
            return cand
    return num


def _char_probs(read: ocr.LatinRead) -> list[float]:
    return [alts[0][1] if alts else read.confidence for alts in read.alternatives]


# ---------------------------------------------------------------- orientation & side


def _orientation_score(img: np.ndarray, lines: list[Line]) -> float:
    """How upright the card reads: the Latin recogniser's best confidences on the left
    ends of the prominent lines (Thai lines read poorly both ways; Latin ones only upright)."""
    wide = [ln for ln in lines if ln.x1 - ln.x0 > 2.5 * ln.h]
    big = sorted(wide, key=lambda ln: -(ln.x1 - ln.x0) * ln.h)[:5]
    parts = [Line(ln.quad, ln.x0, ln.y0, min(ln.x1, ln.x0 + 3.0 * ln.h), ln.y1) for ln in big]
    reads = _pp_reads(img, parts, LATIN_CHARSET)
    confs = sorted((r.confidence for r in reads), reverse=True)[:2]
    return float(np.mean(confs)) if confs else 0.0


def _orient(rect: Rectified, lines: list[Line]) -> tuple[Rectified, list[Line], float]:
    up = _orientation_score(rect.image, lines)
    if up > 0.93:
        return rect, lines, up
    flipped = rect.rotated(2)
    flines = _rot180(lines)
    down = _orientation_score(flipped.image, flines)
    if down > up:
        return flipped, flines, down
    return rect, lines, up


def _find_id_line(
    img: np.ndarray, lines: list[Line], quick: bool = False
) -> tuple[Line | None, Reading | None]:
    """The 13-digit line in the upper part of a front, read digits-only.

    Every wide line in the top-right is read once (one batch); the line with the most
    digits is the ID line (the label may be merged into it: the digit run is searched)."""
    cands = [
        ln
        for ln in lines
        if ln.cy < 0.42 * CARD_H and ln.x1 > 0.45 * CARD_W and ln.x1 - ln.x0 > 3.5 * ln.h
    ]
    if not cands:
        return None, None
    # Most likely first (the ID line's shape: about 8.5 heights wide, in the second printed
    # row, a sixth of the way down): this only orders the tries; the checksum decides.
    cands.sort(
        key=lambda ln: abs(np.log((ln.x1 - ln.x0) / ln.h / 8.5)) + 3 * abs(ln.cy / CARD_H - 0.17)
    )

    def rule(read: ocr.LatinRead) -> bool | None:
        if _sure_id(read):
            return True
        # Upside down or a back, most likely: the orientation search reads it if need be.
        return False if quick and len(_digits(read.text)) < 10 else None

    # Three tries: a label merged into the ID line makes it wider than its shape says, and
    # the English and Thai headers rank above it.
    for ln in cands[:3]:
        for strong in (False, True):  # the checksum decides whether PP-OCR reads it again
            _read_latin(img, [ln], strong=strong, rule=rule)
            if ln.latin is None:
                break
            num, conf, ok = _search_id(ln.latin)
            if num is not None and ok and num in _digits(ln.text):  # valid as read, unrepaired
                ln.used = True
                num = _third_digit_checked(img, ln, num)
                return ln, Reading(num, conf, [ln], valid=th_id.is_valid_id(num))
            if not ln.latin.fast or len(_digits(ln.text)) < 10:  # not an ID line, surely
                break
    if quick:
        return None, None
    _read_latin(img, cands)
    scored = sorted(((sum(c.isdigit() for c in ln.text), ln) for ln in cands), key=lambda t: -t[0])
    scored = [(n, ln) for n, ln in scored if n >= 9][:2]
    if not scored:
        return None, None
    _read_latin(img, [ln for _, ln in scored], strong=True)
    for _, ln in scored:  # the first reading often already holds a valid number
        num, conf, ok = _search_id(ln.latin)
        if num is not None and ok and num in _digits(ln.text):  # valid as read, unrepaired
            ln.used = True
            return ln, Reading(num, conf, [ln], valid=th_id.is_valid_id(num))
    for _, ln in scored:
        num, conf, _ok = _search_id(_redecode(ln, ocr.DIGITS + " "))
        if num is None:
            num, conf, _ok = _search_id(ln.latin)
        if num is not None:
            ln.used = True
            return ln, Reading(num, conf, [ln], valid=th_id.is_valid_id(num))
    # A digit the detector's box cut off ("8420 95395 16 1" for "4 8420 95395 16 1"): the
    # line widened by a digit's width or so each side is read again.
    for _, ln in scored:
        pad = _ID_PAD * ln.h
        wide = Line.box(max(0.0, ln.x0 - pad), ln.y0, min(float(CARD_W), ln.x1 + pad), ln.y1)
        _read_latin(img, [wide], strong=True)
        num, conf, ok = _search_id(wide.latin) if wide.latin is not None else (None, 0.0, False)
        if num is not None and ok:
            wide.used = ln.used = True
            return wide, Reading(num, conf, [wide], valid=th_id.is_valid_id(num))
    return None, None


# How far, in line heights, an ID line that lacks a digit is widened each side.
_ID_PAD = 1.0


# ---------------------------------------------------------------- front


def _dates_top(ln: Line, dates: list[Line]) -> float:
    """Where the Thai issue and expiry dates begin above `ln`: the top of those in its
    columns (the expiry may sit higher than the last address row beside it, left of it),
    else of all of them."""
    beside = [d for d in dates if d.x0 < ln.x1 and ln.x0 < d.x1] or dates
    return min((d.y0 for d in beside), default=0.8 * CARD_H)


def _en_date(ln: Line) -> th_dates.DateParse:
    return _parse_en_date(ln.text)


def _parse_en_date(text: str) -> th_dates.DateParse:
    text = _norm_latin(text)
    for rx in (_DOB_LABEL, _DOI_LABEL, _DOE_LABEL):
        text = rx.sub(" ", text)
    return th_dates.parse_en_date(text)


def _date_rule(read: ocr.LatinRead) -> bool | None:
    """The cascade keeps the CRNN's reading of a whole English date however unsure:
    `_date_pair` checks it against its Thai twin, and has PP-OCR read it if need be."""
    return True if _parse_en_date(read.text).status == "valid" else None


def _crnn_reads(
    img: np.ndarray, lines: list[Line], stretch: float = 1.0
) -> list[recognizer.LineRead | None]:
    """The CRNN's readings of the lines over its whole alphabet, each line read once (the
    Thai readers, the Latin cascade and the digit checks share them); None: no pixels.
    `stretch`: of the crops stretched that many times in width (kept apart)."""

    def have(ln: Line) -> recognizer.LineRead | None:
        return ln.crnn if stretch == 1.0 else ln.wider.get(stretch)

    todo = [(ln, c) for ln in lines if have(ln) is None and (c := line_crop(img, ln)).size]
    crops = [
        cv2.resize(c, (round(c.shape[1] * stretch), c.shape[0]), interpolation=cv2.INTER_CUBIC)
        if stretch != 1.0
        else c
        for _, c in todo
    ]
    for (ln, _), rd in zip(todo, recognizer.recognize(crops), strict=True):
        if stretch == 1.0:
            ln.crnn = rd
        else:
            ln.wider[stretch] = rd
    return [have(ln) for ln in lines]


def _crnn_read(img: np.ndarray, ln: Line) -> recognizer.LineRead | None:
    return _crnn_reads(img, [ln])[0]


def _digit_views(img: np.ndarray, ln: Line, sure: float = 1.0) -> Iterator[tuple[str, float]]:
    """A Thai line's text as far as its digits go, with its confidence: first the CRNN's
    own reading in the Latin cascade (it reads Thai lines whole), then, unless the CRNN's
    confidence reached `sure`, the Latin reader's."""
    if ocr.fast_latin() is not None and (read := _crnn_read(img, ln)) is not None:
        yield read.text, read.confidence
        if read.confidence >= sure:
            return
    _read_latin(img, [ln])
    yield ln.text, ln.latin.confidence if ln.latin else 0.0


def _year_day(text: str) -> tuple[int | None, int | None]:
    """Day and Buddhist-era year as a digit reading of a Thai date line shows them."""
    nums = re.findall(r"\d+", text)
    year = next((int(n) for n in reversed(nums) if len(n) == 4), None)
    day = int(nums[0]) if nums and len(nums[0]) <= 2 else None
    return day, year


# How many lines above the English date (or above the column's foot, when no English date
# was found) may hold its Thai twin: the label, the officer's lines and a signature sit
# between them when the English line was lost.
_TWIN_REACH = int(os.environ.get("THAIID_TWIN_REACH", "5"))
_SHAPE_REACH = 7  # the same for a twin spelt from the pixels (lines with digits only)


def _date_pair(
    img: np.ndarray,
    en_line: Line | None,
    th_lines: list[Line],
    en_cands: Sequence[Line] = (),
    th_cands: Sequence[Line] = (),
) -> tuple[Reading | None, Reading | None]:
    """Read an English date line and its Thai twin; cross-check them (BE = CE + 543).

    The Thai line is first checked cheaply through the digits the Latin reader sees on it
    (day and BE year); Tesseract reads it only when that check cannot decide."""
    invalid = th_dates.DateParse("invalid", None)
    th_line = th_lines[0] if th_lines else None

    def en_read() -> tuple[th_dates.DateParse, float, tuple[Reading, Reading] | None]:
        """The English date, its confidence, and the pair when the Thai twin confirms it."""
        en_parse = _en_date(en_line) if en_line is not None else invalid
        en_conf = en_line.latin.confidence if en_line is not None and en_line.latin else 0.0
        if en_parse.status == "valid" and th_line is not None:
            v = en_parse.value
            for text, th_c in _digit_views(img, th_line):
                if _year_day(text) == (v.day, v.be_year):
                    c = min(1.0, 0.5 + 0.5 * en_conf) * min(1.0, 0.5 + 0.5 * th_c)
                    return en_parse, en_conf, _pair(v, v, en_line, th_line, c, c)
        return en_parse, en_conf, None

    en_parse, en_conf, pair = en_read()
    latin = en_line.latin if en_line is not None else None
    # Unconfirmed, and read by the cascade's CRNN: PP-OCR reads it again unless the CRNN
    # read a whole date as surely as the cascade trusts a line.
    unsure = en_parse.status != "valid" or (latin is not None and latin.trust < ocr.latin_trust())
    if pair is None and latin is not None and latin.fast and unsure:
        _read_latin(img, [en_line], strong=True)
        en_parse, en_conf, pair = en_read()
    if pair is not None:
        return pair
    en_ok = en_parse.status in ("valid", "partial", "lifelong")
    th_parse, th_conf = invalid, 0.0
    for cand in th_lines:
        for reader in _fallbacks("date"):
            text, conf = _read_thai(img, [cand], None, kind="date", reader=reader)
            if _CUT_YEAR.search(text):  # "13 ม.ค. 256": the box clipped the year's end
                text, conf = _read_thai(img, [_widened(cand)], None, kind="date", reader=reader)
            parsed = th_dates.parse_thai_date(text)
            if parsed.status != "invalid":
                break
        if parsed.status != "invalid":
            th_parse, th_conf, th_line = parsed, conf, cand
            break
    th_ok = th_parse.status in ("valid", "partial", "lifelong")
    if en_ok and th_ok and th_dates.dates_agree(th_parse.value, en_parse.value):
        c = min(1.0, 0.5 + 0.5 * max(en_conf, th_conf))
        if whole := _lost_day(img, en_line, th_line, en_parse.value):
            return _pair(whole, whole, en_line, th_line, 0.8 * c, 0.8 * c)
        return _pair(en_parse.value, th_parse.value, en_line, th_line, c, c)
    if en_ok and th_ok:
        # One line read whole, its twin partly (a day or month lost to blur): the whole
        # reading stands for both, a little less sure.
        for full, part in ((th_parse.value, en_parse.value), (en_parse.value, th_parse.value)):
            if th_dates.completes(full, part):
                c = 0.8 * min(1.0, 0.5 + 0.5 * max(en_conf, th_conf))
                return _pair(full, full, en_line, th_line, c, c)
    # Where neither line's reading confirms the other, the lines' pixels may: the English
    # line or, lost, the column's lowest lines that hold digits; the Thai candidates, then
    # any line above that holds digits (a year clipped: the line widened too).
    en_at = [en_line] if en_line is not None else _digit_lines(img, en_cands, 2)[:3]
    th_at = _digit_lines(img, [*th_lines, *th_cands], 3)
    th_at += [_widened(c) for c in th_at if c.crnn and _CUT_YEAR.search(c.crnn.text)]
    if en_at and th_at and (shaped := _date_by_shapes(img, en_at, th_at)):
        date, en_line, th_line, c = shaped
        return _pair(date, date, en_line, th_line, c, c)
    whole_en = en_parse.status == "valid" and th_parse.status != "valid"
    if en_ok and (not th_ok or en_conf >= 0.8 or whole_en):
        # The Latin recogniser is the stronger reader (and a whole date beats a partial
        # one); the Thai line follows it, flagged by a lower confidence because the two
        # lines disagreed.
        date = _lost_day(img, en_line, th_line, en_parse.value) or en_parse.value
        return _pair(date, date, en_line, th_line, en_conf * 0.85, en_conf * 0.6)
    if th_ok:
        date = _lost_day(img, en_line, th_line, th_parse.value) or th_parse.value
        return _pair(date, date, en_line, th_line, th_conf * 0.5, th_conf * 0.8)
    return None, None


def _lost_day(
    img: np.ndarray, en_line: Line | None, th_line: Line | None, date: th_dates.CardDate
) -> th_dates.CardDate | None:
    """A date read without its day (a month and year, or a year alone), whose day the
    CRNN's reading of either date line holds ("6 Dcc. 1912" where the Latin reader saw
    "Dec 1970"; a year alone takes the CRNN's whole date of that year): the whole date.
    None where no line shows a day (a card printed without it)."""
    if date.year is None or date.day is not None:
        return None
    for ln, parse in ((en_line, _parse_en_date), (th_line, th_dates.parse_thai_date)):
        rd = _crnn_read(img, ln) if ln is not None else None
        seen = parse(rd.text).value if rd is not None else None
        if seen is None or seen.day is None:
            continue
        if date.month is None:  # a year alone: the CRNN's whole date of that year
            if seen.is_complete and seen.year == date.year:
                return seen
        elif seen.month == date.month:
            return th_dates.whole_date(date.year, date.month, seen.day)
    return None


_DIGIT_SLOT = "0123456789"
# A card's years: 19xx or 20xx, Buddhist-era 24xx or 25xx.
_CE_CENTURIES = ("19", "20")
_BE_CENTURIES = ("24", "25")
# A date spelt out of a line's output may cost this many nats more than the line's own
# best path.
_DATE_SLACK = float(os.environ.get("THAIID_DATE_SLACK", "12.0"))


def _dates_by_shape(
    img: np.ndarray, ln: Line, months: tuple[str, ...], era: int
) -> dict[th_dates.CardDate, float]:
    """Every whole date ("D Mon. YYYY", month from `months`, year in era `era` years past
    the Christian one) that is the likeliest text of its month and day length in the
    CRNN's output of `ln`, within `_DATE_SLACK` of the line's own best path: the date and
    its log-likelihood."""
    read = _crnn_read(img, ln)
    if read is None or read.probs is None:
        return {}
    rec = recognizer.recognizer()
    own = rec.score(read, read.text)
    out: dict[th_dates.CardDate, float] = {}
    centuries = _CE_CENTURIES if era == 0 else _BE_CENTURIES  # "2131" is a blurred 2031
    keys = [
        (month, n_day, century)
        for month in range(1, len(months) + 1)
        for n_day, century in product((1, 2), centuries)
    ]
    shapes = [
        [*[_DIGIT_SLOT] * n_day, " ", *months[month - 1], " ", *century, *[_DIGIT_SLOT] * 2]
        for month, n_day, century in keys
    ]
    for (month, n_day, _), found in zip(keys, rec.best_of_shapes(read, shapes), strict=True):
        if found is None or not own - found[1] <= _DATE_SLACK:
            continue
        day, year = int(found[0][:n_day]), int(found[0][-4:]) - era
        date = th_dates.whole_date(year, month, day)
        if date is not None and found[1] > out.get(date, -np.inf):
            out[date] = found[1]
    return out


def _digit_lines(img: np.ndarray, lines: Sequence[Line], least: int) -> list[Line]:
    """`lines` (each once) whose CRNN reading holds at least `least` digits."""
    once = list(dict.fromkeys(lines))
    reads = _crnn_reads(img, once)
    return [
        ln
        for ln, r in zip(once, reads, strict=True)
        if r and sum(map(str.isdigit, r.text)) >= least
    ]


def _date_by_shapes(
    img: np.ndarray, en_lines: list[Line], th_lines: list[Line]
) -> tuple[th_dates.CardDate, Line, Line, float] | None:
    """Neither reading of a date's two lines confirms the other: the whole date both
    lines' pixels spell best (`_dates_by_shape` on each, an English candidate and a Thai
    one agreeing on it), with the two lines it came from and a confidence."""
    ens = [(ln, d) for ln in en_lines if (d := _dates_by_shape(img, ln, th_dates.EN_MONTHS, 0))]
    if not ens:
        return None
    best: tuple[float, th_dates.CardDate, Line, Line] | None = None
    for th_line in th_lines:
        th = _dates_by_shape(img, th_line, th_dates.THAI_MONTHS, th_dates.BE_OFFSET)
        for en_line, en in ens:
            for date in en.keys() & th.keys() if en_line is not th_line else ():
                if best is None or en[date] + th[date] > best[0]:
                    best = (en[date] + th[date], date, en_line, th_line)
    if best is None:
        return None
    return best[1], best[2], best[3], 0.6


def _expires_before_issue(out: dict[str, Reading], doe: Reading | None) -> bool:
    """`doe`, an expiry date read, is not after the issue date read already, which passes
    its own checks (not in the future): no card expires before it is issued (`thai.validity`
    rule "doe_after_doi"). An issue date in the future is the misread one."""
    doi = _date_of(out.get("doi_en"), out.get("doi_th"))
    expires = _date_of(doe)
    if doi is None or expires is None or _date_rules_off():
        return False
    fails = th_validity.check_dates(None, doi, expires).failures
    if "doe_after_doi" not in fails or "doi_not_future" in fails:
        return False
    # Unless the issue year is the one misread: the expiry falls on the birthday the birth
    # date read says, for an issue year one digit off the one read ("2562" for 2552).
    born = _date_of(out.get("dob_en"), out.get("dob_th"))
    return born is None or _implied_issue(born, doi, expires) is None


def _lone_birth_date(out: dict[str, Reading], read: Reading | None) -> bool:
    """No birth date was read, and `read`'s date passes the birth rules against the issue
    date read (in range, before issue, old enough): the front's third date line."""
    born, doi = _date_of(read), _date_of(out.get("doi_en"), out.get("doi_th"))
    if "dob_en" in out or "dob_th" in out or born is None or not born.is_complete:
        return False
    return th_validity.check_dates(born, doi, None).valid and _id_allows_birth(out, born)


def _date_of(*reads: Reading | None) -> th_dates.CardDate | None:
    """The date the first of `reads` that was read holds (None: none read, or no date)."""
    read = next((r for r in reads if r is not None), None)
    return read.extra.get("date") if read is not None else None


def _set_date(
    out: dict[str, Reading],
    key: str,
    date: th_dates.CardDate,
    conf: float,
    en_line: Line | None = None,
) -> None:
    """Both lines of date field `key` ("dob", "doe") set to `date`, which a rule gave; each
    keeps the box it was read in (`en_line`: the English line read instead)."""
    th, en = out.get(f"{key}_th"), out.get(f"{key}_en")
    en_line = en_line or (en.lines[0] if en is not None and en.lines else None)
    th_line = th.lines[0] if th is not None and th.lines else None
    out[f"{key}_th"], out[f"{key}_en"] = _pair(date, date, en_line, th_line, conf, conf)


def _mark_unread(out: dict[str, Reading], key: str) -> None:
    """Both lines of date field `key`, which the card's rules gave, marked as not read: a
    frame does not count them (`_read_count`, `_incomplete`), and they go with the frame
    chosen where that has none (`_carried`)."""
    for k in (f"{key}_th", f"{key}_en"):
        if k in out:
            out[k].extra["unread"] = True


def _date_rules_off() -> bool:
    return os.environ.get("THAIID_DOB_RULE") == "0"


def _birth_from_expiry(out: dict[str, Reading]) -> None:
    """A birth date read in part (its day lost to blur or a signature), or one slip away from
    the expiry rule (its day or its month, not both) and read less surely than the issue and
    expiry dates, is completed from them (`validity.birthday_from_expiry`)."""
    th, en, doi, doe = (out.get(k) for k in ("dob_th", "dob_en", "doi_en", "doe_en"))
    dob, issued, expires = _date_of(en, th), _date_of(doi), _date_of(doe)
    if dob is None or issued is None or expires is None or _date_rules_off():
        return
    born = th_validity.birthday_from_expiry(dob, issued, expires)
    if born is None or born == dob:
        return
    sure = min(doi.confidence, doe.confidence)
    partial = dob.is_partial and dob.month in (None, born.month)
    # The day and month come from the expiry alone (the issue date only has to fit the
    # rule's year): its reading is the one to outweigh.
    slip = (
        dob.is_complete
        and (dob.month == born.month) != (dob.day == born.day)
        and max(r.confidence for r in (th, en) if r is not None) < doe.confidence
        and "expiry_rule" in th_validity.check_dates(dob, issued, expires).failures
    )
    if partial or slip:
        _set_date(out, "dob", born, 0.8 * sure)


def _issue_year_from_expiry(out: dict[str, Reading]) -> None:
    """An issue year the expiry rule refuses, one digit from the year the birth and expiry
    dates imply for the day and month read ("25 มี.ค. 2500" for 2560), is that year
    (`validity.issue_year_from_expiry`)."""
    dob, doe = out.get("dob_en"), out.get("doe_en")
    doi, born, expires = (
        _date_of(out.get("doi_en"), out.get("doi_th")),
        _date_of(dob),
        _date_of(doe),
    )
    if doi is None or doi.year is None or born is None or expires is None or _date_rules_off():
        return
    implied = _implied_issue(born, doi, expires)
    if implied is not None:
        _set_date(out, "doi", implied, 0.8 * min(dob.confidence, doe.confidence))


def _implied_issue(
    born: th_dates.CardDate, doi: th_dates.CardDate, expires: th_dates.CardDate
) -> th_dates.CardDate | None:
    """The issue date the birth and expiry dates imply for the issue day and month read,
    where its year is one digit off the year read (`validity.issue_year_from_expiry`)."""
    implied = th_validity.issue_year_from_expiry(born, doi, expires)
    if implied is None or implied.year == doi.year or doi.year is None:
        return None
    read = (str(doi.year), str(doi.be_year))
    want = (str(implied.year), str(implied.be_year))
    if min(Hamming.distance(a, b) for a, b in zip(read, want, strict=True)) != 1:
        return None
    return implied


def _issue_by_rules(img: np.ndarray, out: dict[str, Reading]) -> None:
    """An issue date no card prints (before the smart card, in the future), the birth date
    read whole: the date the card's rules allow that the issue lines' pixels support best
    (`_date_line_scores`). With a whole expiry read, the issue dates its rule gives for the
    birthday; else the day read in any month and year, the expiry's lines judging too where
    the expiry read is no whole date, and taking the expiry the rule gives."""
    doi = _date_of(out.get("doi_en"), out.get("doi_th"))
    born = _date_of(out.get("dob_en"), out.get("dob_th"))
    read = out.get("doe_en") or out.get("doe_th")
    doe = _date_of(read)
    span = doi.bounds() if doi is not None else None
    today = _dt.date.today()
    if span is None or born is None or _date_rules_off() or (b := born.to_date()) is None:
        return
    if span[0] >= th_validity.SMART_CARD_FROM and span[1] <= today:
        return
    lifelong = doe is not None and doe.lifelong
    expires = doe.to_date() if doe is not None and not lifelong else None
    if expires is not None and expires <= th_validity.SMART_CARD_FROM:
        expires = None  # misread too ("2538"): the rule gives it
    keep = th_dates.CardDate(lifelong=True) if lifelong else None

    def allowed(dates: Iterable[_dt.date]) -> list[_dt.date]:
        return [
            x
            for x in dates
            if th_validity.SMART_CARD_FROM <= x <= today
            and th_validity.check_dates(born, th_dates.CardDate.of(x), keep).valid
        ]

    cands = allowed(th_validity.issue_dates_for_expiry(b, expires)) if expires else []
    if not cands and doi.day is not None:
        # (an expiry no allowed issue date gives, "2588" for "2568" beside a future issue
        # "2579", is misread too: the rule gives it)
        expires = None
        years = range(th_validity.SMART_CARD_FROM.year, today.year + 1)
        whole = (th_dates.whole_date(y, m, doi.day) for y, m in product(years, range(1, 13)))
        cands = allowed(d for w in whole if w is not None and (d := w.to_date()) is not None)
    if not cands:
        return
    totals = _date_line_scores(img, out, "doi", [th_dates.CardDate.of(x) for x in cands])
    rule_doe = expires is None and not lifelong and read is not None
    if rule_doe:
        totals = totals + _date_line_scores(
            img,
            out,
            "doe",
            [th_dates.CardDate.of(th_validity.expected_expiry(b, x)) for x in cands],
        )
    if not np.isfinite(totals).any():
        return
    best = cands[int(np.argmax(totals))]
    conf = 0.5 * min(r.confidence for r in (out.get("dob_en"), out.get("dob_th")) if r)
    _set_date(out, "doi", th_dates.CardDate.of(best), conf)
    if rule_doe:
        _set_date(out, "doe", th_dates.CardDate.of(th_validity.expected_expiry(b, best)), conf)


def _date_line_scores(
    img: np.ndarray, out: dict[str, Reading], key: str, dates: list[th_dates.CardDate]
) -> np.ndarray:
    """How well the lines date field `key` was read in support each of `dates`: each
    line's CRNN output scores its reading with the date's span (first digit to last)
    replaced by the date as the line prints it, summed over the Thai and English lines
    (-inf where neither line has CRNN output)."""
    rec = recognizer.recognizer() if recognizer.available() else None
    total = np.zeros(len(dates))
    scored = False
    for lang, fmt in (("en", th_dates.format_en_date), ("th", th_dates.format_thai_date)):
        r = out.get(f"{key}_{lang}")
        rd = _crnn_read(img, r.lines[0]) if rec and r is not None and r.lines else None
        if rd is None or rd.probs is None:
            continue
        m = re.search(r"\d(?:.*\d)?", rd.text)
        head, tail = (rd.text[: m.start()], rd.text[m.end() :]) if m else ("", "")
        total += rec.scores(rd, [f"{head}{fmt(d)}{tail}" for d in dates])
        scored = True
    return total if scored else np.full(len(dates), -np.inf)


def _expiry_from_birth(out: dict[str, Reading]) -> None:
    """An expiry date read with its day lost or cut short, the birth and issue dates read
    whole, is the one they imply (`validity.expiry_from_birthday`); so is one whose day is
    one digit off theirs ("20" for "29"), or whose month is misread beside the whole day,
    read less surely than both; one read as a year alone, or not at all, too
    (`_expiry_from_year`). Without a whole issue date, its month and year read take the
    birthday's eve (`validity.expiry_in_year`)."""
    dob, doi = out.get("dob_en"), out.get("doi_en")
    doe, born, issued = _date_of(out.get("doe_en"), out.get("doe_th")), _date_of(dob), _date_of(doi)
    read = out.get("doe_en") or out.get("doe_th")
    if born is None or dob is None or _date_rules_off():
        return
    if doe is None or read is None:
        if issued is not None and issued.is_complete:
            _expiry_from_year(out, born, issued, None)
        return
    if issued is None or not issued.is_complete:
        # No whole issue date: an expiry read without its day takes the birthday's eve in
        # the year and month read.
        if (whole := th_validity.expiry_in_year(born, doe)) is not None:
            _set_date(out, "doe", whole, 0.8 * min(dob.confidence, read.confidence))
        return
    slip = read.confidence < min(dob.confidence, doi.confidence)
    implied = th_validity.expiry_from_birthday(born, issued, doe, slip=slip)
    if implied is not None and implied != doe:
        _set_date(out, "doe", implied, 0.8 * min(dob.confidence, doi.confidence))
    elif implied is None and doe.month is None and doe.day is None and not doe.lifelong:
        _expiry_from_year(out, born, issued, doe)


def _expiry_from_year(
    out: dict[str, Reading],
    born: th_dates.CardDate,
    issued: th_dates.CardDate,
    doe: th_dates.CardDate | None,
) -> None:
    """An expiry read as a year alone (blur took its day and month) that the birth and
    issue dates read whole do not give, or none read (`doe` None: a signature across it):
    the year read, where it was read more surely than the issue date and the issue year
    one digit off fits it, sets both ("2571" beside "12 พ.ค. 2562": 21 มิ.ย. 2571 and
    12 พ.ค. 2563); else the expiry the two dates give stands for it (a year alone is no
    printed expiry). A holder 70 at issue holds a card for life, whatever the blur made of
    its "ตลอดชีพ" (one who turns 70 later may hold either; a year read says a date)."""
    b, i = born.to_date(), issued.to_date()
    if b is None or i is None:
        return
    dob = out["dob_en"]
    # (each date as surely as either of its lines read it)
    doi_sure, doe_sure = (
        max((r.confidence for k in ("_th", "_en") if (r := out.get(key + k))), default=0.0)
        for key in ("doi", "doe")
    )
    lifelong = th_validity.lifelong_at_issue(b, i)
    if not lifelong and doe is not None and doe.year is not None and doe_sure > doi_sure:
        eve = th_validity.expiry_eve_in(b, doe.year)
        fixed = _implied_issue(born, issued, th_dates.CardDate.of(eve))
        if fixed is not None:
            sure = 0.8 * min(dob.confidence, doe_sure)
            _set_date(out, "doi", fixed, sure)
            _set_date(out, "doe", th_dates.CardDate.of(eve), sure)
            return
    given = (
        th_dates.CardDate(lifelong=True)
        if lifelong
        else th_dates.CardDate.of(th_validity.expected_expiry(b, i))
    )
    _set_date(out, "doe", given, 0.8 * min(dob.confidence, doi_sure))
    if doe is None:  # given, not read: another frame may still read it (`_incomplete`)
        _mark_unread(out, "doe")


def _pair(
    en_val: th_dates.CardDate,
    th_val: th_dates.CardDate,
    en_line: Line | None,
    th_line: Line | None,
    en_c: float,
    th_c: float,
) -> tuple[Reading, Reading]:
    en_r = Reading(
        th_dates.format_en_date(en_val), en_c, [en_line] if en_line else [], extra={"date": en_val}
    )
    th_r = Reading(
        th_dates.format_thai_date(th_val),
        th_c,
        [th_line] if th_line else [],
        extra={"date": th_val},
    )
    return th_r, en_r


_NAME_TH_LABELS = ("ชื่อตัวและชื่อสกุล", "ชื่อตัว", "ชื่อสกุล")


def _strip_thai_label(text: str, labels: tuple[str, ...]) -> str:
    words = text.split(" ")
    if not words:
        return text
    for n in (1, 2):
        head = "".join(words[:n])
        if any(fuzz.ratio(head, lab) >= 70 for lab in labels):
            return " ".join(words[n:])
    # "ชื่อตัวและชื่อสกุล" misread past recognition keeps its "และ" ("จํงสาและขัอสกุด").
    if "ชื่อตัวและชื่อสกุล" in labels and "และ" in words[0] and len(words[0]) >= 8:
        return " ".join(words[1:])
    return text


def _row_index(rows: list[list[Line]], ln: Line | None) -> int | None:
    if ln is None:
        return None
    for i, r in enumerate(rows):
        if ln in r:
            return i
    return None


def _value_rows(lines: list[Line], below: float) -> list[list[Line]]:
    """Rows under `below` that reach into the value column (left-column labels alone and
    the photo area are not value rows)."""
    pool = [ln for ln in lines if ln.cy > below and ln.x0 < _PHOTO_X and not ln.used]
    if pool:
        # Specks (guilloche or photo-edge blobs) would make rows of their own.
        med = float(np.median([ln.h for ln in pool]))
        pool = [ln for ln in pool if not (ln.h < 0.6 * med and ln.x1 - ln.x0 < 1.5 * ln.h)]
    rows = _rows(pool)
    return [r for r in rows if max(ln.x1 for ln in r) > 0.36 * CARD_W]


def _joined(img: np.ndarray, ln: Line, pool: list[Line]) -> Line:
    """`ln` grown over its same-row neighbours a small gap away, and read: the detector
    splits a date into "23 May" and "2033" now and then. `ln` itself when alone."""
    row = [
        c
        for c in pool
        if c is not ln and min(c.y1, ln.y1) - max(c.y0, ln.y0) > 0.6 * min(c.h, ln.h)
    ]
    x0, x1, y0, y1 = ln.x0, ln.x1, ln.y0, ln.y1
    grown = True
    while grown:
        grown = False
        for c in row:
            gap = max(c.x0 - x1, x0 - c.x1)
            if -0.5 * ln.h < gap < 1.2 * ln.h and not (c.x0 >= x0 and c.x1 <= x1):
                x0, x1, y0, y1 = min(x0, c.x0), max(x1, c.x1), min(y0, c.y0), max(y1, c.y1)
                grown = True
    if (x0, x1) == (ln.x0, ln.x1):
        return ln
    out = Line.box(x0, y0, x1, y1)
    _read_latin(img, [out])
    return out


_DAY_BEFORE_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*[A-Za-z]{2,4}[.,]?\s*\d{4}")


def _dob_by_layout(
    img: np.ndarray,
    out: dict[str, Reading],
    rows: list[list[Line]],
    name_i: int | None,
    last_i: int | None,
) -> list[Line]:
    """The English birth date read where the card prints it, two row pitches below "Last
    name", when no row there read as the date (a signature across it broke the detector's
    boxes). Its year is kept when the expiry date (the day before a birthday) confirms its
    day or its month, and gives both; a stroke past its end may add a glyph ("19722").
    Returns the lines placed (the Thai birth line's too, a pitch above), for
    `_dob_by_line_pixels` where none set the date."""
    if last_i is None or last_i >= len(rows) or (name_i is not None and last_i <= name_i):
        return []
    doi, doe = _date_of(out.get("doi_en")), _date_of(out.get("doe_en"))
    if doi is None or doe is None:
        return []
    last = rows[last_i][-1]
    pitch = _NAME_PITCH * CARD_H  # "Name" lost: the card's own
    if name_i is not None:
        pitch = (last.cy - rows[name_i][-1].cy) / (last_i - name_i)
    if not 0.04 * CARD_H < pitch < 0.12 * CARD_H:
        return []
    h, x0 = last.h, min(ln.x0 for ln in rows[last_i])
    # The rows' own pitch, else the card's: a stroke across the name rows can shift their
    # boxes by a fifth of a pitch, which doubled cuts the date line in half.
    places = [last.cy + 2 * pitch]
    if abs(pitch - _NAME_PITCH * CARD_H) >= 0.1 * h:
        places.append(last.cy + 2 * _NAME_PITCH * CARD_H)
    x1 = min(CARD_W - 1.0, 0.66 * CARD_W)
    placed = [Line.box(x0, cy - 0.6 * h, x1, cy + 0.6 * h) for cy in places]
    for line in placed:
        if _dob_from_line(img, out, line, doi, doe):
            return []
    return [Line.box(x0, last.cy + pitch - 0.6 * h, x1, last.cy + pitch + 0.6 * h), *placed]


def _dob_from_line(
    img: np.ndarray,
    out: dict[str, Reading],
    line: Line,
    doi: th_dates.CardDate,
    doe: th_dates.CardDate,
) -> bool:
    """`_dob_by_layout` on one placed line: whether it set the birth date."""
    _read_latin(img, [line], rule=_date_rule)
    text = line.text.rstrip()
    # The day before a month too damaged to parse counts too: "29 fep 1972".
    m = _DAY_BEFORE_MONTH.search(text)
    for cut in range(3):
        d = _parse_en_date(text[: len(text) - cut]).value if len(text) > cut else None
        if d is None or d.year is None:
            continue
        born = th_validity.birthday_from_expiry(d, doi, doe)
        day = d.day if d.day is not None else (int(m.group(1)) if m else None)
        # The year as read, and the day or the month read as the expiry implies.
        if (
            born is not None
            and (born.day == day or born.month == d.month)
            and _id_allows_birth(out, born)
        ):
            conf = 0.8 * min(line.latin.confidence, out["doe_en"].confidence)
            _set_date(out, "dob", born, conf, en_line=line)
            return True
    return False


# A birth year other than the one the English line reads must beat it by this many nats
# over both date lines' pixels.
_YEAR_MARGIN = 1.0
_YEAR_RUN = re.compile(r"\d{3,5}")


def _dob_year_by_pixels(img: np.ndarray, out: dict[str, Reading]) -> None:
    """A whole birth date's year set to the one both date lines' pixels support best
    (`_year_by_pixels`) among those that keep the card's date rules: a signature or blur
    takes a digit from each line, rarely the same one. The Thai line, where none was read,
    is looked for a row pitch above the English one."""
    en, th = out.get("dob_en"), out.get("dob_th")
    dob, doi, doe = _date_of(en, th), _date_of(out.get("doi_en")), _date_of(out.get("doe_en"))
    if dob is None or not dob.is_complete or en is None or not en.lines or _date_rules_off():
        return
    en_line = en.lines[0]
    th_line = th.lines[0] if th is not None and th.lines else None
    if th_line is None or th_line is en_line:
        up = _NAME_PITCH * CARD_H
        th_line = Line.box(en_line.x0, en_line.y0 - up, en_line.x1, en_line.y1 - up)

    def fits(y: int) -> bool:
        born = th_dates.CardDate(y, dob.month, dob.day)
        return (
            born.to_date() is not None
            and th_validity.check_dates(born, doi, doe).valid
            and _id_allows_birth(out, born)
        )

    # A year the ID number refuses (its first digit tells births from 1984 on) is no
    # candidate: the best year the pixels give among those it allows replaces it.
    keep = _id_allows_birth(out, dob)
    year = _year_by_pixels(img, en_line, th_line, dob.year, fits, keep)
    if year == dob.year and not keep:  # no allowed year found: the one read stays, in doubt
        for k in ("dob_en", "dob_th"):
            if (r := out.get(k)) is not None:
                out[k] = replace(r, confidence=0.5 * r.confidence)
    if year != dob.year:
        born = th_dates.CardDate(year, dob.month, dob.day)
        _set_date(out, "dob", born, 0.8 * min(en.confidence, th.confidence if th else 1.0))


def _year_by_pixels(
    img: np.ndarray,
    en_line: Line,
    th_line: Line,
    year: int,
    fits: Callable[[int], bool],
    keep: bool = True,
) -> int:
    """The birth year both date lines support best (`_year_scores`), among the years `fits`
    allows; another year than `year` must beat it by `_YEAR_MARGIN`, unless `keep` is
    False (`year` itself is refused: the best allowed year wins outright)."""
    cands = [y for y in range(year - 60, year + 61) if (keep and y == year) or fits(y)]
    totals = _year_scores(img, en_line, th_line, cands) if cands else None
    if totals is None:
        return year
    best = int(np.argmax(totals))
    if not keep:
        return cands[best]
    return cands[best] if totals[best] > totals[cands.index(year)] + _YEAR_MARGIN else year


def _id_allows_birth(out: dict[str, Reading], born: th_dates.CardDate) -> bool:
    """The ID number read allows a birth on `born`, a whole date
    (`thai.id_number.sound_id_allows_birth`); True when either is missing."""
    num, day = out.get("id_number"), born.to_date()
    return num is None or day is None or th_id.sound_id_allows_birth(num.value, day)


def _year_scores(
    img: np.ndarray, en_line: Line, th_line: Line, years: list[int]
) -> np.ndarray | None:
    """How well both date lines' pixels support each birth year of `years`: each line's
    CRNN output scores its own reading with its year (its last digit run, clipped or grown
    by a stroke) replaced by the candidate's, and the two scores add up. A signature cuts a
    digit from each line, rarely the same one. None without the model, or unless both lines
    read as what they are: the Thai one with Thai letters and a Buddhist-era year, the
    English one without and a Christian one."""
    if not recognizer.available():
        return None
    runs = []
    for ln, thai in ((en_line, False), (th_line, True)):
        rd = _crnn_read(img, ln)
        found = list(_YEAR_RUN.finditer(rd.text)) if rd is not None and rd.probs is not None else []
        era = _BE_CENTURIES if thai else _CE_CENTURIES
        if not found or not found[-1].group().startswith(era):
            return None
        if bool(_THAI_LETTER.search(rd.text)) != thai:
            return None
        runs.append((rd, found[-1], th_dates.BE_OFFSET if thai else 0))
    rec = recognizer.recognizer()
    totals = np.zeros(len(years))
    for rd, m, offset in runs:
        head, tail = rd.text[: m.start()], rd.text[m.end() :]
        totals += rec.scores(rd, [f"{head}{y + offset}{tail}" for y in years])
    return totals


_YEAR = re.compile(rf"(?<!\d)((?:{'|'.join(_CE_CENTURIES + _BE_CENTURIES)})\d\d)(?!\d)")


def _allowed_birth(
    out: dict[str, Reading], year: int, doi: th_dates.CardDate, doe: th_dates.CardDate
) -> th_dates.CardDate | None:
    """The birth date in `year` the expiry implies (the day before a birthday), where it
    keeps the card's date rules and the ID number read allows it; else None."""
    born = th_validity.birthday_from_expiry(th_dates.CardDate(year), doi, doe)
    if born is None or not th_validity.check_dates(born, doi, doe).valid:
        return None
    return born if _id_allows_birth(out, born) else None


def _dob_by_years(img: np.ndarray, out: dict[str, Reading], band: list[Line]) -> None:
    """A birth date neither birth line gave (a signature across both cut the day, month or
    year from each): the expiry gives its day and month (the day before a birthday), and
    the year comes from the four-digit years read on the lines under "Last name", a
    Buddhist-era year on the Thai line counting as its Christian one. A year both lines
    show wins; the date must keep the card's date rules."""
    doi, doe = _date_of(out.get("doi_en")), _date_of(out.get("doe_en"))
    if doi is None or doe is None or _date_rules_off():
        return
    seen: dict[int, tuple[set[bool], float, Line]] = {}
    for ln in band:
        for text, conf in _digit_views(img, ln):
            for m in _YEAR.finditer(text):
                year = int(m.group(1))
                be = year >= 2400
                ce = year - th_dates.BE_OFFSET if be else year
                eras, best, where = seen.get(ce, (set(), 0.0, ln))
                if not be and conf > best:
                    where = ln  # the English line holds the date's box
                seen[ce] = (eras | {be}, max(best, conf), where)
    found = []
    for ce, (eras, conf, ln) in seen.items():
        if (born := _allowed_birth(out, ce, doi, doe)) is not None:
            found.append((eras, conf, born, ln))
    if not found:
        return
    chosen = max(found, key=lambda f: (len(f[0]), f[1]))
    if len(chosen[0]) < 2 and len(found) > 1:  # two years, neither seen on both lines
        chosen = _year_both_lines_favour(img, found)
        if chosen is None:
            return
    eras, conf, born, ln = chosen
    sure = min(out["doi_en"].confidence, out["doe_en"].confidence)
    _set_date(out, "dob", born, (0.6 if len(eras) > 1 else 0.45) * min(conf, sure), en_line=ln)


# A birth year no line read must beat every other year the date rules allow by this many
# nats summed over the birth lines' pixels; the date it gives is trusted this much of the
# issue and expiry dates it comes from.
_UNREAD_YEAR_MARGIN = float(os.environ.get("THAIID_UNREAD_YEAR_MARGIN", "") or 4.0)
_UNREAD_YEAR_TRUST = 0.4
# A birth line speaks only where some spelling scores within this many nats of its own
# reading. On the read seeds' signed copies: 15 set two dates right and none wrong; 25 one
# more right and one wrong.
_UNREAD_FIT = 15.0
# The birth lines' label, as the Thai and the English line print it.
_DOB_LABELS = ("เกิดวันที่ ", "Date of Birth ")


def _dob_by_line_pixels(img: np.ndarray, out: dict[str, Reading], band: list[Line]) -> None:
    """A birth date no reading gave a year for (a signature across both birth lines): the
    expiry gives its day and month, and each year the card's date rules and ID number allow
    is spelt as the lines print it ("5 ส.ค. 2555", "Date of Birth 5 Aug. 2012"), each line's
    CRNN output scoring the spelling that fits it best. The year whose spellings the lines
    favour most, by `_UNREAD_YEAR_MARGIN`, gives the date."""
    doi, doe = _date_of(out.get("doi_en")), _date_of(out.get("doe_en"))
    if doi is None or doe is None or doi.year is None or _date_rules_off():
        return
    if not recognizer.available():  # no CRNN output to score the spellings on
        return
    years = range(doi.year - 120, doi.year + 1)
    borns = [b for y in years if (b := _allowed_birth(out, y, doi, doe)) is not None]
    if len(borns) < 2:
        return
    spelt = [
        [label + fmt(b) for b in borns]
        for fmt in (th_dates.format_thai_date, th_dates.format_en_date)
        for label in ("", *_DOB_LABELS)
    ]
    rec = recognizer.recognizer()
    totals = np.zeros(len(borns))
    used: dict[bool, Line] = {}  # the line that spoke, Thai and English
    for ln in band:
        rd = _crnn_read(img, ln)
        if rd is None or rd.probs is None or not re.search(r"\d", rd.text):
            continue
        best = max((rec.scores(rd, texts) for texts in spelt), key=lambda sc: float(sc.max()))
        # A line no spelling fits near its own reading (a label's scrap, junk) says nothing.
        if not np.isfinite(best).all() or best.max() < rec.score(rd, rd.text) - _UNREAD_FIT:
            continue
        totals += best
        used.setdefault(bool(_THAI_LETTER.search(rd.text)), ln)
    if not used:
        return
    order = np.argsort(totals)[::-1]
    if totals[order[0]] - totals[order[1]] < _UNREAD_YEAR_MARGIN:
        return
    sure = min(out["doi_en"].confidence, out["doe_en"].confidence)
    _set_date(out, "dob", borns[int(order[0])], _UNREAD_YEAR_TRUST * sure, en_line=used.get(False))
    if True in used:
        out["dob_th"] = replace(out["dob_th"], lines=[used[True]])


def _year_both_lines_favour(
    img: np.ndarray, found: list[tuple[set[bool], float, th_dates.CardDate, Line]]
) -> tuple[set[bool], float, th_dates.CardDate, Line] | None:
    """Of two birth years, one read only on the English line and one only on the Thai line
    (a signature took a digit from one), the one both lines' pixels favour by
    `_YEAR_MARGIN` (`_year_scores`); None when they do not decide."""
    ce = [f for f in found if f[0] == {False}]
    be = [f for f in found if f[0] == {True}]
    if len(found) != 2 or len(ce) != 1 or len(be) != 1:
        return None
    totals = _year_scores(img, ce[0][3], be[0][3], [ce[0][2].year, be[0][2].year])
    if totals is None or abs(totals[0] - totals[1]) <= _YEAR_MARGIN:
        return None
    return ce[0] if totals[0] > totals[1] else be[0]


def _grown_date(img: np.ndarray, ln: Line, pool: list[Line]) -> Line | None:
    """An English date line that did not parse, grown into a valid date: joined to its
    same-row neighbours, or widened where the detector clipped its ends ("28 Aug. 202");
    None when neither parses."""
    joined = _joined(img, ln, pool)
    if _en_date(joined).status == "valid":
        return joined
    wide = _widened(ln)
    _read_latin(img, [wide], rule=_date_rule)
    return wide if _en_date(wide).status == "valid" else None


def _widened(ln: Line, pad: float = 0.6) -> Line:
    """`ln` grown by `pad` × its height at both ends (within the card)."""
    x0, x1 = max(0.0, ln.x0 - pad * ln.h), min(CARD_W - 1.0, ln.x1 + pad * ln.h)
    return Line.box(x0, ln.y0, x1, ln.y1)


def _aligned(col: list[Line]) -> list[Line]:
    """The lines of a printed column: those left-aligned with the most others (the date,
    its label and its Thai twin), without the signature and officer lines beside them."""
    if len(col) < 3:
        return col
    tol = [0.8 * float(np.median([c.h for c in col]))] * len(col)
    groups = [[c for c in col if abs(c.x0 - ln.x0) < t] for ln, t in zip(col, tol, strict=True)]
    best = max(groups, key=len)
    return best if len(best) >= 2 else col


def _en_name_line(ln: Line) -> bool:
    return bool(_NAME_LABEL.match(ln.text)) and not _LAST_LABEL.match(ln.text)


def _read_front(
    img: np.ndarray, lines: list[Line], id_line: Line | None, id_read: Reading | None
) -> dict[str, Reading]:
    out: dict[str, Reading] = {}
    if id_read is not None:
        out["id_number"] = id_read
    top = id_line.y1 if id_line is not None else 0.18 * CARD_H
    rows = _value_rows(lines, top)

    # Value lines of a row: right of the left-column label, left of the photo.
    def values(row: list[Line], x_min: float) -> list[Line]:
        return [ln for ln in row if ln.cx > x_min and ln.x0 < _PHOTO_X]

    # --- "Name" / "Last name": the first rows whose Latin reading carries those labels.
    head = rows[:6]
    name_i = last_i = None
    if len(head) > 2:
        # The Thai name row usually comes first: the second row is tried first, so that the
        # Thai row is not read by the Latin reader for nothing.
        _read_latin(img, head[1][-1:], latin_only=True)
        if any(_en_name_line(ln) for ln in head[1]):
            name_i, last_i = 1, 2
        elif _LAST_LABEL.search(" ".join(ln.text for ln in head[1])):
            name_i, last_i = 0, 1
    for i in range(min(len(head), 4) if name_i is None else 0):
        _read_latin(img, head[i][-1:] if len(head[i]) > 1 else head[i], latin_only=True)
        row_text = " ".join(ln.text for ln in head[i])
        if not _EN_LABELS.search(row_text) and len(head[i]) > 1:
            _read_latin(img, head[i][:-1], latin_only=True)  # the label: a box of its own?
            row_text = " ".join(ln.text for ln in head[i])
        if name_i is None and any(_en_name_line(ln) for ln in head[i]):
            name_i = i
        elif _LAST_LABEL.search(row_text):
            last_i = i
            break
        if name_i is not None and i > name_i and last_i is None:
            last_i = i
            break
    if name_i is None and last_i is not None:
        name_i = last_i - 1 if last_i >= 1 else None  # "Last name" is the first row found
    elif name_i is None:
        name_i = 1 if len(rows) > 1 else None
        last_i = 2 if len(rows) > 2 else None
    if last_i is None and name_i is not None and name_i + 1 < len(rows):
        last_i = name_i + 1
    name_at = None  # the Name line placed by the layout, where the detector lost it
    above_i = name_i  # the row the Thai name is looked for above
    if name_i is not None and last_i == name_i + 1:
        if rows[last_i][-1].cy - rows[name_i][-1].cy > 1.6 * _NAME_PITCH * CARD_H:
            # The row above "Last name" is a pitch and a half off: the Thai name's (a
            # handwritten line across "Name" merged the two, or hid "Name").
            name_at, name_i, above_i = _name_above(rows[last_i]), None, last_i
    elif name_i is None and last_i == 0:
        # "Last name" is the first row under the ID: a handwritten line across the name rows
        # made one blob of them, which the detector dropped. Both are read where the layout
        # prints them (the Thai name in the band between the ID and "Name").
        name_at, above_i = _name_above(rows[0]), None
    name_line = rows[name_i][-1] if name_i is not None else name_at
    x_col = (name_line.x0 - 0.04 * CARD_W) if name_line is not None else 0.3 * CARD_W
    if name_line is not None:
        _read_latin(img, [name_line])
        name_line = _value_right_of(img, name_line, _NAME_LABEL)
        text = _NAME_LABEL.sub("", _norm_latin(name_line.text))
        text = _EN_TITLE_COMMA.sub(r"\1. ", text)  # "Mrs, Chatcha": a comma for the dot
        text = _EN_TITLE_GLUED.sub(r"\1. ", text)
        m_title = _EN_TITLE_ANY.search(text)
        if m_title and m_title.start() > 0:
            text = text[m_title.start() :]  # a misread "Name" label before the title
        title, first = _split_en_name(text)
        if first and not title:
            title, first = _tied_title(img, name_line, first)
        if first and _DIGITS2.search(first) is None:  # a date or the serial is not a name
            title = th_titles.snap_title_en(title) if title else None
            if title and (printed := th_titles.printed_en_for(title)) != (title,):
                title = _printed_title(img, name_line, title, printed)
            value = f"{title} {first}" if title else first
            conf = name_line.latin.confidence
            out["title_name_en"] = Reading(value, conf, [name_line], valid=title is not None)
            if title:
                out["title_en"] = Reading(title, conf, [])
            else:  # "Nae rs Ariphon": the line as read stays for the Thai title to settle
                first = _last_name_word(text) or first  # (as read: "rChonthit")
            out["name_en"] = Reading(first, conf, [])
    if last_i is not None:
        last_line = rows[last_i][-1]
        _read_latin(img, [last_line])
        last_line = _value_right_of(img, last_line, _LAST_LABEL)
        text = _en_surname(last_line.text)
        if text and _DIGITS2.search(text) is None:
            out["surname_en"] = Reading(text, last_line.latin.confidence, [last_line])
    _twin_english(img, out)
    # --- Thai name: the row above "Name".
    en_title = out["title_en"].value if "title_en" in out else None
    en_first = out["name_en"].value if "name_en" in out else None
    en_last = out["surname_en"].value if "surname_en" in out else None
    best: _NameRead | None = None
    for cand in _thai_name_lines(rows, above_i, name_line, id_line, x_col):
        if cand[0].x0 > 0.2 * CARD_W:  # not a box from the label column (a signature)
            cand = _row_union(cand, gap=-0.2)
        read = _name_read(img, cand, en_title)
        if best is None or read[0] > best[0]:
            best = read
        if read[0][0] == 3:  # a whole name: the row above it is not read
            break
    if best is not None and not _whole_name(best[2]) and (wide := _to_edge(best[1])):
        # The detector lost part of the row ("ชื่อตัวและชื่อสกุล นาย" boxed, the name not):
        # the row is read across the card as one line.
        best = _whole_and_better(best, _name_read(img, wide, en_title))
    band = _name_band(name_line, id_line) if best is not None else None
    if (
        best is not None
        and band is not None
        and (not _whole_name(best[2]) or (best[3] < _BAND_BELOW and _off_band(best[1], band[0])))
    ):
        # Not whole, or read unsurely off the band's middle: the detector boxed pieces of the
        # row only (a tall mark above it, the label), which set the cut too high or low. The
        # band between the ID and "Name" is read across the card.
        best = _whole_and_better(best, _name_read(img, band, en_title))
    if best is not None:
        _, name_th_lines, text, conf = best
        crnn = thai_reader("name") == "crnn"
        # `conf` is the CRNN's least sure character past the label (`_read_thai`'s weakest).
        cuts = None
        if crnn and conf < _VIEW_BELOW and (seen := _read_in_views(img, name_th_lines)):
            text, cuts = seen
        unsure = conf < _name_trust() or orphan_mark(text) is not None  # "ิบรฮีม": อ lost
        if crnn and unsure and ocr.tesseract_available():
            # A glyph the CRNN is unsure of (unseen fonts, damage): Tesseract reads it,
            # unless its reading makes a worse name (a title that does not fit the
            # English one, a missing part, characters no name has).
            tess = _read_thai(img, name_th_lines, otsu=False, height=96, reader="tesseract")
            if _name_shape(tess[0], en_title) >= _name_shape(text, en_title) and (
                # The English line, when read, judges between the two readings.
                _name_agreement(tess[0], en_title, en_first, en_last)
                >= _name_agreement(text, en_title, en_first, en_last)
            ):
                if cuts is not None and len(cuts) == 1:
                    tess = (_sure_crnn_words(cuts[0], text, tess[0]), tess[1])
                text, conf = tess
        if crnn and recognizer.available():
            text = _tones_from_above(img, name_th_lines, text)
        text = silent_heads_joined(text)
        text = _romanized_name(name_th_lines, text, en_title, en_first, en_last)
        text = _glued_name(text, en_title, en_first, en_last)
        text = _spelled_name(name_th_lines, text, en_title, en_first, en_last)
        text = _worded_name(name_th_lines, text, en_title, en_first, en_last)
        text = _vowel_initial_name(text, en_title, en_first, en_last)
        text = _strip_thai_label(text, _NAME_TH_LABELS)
        en_title = _title_by_pixels(img, out, text, name_th_lines) or en_title
        title, first, last = _split_thai_name(text, en_title)
        if first:
            title_s = th_titles.snap_title_th(title) if title else None
            parts = [p for p in (title_s, first, last) if p]
            out["title_name_surname_th"] = Reading(
                " ".join(parts),
                conf,
                name_th_lines,
                valid=title_s is not None and bool(last),
            )
            if title_s:
                out["title_th"] = Reading(title_s, conf, [])
            out["name_th"] = Reading(first, conf, [])
            if last:
                out["surname_th"] = Reading(last, conf, [])
    # --- DOB: "Date of Birth" is the second row after "Last name"; Thai twin above it.
    base = last_i if last_i is not None else (name_i + 1 if name_i is not None else 2)
    dob_i = None
    for i in (base + 2, base + 1, base + 3):
        if 0 <= i < len(rows):
            cand = values(rows[i], x_col) or rows[i]
            _read_latin(img, cand[-1:], rule=_date_rule)
            if _DOB_LABEL.search(cand[-1].text) or _en_date(cand[-1]).status == "valid":
                dob_i = i
                break
            if _en_date(cand[-1]).status == "partial" and len(cand) > 1:
                # A date damaged past parsing (a signature across it): the label beside
                # it still tells the row.
                _read_latin(img, cand[:-1])
                if any(_DOB_LABEL.search(ln.text) for ln in cand[:-1]):
                    dob_i = i
                    break
    for i in (base + 1, base + 2) if dob_i is None else ():
        # The English line past reading (blur): the Thai twin, read whole by the CRNN, tells
        # the row; the English one is the next.
        th = values(rows[i], x_col) if 0 <= i < len(rows) - 1 else []
        rd = _crnn_read(img, th[-1]) if th else None
        if rd is not None and th_dates.parse_thai_date(rd.text).status == "valid":
            dob_i = i + 1
            break
    if dob_i is not None:
        en_line = (values(rows[dob_i], x_col) or rows[dob_i])[-1]
        if _en_date(en_line).status != "valid":
            en_line = _grown_date(img, en_line, rows[dob_i]) or en_line
        # The Thai twin: the nearest row above with a value line left of the photo (the
        # detector finds blobs on the photo's edge that form rows of their own).
        th_lines = []
        for i in range(dob_i - 1, last_i or 0, -1):
            th_lines = [ln for ln in values(rows[i], x_col) if ln.x0 < 0.7 * CARD_W]
            if th_lines:
                break
        th_r, en_r = _date_pair(img, en_line, th_lines)
        if th_r:
            out["dob_th"] = th_r
        if en_r:
            out["dob_en"] = en_r
    # --- Issue / expiry: English dates low on the card, Thai twins above them.
    low_from = rows[dob_i][0].y1 if dob_i is not None else 0.6 * CARD_H
    low = [
        ln
        for ln in lines
        if ln.cy > max(low_from, 0.6 * CARD_H) and ln.x0 < _PHOTO_X and not ln.used
    ]
    bottom_th: list[Line] = []
    for key, left in (("doi", True), ("doe", False)):
        whole = sorted((ln for ln in low if (ln.cx < 0.45 * CARD_W) == left), key=lambda ln: ln.cy)
        col = whole[-5:]
        if not col:
            continue
        en_line = None
        # Bottom up, one line at a time (the English date is low), the lines aligned with
        # the column first: signature and officer lines beside it are read only if need be.
        first = _aligned(col)[::-1]
        if len(first) >= 3:  # the English label ("Date of Issue") is printed under the date
            first[0], first[1] = first[1], first[0]
        for ln in [*first, *(c for c in reversed(col) if c not in first)]:
            _read_latin(img, [ln], rule=_date_rule)
            status = _en_date(ln).status
            letters = 2 if re.search(r"\b(?:19|20)\d\d\b", ln.text) else 3  # a CE year
            if status == "valid" or (
                status != "invalid" and re.search(rf"[A-Za-z]{{{letters}}}", ln.text)
            ):
                en_line = ln
                break
            if re.fullmatch(r"\s*\d{4}\s*|.*[A-Za-z]{3}.*", ln.text) and not re.search(
                r"date|of", ln.text, re.I
            ):  # a year or a day-and-month alone: the date may have been split or clipped
                grown = _grown_date(img, ln, low)
                if grown is not None:
                    en_line = grown
                    break
            if re.search(r"life\s*long", ln.text, re.I):
                en_line = ln
                break
        # The officer's name and title lines share the issue date's column: the Thai twin
        # may lie above the five lowest lines.
        above = [ln for ln in whole[-7:] if en_line is None or ln.cy < en_line.cy - 0.5 * en_line.h]
        # The Thai twin carries the Buddhist-era year (four digits) that the Latin reader sees.
        th_cands = []
        # Without the English date, its line and label are among the lines searched.
        reach = _TWIN_REACH + (2 if en_line is None else 0)
        for ln in list(reversed(above))[:reach]:
            views = _digit_views(img, ln, sure=ocr.latin_trust())
            # (or, for the expiry, the lifelong marker: "ตลอดชีพ")
            be_year = (
                re.search(r"\b2[45]\d\d\b", t)
                or (key == "doe" and th_dates.parse_thai_date(t).status == "lifelong")
                for t, _ in views
            )
            if any(be_year):
                th_cands.append(ln)
                break
        if not th_cands and above:  # the Thai reader tries the two lines above in turn
            th_cands = list(reversed(above))[:2]
        th_r, en_r = _date_pair(
            img, en_line, th_cands[:2], first, list(reversed(above))[:_SHAPE_REACH]
        )
        if key == "doe" and _expires_before_issue(out, en_r or th_r):
            # The birth line, in a frame a few pixels off, taken for the expiry's: the
            # birth date, where none was read and the date keeps the birth rules.
            if _lone_birth_date(out, en_r or th_r):
                out.update({k: r for k, r in (("dob_th", th_r), ("dob_en", en_r)) if r})
            continue
        if th_r:
            out[f"{key}_th"] = th_r
            bottom_th.extend(th_r.lines)
        if en_r:
            out[f"{key}_en"] = en_r
    placed: list[Line] = []
    if "dob_en" not in out and "dob_th" not in out:
        placed = _dob_by_layout(img, out, rows, name_i, last_i)
    if "dob_en" not in out and "dob_th" not in out and last_i is not None:
        band = [ln for r in rows[last_i + 1 : last_i + 4] for ln in r if ln.x0 < 0.72 * CARD_W]
        _dob_by_years(img, out, band)
        if "dob_en" not in out and "dob_th" not in out:
            _dob_by_line_pixels(img, out, band)
        if "dob_en" not in out and "dob_th" not in out and placed:
            _dob_by_line_pixels(img, out, band + placed)
            # Spelt on lines the layout placed, none the detector found.
            _mark_unread(out, "dob")
    _birth_from_expiry(out)
    _dob_year_by_pixels(img, out)
    _expiry_from_birth(out)
    _issue_year_from_expiry(out)
    _issue_by_rules(img, out)
    # --- Religion and address: the rows between DOB and the Thai issue/expiry dates.
    # The address starts in the left (label) column; religion rows are indented under DOB.
    dob_line = out["dob_en"].lines[0] if "dob_en" in out and out["dob_en"].lines else None
    start = dob_line.y1 - 0.3 * dob_line.h if dob_line is not None else 0.5 * CARD_H
    mid_pool = [
        ln
        for ln in lines
        # Address text ends before 0.74 W: a line starting past 0.72 W is a blob on the
        # photo's edge (read as "160" and the like).
        if ln.cy > start
        and ln.cy < _dates_top(ln, bottom_th)
        and ln.x0 < 0.72 * CARD_W
        and not ln.used
    ]
    mid_pool = [ln for ln in mid_pool if ln not in bottom_th]
    mid = _rows(mid_pool)
    addr_at = next((i for i, r in enumerate(mid) if r[0].x0 < 0.25 * CARD_W), None)
    rel_rows = mid[:addr_at] if addr_at is not None else mid[:1]
    if rel_rows:
        # The last row before the address, and the one before it (a stray box between the
        # religion row and the address, a blob of the watermark, makes a row of its own).
        out["_religion_lines"] = Reading("", 0.0, rel_rows[-1], extra={"rows": rel_rows[-2:]})
    if addr_at is not None:
        # The address rows start in the left column; rows of photo-edge blobs between
        # them are skipped.
        addr_rows = [_row_union(r) for r in mid[addr_at:] if r[0].x0 < 0.3 * CARD_W][:2]
        if len(addr_rows) == 2:
            addr_rows[1] = _from_column(addr_rows[1], addr_rows[0][0].x0)
        # Tesseract reads upscaled first, then at the crop's own size; the gazetteer is the
        # judge: the first reading it can place is kept, else the main reader's last one.
        readers = _fallbacks("address")
        attempts: Iterable[tuple[str, int | None, list[tuple[str, float]] | None]] = [
            (r, h, None) for r in readers for h in _ADDR_HEIGHTS[r]
        ]
        main = None
        heard: list[str] = []  # house numbers the earlier readings led with
        heard_moo: list[str] = []  # and their หมู่ที่ numbers
        # The CRNN's other cuts of the first row: their house and หมู่ที่ numbers are heard
        # by the pixel checks. The cuts of every row are readings to place as well: without
        # Tesseract, after the CRNN's own; with it, last, and read only if no reading before
        # them places the address.
        alone = not ocr.tesseract_available()
        if alone:
            cuts = _address_cuts(img, addr_rows)
        elif _crnn_numbers_stand(img, addr_rows[0]):
            cuts = []  # the digit checks take the CRNN's own numbers
        else:
            cuts = _address_cuts(img, addr_rows[:1])
        for _, _, raw in cuts:
            head = _past_label(_strip_thai_label(raw[0][0], ("ที่อยู่",)))
            house, moo = _numbers_heard(head + " ")  # (a row of its number alone too)
            heard += [house] if house and house not in heard else []
            heard_moo += [moo] if moo and moo not in heard_moo else []
        if alone:
            attempts = [*attempts, *cuts]
        else:
            attempts = chain(attempts, _called(partial(_address_cuts, img, addr_rows)))
        tried: list[list[str]] = []
        for reader, height, raw in attempts:
            texts, confs = _read_address_rows(
                img, addr_rows, height, reader, heard, heard_moo, raw=raw
            )
            if reader == readers[0] and raw is None:
                main = (texts, confs)
            if _address_resolves(texts):
                break
            tried.append(texts)
            house, moo = _numbers_heard(texts[0] if texts else "")
            heard += [house] if house else []
            heard_moo += [moo] if moo else []
        else:
            texts, confs = main
        if texts and texts[0]:
            checked = _checked_rows(img, addr_rows, texts, tried)
            checked[0] = _crnn_street_names(img, addr_rows[0], checked[0])
            checked[0] = _first_row_by_views(img, addr_rows[0], checked[0])
            texts = _spelled_rows(img, addr_rows, checked)
            _address_fields(out, texts, confs, addr_rows)
    # --- Serial under the photo.
    serial = [
        ln
        for ln in lines
        if ln.cx > 0.62 * CARD_W and ln.cy > 0.62 * CARD_H and ln.x1 - ln.x0 > 4 * ln.h
    ]
    serial.sort(key=lambda ln: -ln.cy)
    # PP-OCR reads it when the CRNN's reading is not a serial; where the detector lost it
    # on the photo's edge, the place the layout prints it is read last.
    for cands, strong in ((serial[:2], False), (serial[:2], True), (_serial_places(), True)):
        for ln in cands:  # one at a time: the next is read only if this one is no serial
            _read_latin(img, [ln], strong=strong)
            s_val = th_serial.normalize_serial(ln.text)
            if s_val:
                out["serial_number"] = Reading(s_val, ln.latin.confidence, [ln], valid=True)
                break
        if "serial_number" in out:
            break
    else:
        _serial_by_shape(img, [*serial[:2], Line.box(*_SERIAL_AT)], out)
    _title_glued_to_name(out)
    _label_glued_to_surname(out)
    _title_from_thai(out)
    _title_from_english(out)
    _title_by_age(out)
    _english_from_thai(img, out)
    if _english_lookalikes(img, out):
        _english_from_thai(img, out)  # "Nanthpthat" → "Nanthpihat": now one swap away
    _title_from_thai(out)  # a title's remnant respelled away ("MNutchri"): the Thai title's
    return out


# A child's title (under 15 at issue) and its adult twin, both ways; English where it differs.
_AGE_TITLES = {
    "ด.ญ.": ("น.ส.", None),
    "ด.ช.": ("นาย", "Mr."),
    "น.ส.": ("ด.ญ.", None),
    "นาย": ("ด.ช.", "Master"),
}


def _title_by_age(out: dict[str, Reading]) -> None:
    """A Thai title that the holder's age at issue refuses (ด.ญ. is printed under 15, น.ส.
    from 15; ด.ช. and นาย alike) read less surely than the birth and issue dates, which
    say the age a year clear of 15 either way: its twin, in Thai and, where it differs,
    in English."""
    title = out.get("title_th")
    dob, doi = out.get("dob_en"), out.get("doi_en")
    if title is None or dob is None or doi is None or title.value not in _AGE_TITLES:
        return
    born, issued = _date_of(dob), _date_of(doi)
    b, i = (born.to_date() if born else None), (issued.to_date() if issued else None)
    if b is None or i is None or _date_rules_off():
        return
    age = th_validity.age_on(b, i)
    child = title.value in ("ด.ญ.", "ด.ช.")
    if (
        (child and age < 16)
        or (not child and age > 13)
        or title.confidence >= min(dob.confidence, doi.confidence)
    ):
        return
    twin, twin_en = _AGE_TITLES[title.value]
    conf = 0.8 * title.confidence
    full = out.get("title_name_surname_th")
    if full is not None and full.value.startswith(title.value):
        out["title_name_surname_th"] = replace(
            full, value=twin + full.value[len(title.value) :], confidence=conf
        )
    out["title_th"] = Reading(twin, conf, title.lines)
    en, line = out.get("title_en"), out.get("title_name_en")
    if twin_en and en is not None and line is not None and line.value.startswith(en.value):
        out["title_en"] = Reading(twin_en, conf, en.lines)
        out["title_name_en"] = replace(line, value=twin_en + line.value[len(en.value) :])


# Where the serial is printed under the photo (card pixels, with a margin for the print's
# shift from card to card): read there when no detected line holds it.
_SERIAL_AT = (_PHOTO_X, 0.885 * CARD_H, 0.99 * CARD_W, 0.97 * CARD_H)
# The place is three lines tall: a faint print there, the photo's edge above it, reads
# better in three overlapping bands a line and a half tall.
_SERIAL_BAND = 0.048 * CARD_H


def _serial_places() -> list[Line]:
    """Where the layout prints the serial: the whole place, then bands across it."""
    x0, y0, x1, y1 = _SERIAL_AT
    step = (y1 - y0 - _SERIAL_BAND) / 2
    return [
        Line.box(*_SERIAL_AT),
        *(Line.box(x0, y0 + k * step, x1, y0 + k * step + _SERIAL_BAND) for k in range(3)),
    ]


_SERIAL_SHAPE = [*[_DIGIT_SLOT] * 4, "-", *[_DIGIT_SLOT] * 2, "-", *[_DIGIT_SLOT] * 8]
# A serial spelt out of a line's output may cost this many nats more than the line's
# own best path (a digit or a dash the blur hid).
_SERIAL_SLACK = float(os.environ.get("THAIID_SERIAL_SLACK", "12.0"))


def _serial_by_shape(img: np.ndarray, cands: list[Line], out: dict[str, Reading]) -> None:
    """No reading of the serial's lines parses: the likeliest 4-2-8 digit text in the
    CRNN's output of any of them, if it costs the pixels little more than the line's own
    best path (blur drops a digit or runs a dash into one)."""
    found = _by_shape(img, cands, _SERIAL_SHAPE, _SERIAL_SLACK)
    if found is not None:
        out["serial_number"] = Reading(found[0], found[1], [found[2]], valid=True)


def _by_shape(
    img: np.ndarray, lines: list[Line], shape: list[str], slack: float
) -> tuple[str, float, Line] | None:
    """The text of `shape` (`recognizer.best_of_shape`) that costs the least against its
    line's own best path, at most `slack` nats, over the CRNN's output of `lines`: the
    text, a confidence (the line's, less for the cost) and its line."""
    if not recognizer.available():
        return None
    rec = recognizer.recognizer()
    best: tuple[float, str, float, Line] | None = None
    for ln, read in zip(lines, _crnn_reads(img, lines), strict=True):
        if read is None or read.probs is None:
            continue
        found = rec.best_of_shape(read, shape)
        if found is None:
            continue
        text, ll = found
        gap = rec.score(read, read.text) - ll
        if np.isfinite(gap) and gap <= slack and (best is None or gap < best[0]):
            conf = read.confidence * float(np.exp(-max(gap, 0.0) / len(text)))
            best = (gap, text, conf, ln)
    return (best[1], best[2], best[3]) if best is not None else None


def _en_surname(text: str) -> str:
    """The English surname line's value: the "Last name" label and its misread pieces
    ("Lastname", "ma", "mameRueokngam") dropped."""
    words = _LAST_LABEL.sub("", _norm_latin(text)).split()
    while (
        len(words) > 1
        and words[0] != "Na"  # "Na Ayutthaya", "Na Ranong": ณ, the prefix of a surname
        and (
            fuzz.partial_ratio(words[0].lower(), "lastname") >= 60
            or (3 <= len(words[0]) <= 5 and Levenshtein.distance(words[0].lower(), "name") <= 2)
            or (words[0].islower() and len(words[0]) <= 3)  # a surname is capitalised
            or _LAST_MISREAD.fullmatch(words[0]) is not None
            or not any(c.isalpha() for c in words[0])  # "'.": a speck of the label
            # (three words or more: short ones ahead of the surname are the label's,
            # "Det mame Loikhlang", "Ess se Suaspha")
            or (len(words) >= 3 and len(words[0]) <= 4)
            # (two: a short piece ahead of a capitalised surname, "Sumw Cherinsuk")
            or (len(words[0]) <= 4 and words[1][:1].isupper() and words[0][:2].lower() != "na")
        )
    ):
        words.pop(0)
    if words:  # "name" glued to the surname
        words[0] = _GLUED_NAME.sub("", words[0])
    if len(words) > 1 and words[0] != "Na" and all(w.isalpha() and w.islower() for w in words[1:]):
        words = ["".join(words)]  # "Phaikha nnam": a space read inside the one word printed
    return th_titles.printed_case(" ".join(w for w in words if w).rstrip(".,"))


# "Last" blurred into a short word ("Let e Aknphatkn", "Lor sw Penmphinie", "Leet sww
# Boonma"): no surname is printed in two words but after "Na" (ณ).
_LAST_MISREAD = re.compile(r"[LI1][aeo][a-z]{0,2}")
_EN_HEAD = re.compile(r"^([A-Za-z]{1,6})[.,\-]*[\s\-]+([A-Za-z].*)$")


def _value_right_of(img: np.ndarray, ln: Line, label: re.Pattern[str]) -> Line:
    """`ln`, or when it reads as its label alone (the detector missed the value beside
    it), the stretch right of the label up to the photo, read."""
    if not label.match(_norm_latin(ln.text)) or label.sub("", _norm_latin(ln.text)).strip():
        return ln
    x0, x1 = ln.x1, _PHOTO_X
    if x1 - x0 < 2 * ln.h:
        return ln
    y0, y1 = ln.y0 - 0.15 * ln.h, ln.y1 + 0.15 * ln.h
    value = Line.box(x0, y0, x1, y1)
    _read_latin(img, [value], strong=True)
    return value if value.text.strip() else ln


def _name_above(last_row: list[Line]) -> Line:
    """The English "Name" line where the layout prints it: a pitch above "Last name"."""
    last = last_row[-1]
    cy = last.cy - _NAME_PITCH * CARD_H
    x0 = min(ln.x0 for ln in last_row)
    return Line.box(x0, cy - 0.6 * last.h, 0.72 * CARD_W, cy + 0.6 * last.h)


def _thai_name_lines(
    rows: list[list[Line]],
    name_i: int | None,
    name_line: Line | None,
    id_line: Line | None,
    x_col: float,
) -> list[list[Line]]:
    """Where the Thai name may be, most likely first: the value lines of the row above
    "Name" (or a line that starts in the label column and reaches well into the value
    column: label and name found as one line), then those of the row above that (a
    handwritten line across the card between them); or, when the detector found no row
    between the ID and "Name" (glare, faint print), the band between them."""
    found = []
    for i in (1, 2) if name_i is not None else ():
        if name_i - i < 0:
            break
        row = rows[name_i - i]
        lines = [ln for ln in row if ln.cx > x_col and ln.x0 < _PHOTO_X] or [
            ln for ln in row if ln.x1 > x_col + 0.1 * CARD_W and ln.x0 < _PHOTO_X
        ]
        if lines:
            found.append(lines)
            grown = _from_column(lines, x_col + 0.02 * CARD_W)
            if grown is not lines:  # the detector lost the row's head (title, first name)
                found.append(grown)
    if found or name_line is None or id_line is None or (name_i or 0) >= 1:
        return found
    y0, y1 = id_line.y1, min(ln.y0 for ln in rows[name_i]) if name_i is not None else name_line.y0
    if y1 - y0 < 0.7 * name_line.h:
        return []
    x0, x1 = x_col, _PHOTO_X
    return [[Line.box(x0, y0, x1, y1)]]


# A Thai name row's reading: ((shape, confidence), its lines, text, confidence).
_NameRead = tuple[tuple[int, float], list[Line], str, float]


def _name_read(img: np.ndarray, lines: list[Line], en_title: str | None) -> _NameRead:
    """The Thai name row read on `lines`, keyed by how well it is shaped, then how sure.
    Grey, not Otsu: thresholding breaks the thin strokes of the name's vowels. The CRNN's
    confidence here is its weakest character past the label: a name is as good as that."""
    text, conf = _read_thai(img, lines, otsu=False, height=96, weakest=_NAME_TH_LABELS)
    return (_name_shape(text, en_title), conf), lines, text, conf


def _whole_and_better(best: _NameRead, read: _NameRead) -> _NameRead:
    """`read` where it holds a whole name better shaped than `best`, else `best`."""
    return read if _whole_name(read[2]) and read[0][0] > best[0][0] else best


# The name row's span across the card: the label's column to the right edge (the name row
# runs above the photo).
_NAME_SPAN = (0.07 * CARD_W, 0.98 * CARD_W)
# A Thai name read less surely than this (its weakest character) is read again in the band
# between the ID and "Name" (`_name_band`).
_BAND_BELOW = 0.5


def _off_band(row: list[Line], band: Line) -> bool:
    """The row's box is centred outside the middle third of `band`."""
    cy, third = _row_box(row).cy, (band.y1 - band.y0) / 3
    return not band.y0 + third <= cy <= band.y1 - third


def _name_band(name_line: Line | None, id_line: Line | None) -> list[Line] | None:
    """The Thai name row's band as one line across the card: from under the ID to above
    the English "Name" line, label column to edge; None unless both were found and the gap
    between them holds one row."""
    if name_line is None or id_line is None:
        return None
    y0, y1 = id_line.y1, name_line.y0
    if not 0.7 * name_line.h <= y1 - y0 <= 3 * name_line.h:
        return None
    return [Line.box(_NAME_SPAN[0], y0, _NAME_SPAN[1], y1)]


def _name_parts(text: str, en_title: str | None) -> tuple[str | None, str | None, str | None]:
    """(title, first name, surname) of a Thai name row's reading, its label dropped."""
    return _split_thai_name(_strip_thai_label(text, _NAME_TH_LABELS), en_title)


def _whole_name(text: str) -> bool:
    """Whether a Thai name row's reading holds a first name and a surname."""
    _, first, last = _name_parts(text, None)
    return bool(first and last)


def _to_edge(row: list[Line]) -> list[Line] | None:
    """The name row as one line across the card (`_NAME_SPAN`), or None when its boxes
    nearly span that."""
    x0, x1 = _NAME_SPAN
    h, box = float(np.median([ln.h for ln in row])), _row_box(row)
    if box.x0 < x0 + 2 * h and box.x1 > x1 - 2 * h:
        return None
    return [Line.box(min(x0, box.x0), box.y0, x1, box.y1)]


def _split_en_name(text: str) -> tuple[str | None, str | None]:
    """(title, first name) of the English name line; a title misread past the exact forms
    ("irs. Thitiya", "Mr.-Chetniphat") is snapped from the head word when unambiguous."""
    title, first = th_titles.split_en_name(text)
    words = text.split()
    if not title and len(words) >= 3:  # "M r. Nithisak": the title split by a space
        joined = th_titles.split_en_name(f"{words[0]}{words[1]} {' '.join(words[2:])}")
        if joined[0]:
            title, first = joined
    if first and not title:
        m = _EN_HEAD.match(first)
        snapped = th_titles.snap_title_en(m.group(1)) if m else None
        if snapped:
            title, first = snapped, m.group(2)
    if first and title:  # "M r. Nithisak": a piece of the title read twice
        first = _TITLE_PIECE.sub("", first) or first
    if first:  # names print capitalised ("Mr.kluai", "Mr. ChansIrisakun"), and no dot after
        first = th_titles.printed_case(first.rstrip(".,") or first)
    return title, first


_EN_FIRST = re.compile(r"[A-Z][a-z]{2,}(?:-[A-Z]?[a-z]+)?")
# A title's remnant glued to the name: a capital ("MPhufa") or its small letters ("rChonthit").
_STRAY_CAPITAL = re.compile(r"^(?:[A-Z]|[a-z]{1,2})(?=[A-Z][a-z]{2})")


def _last_name_word(text: str) -> str | None:
    """The name in an English name line read with junk before it ("Nae rs Ariphon", "NT
    MPhufa", "NT rChonthit"): its last word, with a title's remnant glued to it dropped,
    when that has a name's shape (a Thai first name is one word, and so is its
    romanisation)."""
    words = text.split()
    if len(words) < 2:
        return None
    word = _STRAY_CAPITAL.sub("", words[-1])
    return word if _EN_FIRST.fullmatch(word) else None


def _glued_head(word: str, thai: str) -> tuple[str, str] | None:
    """(what comes before, the romanisation) where an English name reading ends with its
    Thai twin's romanisation (four letters at least); None otherwise."""
    roman = th_roman.romanized(thai)
    if len(roman) < 4 or not word.lower().endswith(roman):
        return None
    return word[: len(word) - len(roman)], roman


def _title_glued_to_name(out: dict[str, Reading]) -> None:
    """An English first name read with the title, or a piece of it, glued to its head
    ("1rchakkaphat", "Miunruean"): the name is the romanisation of its Thai twin that the
    reading ends with, where what comes before is the Thai title's English one, a letter
    off or cut short (a lone letter is a name's own: a Thai name read without its first
    letter romanises to the English one's tail)."""
    en, th, line = out.get("name_en"), out.get("name_th"), out.get("title_name_en")
    title_th = out.get("title_th")
    if en is None or th is None or line is None or title_th is None:
        return
    word, expected = en.value, th_titles.en_title_for(title_th.value)
    if not expected:
        return
    title = expected.rstrip(".").lower()
    at = line.value.rfind(word)
    if at < 0:
        return
    if (glued := _glued_head(word, th.value)) is not None:
        head, roman = glued
        if len(head) < 2 or not (
            th_titles.en_title_near(head, title_th.value) or title.startswith(head.lower())
        ):
            return
    elif (
        word.lower().startswith(title)
        and len(word) - len(title) >= 3
        and line.value[:at].strip().rstrip(".").lower() in ("", title)
    ):
        roman = word[len(title) :]  # "Masteripnhim": the whole title glued on (no name is)
    else:
        return
    name = roman[0].upper() + roman[1:]
    out["name_en"] = replace(en, value=name)
    out["title_name_en"] = replace(
        line, value=line.value[:at] + name + line.value[at + len(word) :]
    )


def _label_glued_to_surname(out: dict[str, Reading]) -> None:
    """An English surname read with a piece of its "Last name" label glued to its head
    ("Nmesriratnkhan"): the surname is the romanisation of its Thai twin that the reading
    ends with, where what comes before is "name" a letter or two off."""
    en, th = out.get("surname_en"), out.get("surname_th")
    if en is None or th is None:
        return
    if " " in en.value or (glued := _glued_head(en.value, th.value)) is None:
        return
    head, roman = glued
    if 2 <= len(head) <= 5 and Levenshtein.distance(head.lower(), "name") <= 2:
        out["surname_en"] = replace(en, value=roman[0].upper() + roman[1:])


def _title_from_thai(out: dict[str, Reading]) -> None:
    """An English title misread past snapping ("Mis Bunyakan": Miss, Ms. or Mrs.?) or lost
    settled by the Thai title: the head word is taken as the title the Thai one prints in
    English when it is one edit away from it."""
    line = out.get("title_name_en")
    if "title_en" in out or "title_th" not in out or line is None:
        return
    words = line.value.split()
    expected = th_titles.en_title_near(words[0], out["title_th"].value) if words else None
    first = " ".join(words[1:])
    if not expected and (word := _last_name_word(line.value)):
        # The title and the label before it read past knowing ("NoeMiss Sirirak", "OMt.
        # Nrong"): the Thai title gives it.
        expected, first = th_titles.en_title_for(out["title_th"].value), word
    elif len(words) == 1 and _EN_FIRST.fullmatch(words[0]):
        # The title lost under handwriting, the name whole: the Thai title gives it.
        expected, first = th_titles.en_title_for(out["title_th"].value), words[0]
    if not expected or not first:
        return
    first = first[:1].upper() + first[1:]  # names print capitalised: "Mr. thongcherin"
    conf = min(line.confidence, out["title_th"].confidence)
    out["title_name_en"] = Reading(f"{expected} {first}", conf, line.lines, valid=True)
    out["title_en"] = Reading(expected, conf, [])
    out["name_en"] = Reading(first, line.confidence, [])


def _word_gain(rd: recognizer.LineRead | None, word: str, spelled: str) -> float:
    """How much a line's pixels favour `spelled` over `word`, the reading of one of its
    words: the CRNN's reading of the line with that word's twin replaced by each, CTC
    log-likelihoods subtracted (-inf without the model's output)."""
    words = rd.text.split() if rd is not None and rd.probs is not None else []
    if not words:
        return -np.inf
    k = min(range(len(words)), key=lambda i: Levenshtein.distance(words[i], word))
    texts = [" ".join([*words[:k], w, *words[k + 1 :]]) for w in (word, spelled)]
    base, new = recognizer.recognizer().scores(rd, texts)
    return float(new - base)


def _printed_title(img: np.ndarray, line: Line, title: str, printed: Sequence[str]) -> str:
    """A title no card prints ("Ms.") is one of those printed (Mrs. or Miss) with a letter
    lost or misread: the one the English name line's pixels favour over it (else it stays)."""
    if not printed:
        return title
    rd = _crnn_read(img, line)
    gain, best = max((_word_gain(rd, title, t), t) for t in printed)
    return best if gain > 0 else title


def _tied_title(img: np.ndarray, line: Line, text: str) -> tuple[str | None, str]:
    """(title, first name) of an English name line whose head word is one edit from two
    titles ("Mirs Oncha": Mrs. and Miss): the title the line's pixels favour over the word
    read, else (None, `text`)."""
    m = _EN_HEAD.match(text)
    tied = th_titles.en_titles_near(m.group(1)) if m else ()
    if not m or not tied:
        return None, text
    title = _printed_title(img, line, m.group(1), tied)
    return (title, m.group(2)) if title in tied else (None, text)


def _title_by_pixels(
    img: np.ndarray, out: dict[str, Reading], thai: str, thai_lines: list[Line]
) -> str | None:
    """The Thai name row's title (นาง) and the English one (Mr.) disagree: the pair that
    agrees and that the two lines' pixels favour together wins (a narrow letter the Latin
    readers lose, "Mrs." read "Mr.", weighs less than a whole Thai letter). Returns the
    English title when it changed, and `out` set to it; else None."""
    en, line = out.get("title_en"), out.get("title_name_en")
    if en is None or line is None or not line.lines or not recognizer.available():
        return None
    title_th = th_titles.split_thai_name(thai)[0]
    want = th_titles.en_title_for(title_th or "")
    if not title_th or not want or want == en.value:
        return None
    theirs = [t.thai_abbr for t in th_titles.TITLES if t.english == en.value]
    row = _row_evidence(img, thai_lines)
    keep_thai = _word_gain(_crnn_read(img, line.lines[0]), en.value, want)
    keep_english = max((_word_gain(row, title_th, t) for t in theirs), default=-np.inf)
    if not keep_thai > keep_english:
        return None
    out["title_en"] = replace(en, value=want)
    out["title_name_en"] = replace(line, value=line.value.replace(en.value, want, 1))
    return want


# How far the English line's pixels may favour its reading over the Thai name's
# romanisation one letter away, where the reading lost or changed a letter: the readers
# drop a letter surely ("Santiuk" for "Santisuk" by 1.3 nats, "Suet" for a clean "Sumet"
# by 3.9). Past 4 a misread Thai name's romanisation wins over a right reading ("Phoenkhae"
# from "เพิญแข" beside "Phenkhae"). A reading with one letter more is a misread Thai name's
# romanisation as often ("Sirirak" beside "Sirira").
_ROMAN_ALLOW = float(os.environ.get("THAIID_ROMAN_ALLOW", "") or 4.0)


def _english_from_thai(img: np.ndarray, out: dict[str, Reading]) -> None:
    """An English name one letter off the RTGS romanisation of its Thai twin ("Nnsiri"
    beside "นนท์ศิริ"), or two letters swapped, takes that spelling where its line's pixels
    favour it: the Latin readers drop narrow letters, and the registrar's spellings that
    differ from RTGS by one letter are printed, so the pixels keep them. Two edits off (a
    name of six letters or more: "Ruezmson" beside "เรือนสอน"), the pixels must favour the
    romanisation over the reading outright: registrars' spellings ("Pornthip" for RTGS
    "Phonthip") are two edits off as often, and their pixels hold them."""
    for en_key, en, th, line_key, holder in _english_twins(out):
        roman = th_roman.romanized(th.value)
        # One edit, or two neighbours swapped ("Nanthpihat" for "Nanthiphat").
        edits = OSA.distance(en.value.lower(), roman) if roman else 0
        if " " in en.value or not 1 <= edits <= 2 or (edits == 2 and len(roman) < 6):
            continue
        spelled = roman[0].upper() + roman[1:]
        # Two sources agree on the letter: the pixels need only allow it (by a margin
        # where the reading lost or changed a letter, not where it holds one more).
        allow = _ROMAN_ALLOW if len(roman) >= len(en.value) and edits == 1 else 0.0
        if not _word_gain(_crnn_read(img, holder.lines[0]), en.value, spelled) > -allow:
            continue
        _respelt_english(out, en_key, line_key, spelled)


def _english_twins(
    out: dict[str, Reading],
) -> Iterator[tuple[str, Reading, Reading, str, Reading]]:
    """(key, reading) of each English name with its Thai twin's reading and the line that
    holds it (key, reading), where all were read; none without the CRNN or the check."""
    if os.environ.get("THAIID_ROMAN_CHECK") == "0" or not recognizer.available():
        return
    pairs = (("name_en", "name_th", "title_name_en"), ("surname_en", "surname_th", "surname_en"))
    for en_key, th_key, line_key in pairs:
        en, th, holder = out.get(en_key), out.get(th_key), out.get(line_key)
        if en is not None and th is not None and holder is not None and holder.lines:
            yield en_key, en, th, line_key, holder


def _respelt_english(out: dict[str, Reading], en_key: str, line_key: str, spelled: str) -> None:
    """The English name at `en_key` spelled `spelled`, in the line that holds it too."""
    en, holder = out[en_key], out[line_key]
    out[en_key] = replace(en, value=spelled)
    if line_key != en_key:
        head, _, tail = holder.value.rpartition(en.value)
        out[line_key] = replace(holder, value=head + spelled + tail)


# Latin letters the readers take for each other in names ("Kiankasikon", "Amnarwong").
_EN_LOOKALIKES = {"i": "lt", "l": "it", "t": "rlif", "r": "t", "f": "it"}
# Letter pairs read for one letter and back ("Lunsakaeworig" for "Lunsakaewong").
_EN_LOOKALIKE_PAIRS = {"ri": "n", "rn": "m", "cl": "d", "vv": "w", "li": "h"}
_EN_LOOKALIKE_PAIR = re.compile("|".join(_EN_LOOKALIKE_PAIRS))
# How far the pixels may favour the letter read over its look-alike where that makes the
# name's consonants those of its Thai twin exactly: both readers make the same slip, by
# 3 to 6 nats (`_word_gain`) on blurred, signed and even clean cards.
_LOOKALIKE_ALLOW = 6.0


def _english_lookalikes(img: np.ndarray, out: dict[str, Reading]) -> bool:
    """An English name with one letter read as its look-alike (i/l, t/r, f/i; or as two
    letters, "ri" for n) takes the other where its consonants then are its Thai twin's
    romanisation's exactly, and the line's pixels allow it: the Thai line spells those
    consonants in other glyphs. True where a name was respelled."""
    respelled = False
    for en_key, en, th, line_key, holder in _english_twins(out):
        if th_roman.agreement(th.value, en.value) >= 100:
            continue
        cands = [
            en.value[:k] + d + en.value[k + 1 :]
            for k, c in enumerate(en.value)
            for d in _EN_LOOKALIKES.get(c, "")
        ]
        cands += [
            en.value[: m.start()] + _EN_LOOKALIKE_PAIRS[m.group()] + en.value[m.end() :]
            for m in _EN_LOOKALIKE_PAIR.finditer(en.value)
        ]
        cands = [c for c in cands if th_roman.agreement(th.value, c) >= 100]
        if not cands:
            continue
        rd = _crnn_read(img, holder.lines[0])
        gain, spelled = max((_word_gain(rd, en.value, c), c) for c in cands)
        if gain > -_LOOKALIKE_ALLOW:
            _respelt_english(out, en_key, line_key, spelled)
            respelled = True
    return respelled


def _twin_english(img: np.ndarray, out: dict[str, Reading]) -> None:
    """An English name the CRNN read with a twin letter merged ("Latha" for "Lattha"): on
    a narrow crop it emits no blank between two like letters. Its line stretched wider, in
    both views, reads the name with that letter twice (one view alone also doubles a wide
    letter that is printed once: "MMrs.")."""
    pairs = [
        (key, line_key)
        for key, line_key in (("name_en", "title_name_en"), ("surname_en", "surname_en"))
        if key in out and line_key in out and out[line_key].lines
    ]
    if not pairs or not recognizer.available():
        return
    # The CRNN read the name as it stands (else its wider views say nothing of it).
    own = [
        r.text.split() if r else [] for r in _crnn_reads(img, [out[k].lines[0] for _, k in pairs])
    ]
    pairs = [p for p, words in zip(pairs, own, strict=True) if out[p[0]].value in words]
    twins: list[set[str]] | None = None
    for stretch in _TWIN_STRETCH:  # each view read only while a twin is left to confirm
        if not pairs:
            return
        views = _crnn_reads(img, [out[k].lines[0] for _, k in pairs], stretch)
        seen = [
            {w for w in (r.text.split() if r else []) if twin_of(out[key].value, w)}
            for (key, _), r in zip(pairs, views, strict=True)
        ]
        twins = seen if twins is None else [a & b for a, b in zip(twins, seen, strict=True)]
        pairs, twins = [p for p, t in zip(pairs, twins, strict=True) if t], [t for t in twins if t]
    for (key, line_key), found in zip(pairs, twins or [], strict=True):
        if len(found) != 1:
            continue
        word, twin = out[key].value, found.pop()
        line = out[line_key]
        out[key] = replace(out[key], value=twin)
        if line_key != key and line.value.endswith(word):
            out[line_key] = replace(line, value=line.value[: -len(word)] + twin)


def _title_from_english(out: dict[str, Reading]) -> None:
    """A Thai title OCR dropped, restored from the English one: "Miss" is ด.ญ. on a card
    issued before the holder's 15th birthday year, น.ส. after; the others print one title."""
    full = out.get("title_name_surname_th")
    if "title_th" in out or full is None or "title_en" not in out:
        return
    en = out["title_en"].value
    allowed = [t.thai_abbr for t in th_titles.TITLES if t.english == en]
    if en == "Miss":
        dob = out["dob_en"].extra.get("date") if "dob_en" in out else None
        doi = out["doi_en"].extra.get("date") if "doi_en" in out else None
        if dob is None or doi is None or dob.year is None or doi.year is None:
            return
        allowed = ["ด.ญ." if doi.year - dob.year < 15 else "น.ส."]
    if len(allowed) != 1:
        return
    conf = min(full.confidence, out["title_en"].confidence)
    out["title_th"] = Reading(allowed[0], conf, [])
    out["title_name_surname_th"] = Reading(
        f"{allowed[0]} {full.value}", full.confidence, full.lines, valid=full.valid
    )


_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_TITLE_ECHO = re.compile(r"(?:[\u0e01-\u0e2e][\u0e31-\u0e3a\u0e47-\u0e4e]*\.){1,3}")


def _name_shape(text: str, en_title: str | None) -> int:
    """How well a Thai name reading fits what a name is: a title that prints the English
    title, a first name and a surname, and only Thai letters and marks in them (0–3)."""
    title, first, last = _name_parts(text, en_title)
    fits = title is not None and (
        en_title is None
        or any(t.english == en_title for t in th_titles.TITLES if t.thai_abbr == title)
    )
    parts = f"{first or ''} {last or ''}".strip()
    thai = bool(_THAI_WORD.fullmatch(parts.replace(" ", ""))) and not orphan_mark(parts)
    return int(fits) + int(bool(first and last)) + int(thai)


# Thai letters and marks (a word), and the letters a word may start with (a regex class body).
_THAI_WORD = re.compile(r"[\u0e01-\u0e4e]+")
_LEAD = "\u0e01-\u0e2e\u0e40-\u0e44"
_THAI_LEAD = re.compile(f"[{_LEAD}]")


# A Thai name the recogniser read one or two edits away wins by this much agreement with
# the English line (0–100, summed over first name and surname) and may cost this many nats.
_ROMAN_GAIN = float(os.environ.get("THAIID_ROMAN_GAIN", "") or 20)
_ROMAN_SLACK = float(os.environ.get("THAIID_ROMAN_SLACK", "") or 8)
# ... or, with consonants that agree no less, by this much in whole spelling (vowels too).
_SPELLED_GAIN = float(os.environ.get("THAIID_SPELLED_GAIN", "") or 10)


def _name_agreement(
    text: str,
    en_title: str | None,
    en_first: str | None,
    en_last: str | None,
    spelled: bool = False,
) -> float:
    """How well a Thai name row reading's first name and surname agree with the English
    line's (0–200; 0 without an English first name and surname): their consonants, or
    with `spelled` their whole romanisations."""
    if not en_first or not en_last or os.environ.get("THAIID_ROMAN_CHECK") == "0":
        return 0.0
    _, first, last = _name_parts(text, en_title)
    rate = th_roman.spelled_agreement if spelled else th_roman.agreement
    return rate(first, en_first) + rate(last, en_last)


def _romanized_name(
    lines: list[Line], text: str, en_title: str | None, en_first: str | None, en_last: str | None
) -> str:
    """The Thai name row's reading, or the CRNN's near alternative whose first name and
    surname agree better with the English line's (`thai/romanization`): "นกนต์" beside
    "Naphon" is "นภนต์"."""
    if not en_first or not en_last or os.environ.get("THAIID_ROMAN_CHECK") == "0":
        return text
    agree = partial(_name_agreement, en_title=en_title, en_first=en_first, en_last=en_last)
    spelled = partial(agree, spelled=True)
    base, base_spelled = agree(text), spelled(text)
    if base_spelled >= 200:
        return text
    rec = recognizer.recognizer()
    reads = [ln.crnn for ln in lines]
    keys: list[tuple[float, float, int, float, str]] = []
    for j, rd in enumerate(reads):
        if rd is None or rd.probs is None or not _THAI_LETTER.search(rd.text):
            continue
        alts = rec.alternatives(rd)
        top = alts[0][1]
        for alt, ll in alts:  # the best path too: `text` may be Tesseract's
            if top - ll > _ROMAN_SLACK:
                continue
            parts = [alt if k == j else (r.text if r else "") for k, r in enumerate(reads)]
            cand = normalize_text(" ".join(parts))
            con, whole = agree(cand), spelled(cand)
            if con < base or (con < base + _ROMAN_GAIN and whole < base_spelled + _SPELLED_GAIN):
                continue
            # Ties go to the fewer edits (a silent letter's change does not show in the
            # romanisation), then to the pixels.
            keys.append((con, whole, -Levenshtein.distance(cand, text), ll - top, cand))
    if not keys:
        return text
    best = max(keys, key=lambda k: k[:4])
    # Spellings that romanise alike (จ/ช) and that the pixels nearly tie are told apart by
    # the dictionary words they take, as in `_worded_name`.
    near = [k for k in keys if k[:3] == best[:3] and best[3] - k[3] <= _NAME_WORD_TIE]
    return min(near, key=lambda k: (th_lexicon.spelling_cost(k[4]), -k[3]))[4]


# A name and surname read as one word split where both halves then agree this well with
# the English line's, each (consonant skeletons, 0–100) and together.
_GLUED_PART, _GLUED_BOTH = 60.0, 150.0
_NOT_WORD_START = re.compile(rf"[{MARKS}\u0e30\u0e32\u0e33\u0e45]")


def _glued_name(text: str, en_title: str | None, en_first: str | None, en_last: str | None) -> str:
    """The Thai name row's reading, its first name and surname read as one word
    ("แวฮานีรักษ์ศิด", "อิใลพร.ไชยศิลา": the space lost or read as a dot) split where the
    halves' romanisations agree best with the English first name and surname."""
    if not en_first or not en_last:
        return text
    _, first, last = _name_parts(text, en_title)
    words = text.split()
    if not first or last or first not in words:
        return text
    k = words.index(first)
    best: tuple[float, float, str] | None = None
    for i in range(2, len(first) - 1):
        if _NOT_WORD_START.match(first[i]) or first[i - 1] in "เแโใไ":
            continue
        cut = 1 if first[i] in ".," else 0
        head, tail = first[:i], first[i + cut :]
        a, b = th_roman.agreement(head, en_first), th_roman.agreement(tail, en_last)
        if min(a, b) < _GLUED_PART or a + b < _GLUED_BOTH:
            continue
        spelled = th_roman.spelled_agreement(head, en_first) + th_roman.spelled_agreement(
            tail, en_last
        )
        cand = " ".join([*words[:k], head, tail, *words[k + 1 :]])
        if best is None or (a + b, spelled) > best[:2]:
            best = (a + b, spelled, cand)
    return best[2] if best is not None else text


# Searching a name word toward its English twin: a romanised letter that the new spelling
# fixes is worth this many nats of the pixels' likelihood, and no spelling costs more than
# the slack.
_SPELL_WEIGHT = float(os.environ.get("THAIID_SPELL_WEIGHT", "") or 8)
_SPELL_SLACK = float(os.environ.get("THAIID_SPELL_SLACK", "") or 8)


def _respelt_name_words(
    text: str,
    en_title: str | None,
    en_first: str | None,
    en_last: str | None,
    respell: Callable[[str, str], str | None],
) -> str:
    """The Thai name row's reading with its first name and surname each replaced by
    `respell(word, its English twin)`, where that gives a spelling (None keeps the word)."""
    if not en_first or not en_last or os.environ.get("THAIID_ROMAN_CHECK") == "0":
        return text
    _, first, last = _name_parts(text, en_title)
    words = text.split()
    for word, english, from_end in ((first, en_first, False), (last, en_last, True)):
        if not word or word not in words:
            continue
        new = respell(word, english)
        if new is not None:
            k = len(words) - 1 - words[::-1].index(word) if from_end else words.index(word)
            words[k] = new
    return " ".join(words)


def _name_word_search(
    lines: list[Line], word: str, cost: Callable[[str], float], weight: float, slack: float
) -> tuple[dict[str, float], float] | None:
    """The CRNN's spellings of a name word toward a low `cost` (`recognizer.word_search` on
    its nearest token in the lines' readings), and the word's own log-likelihood (-inf
    where the pixels cannot spell it); None without such a token."""
    src = _nearest_token([ln.crnn for ln in lines], word, max(2, len(word) // 3))
    if src is None:
        return None
    found = recognizer.recognizer().word_search(*src, cost, weight, slack, also=(word,))
    return found, found.get(word, -np.inf)


def _spelled_name(
    lines: list[Line], text: str, en_title: str | None, en_first: str | None, en_last: str | None
) -> str:
    """The Thai name row's reading with its first name and surname each replaced by the
    spelling a few edits away that the pixels support nearly as well and whose
    romanisation is nearer the English line's ("ศิริมสิกะ" beside "Sirimusika" is
    "ศิริมุสิกะ"); the CRNN's per-step output is searched, not just its near paths."""

    def respell(word: str, english: str) -> str | None:
        def cost(w: str) -> float:
            # A spelling with a mark out of place is no name, however it romanises.
            return th_roman.spelling_distance(w, english) if well_formed(w) else 99.0

        now = cost(word)
        searched = (
            _name_word_search(lines, word, cost, _SPELL_WEIGHT, _SPELL_SLACK) if now else None
        )
        if searched is None:
            return None
        found, ref = searched
        if not np.isfinite(ref):
            ref = max(found.values(), default=-np.inf)
        best = max(
            (
                (ll - _SPELL_WEIGHT * cost(c), c)
                for c, ll in found.items()
                if ll >= ref - _SPELL_SLACK
            ),
            default=None,
        )
        if best is None or cost(best[1]) >= now or best[0] <= ref - _SPELL_WEIGHT * now:
            return None
        return best[1]

    return _respelt_name_words(text, en_title, en_first, en_last, respell)


# A name word respelt with fewer dictionary words ("สรรพชาง" → "สรรพช่าง") is searched for
# within the slack (nats of the pixels' likelihood, each word saved worth `_NAME_WORD_NATS`
# to the search) and wins only where the pixels nearly tie: at most `_NAME_WORD_TIE` nats
# less likely than the reading (on the tuning seeds, right respellings cost 0–1.1 nats and
# wrong ones, "นาตยา" → "นาดยา", 1.6–2.4).
_NAME_WORD_NATS = 2.0
_NAME_WORD_SLACK = 4.0
_NAME_WORD_TIE = float(os.environ.get("THAIID_NAME_WORD_TIE", "") or 1.2)


def _worded_name(
    lines: list[Line], text: str, en_title: str | None, en_first: str | None, en_last: str | None
) -> str:
    """The Thai name row's reading with its first name and surname each respelt with fewer
    dictionary words where the pixels nearly agree and the romanisation stays as near the
    English line's: the letters and marks that romanise alike (ุ/ู, ช/ฉ, a tone) are told
    apart by how names are made of words ("อนูเทพ" is "อนุเทพ")."""
    if _NAME_WORD_TIE <= 0:
        return text

    def respell(word: str, english: str) -> str | None:
        now = th_lexicon.spelling_cost(word)
        if not _THAI_WORD.fullmatch(word) or now <= 1:
            return None
        far = th_roman.spelling_distance(word, english)

        def cost(w: str) -> float:
            if not well_formed(w) or th_roman.spelling_distance(w, english) > far:
                return 99.0
            return float(th_lexicon.spelling_cost(w))

        searched = _name_word_search(lines, word, cost, _NAME_WORD_NATS, _NAME_WORD_SLACK)
        if searched is None or not np.isfinite(searched[1]):
            return None
        found, ref = searched
        # A respelling may add a tone mark blur took, not drop one the reading holds: the
        # mark romanises to nothing, and over a vowel mark ("พั้ว") it is the stroke most
        # cuts lose, so the pixels' near tie is no evidence against it.
        tones = sum(ch in TONES for ch in word)
        best = max(
            (
                (ll, c)
                for c, ll in found.items()
                if ll >= ref - _NAME_WORD_TIE
                and cost(c) < now
                and sum(ch in TONES for ch in c) >= tones
                and not _silent_swap(word, c)
            ),
            default=None,
        )
        return best[1] if best is not None else None

    return _respelt_name_words(text, en_title, en_first, en_last, respell)


# A letter silenced by ์ on it: "ค" and "ศ" in "วงค์" / "วงศ์". (Not one under a vowel:
# "คิ์" is a misread "ดิ์", which names spell far more.)
_SILENCED = re.compile(r"[\u0e01-\u0e2e](?=\u0e4c)")
# The letters names silence most (pythainlp's name lists: each over 100 of some 8,000
# silenced letters; "ช์" is silenced 20 times).
_NAME_SILENT = frozenset("ธยรษนศณคดทตหฐ")


def _silent_swap(word: str, other: str) -> bool:
    """`other` is `word` with only its silenced letters changed, each from and to a letter
    names silence often: names spell the silent ending both ways ("ชูวงค์", "นันทพงค์"),
    the romanisation cannot tell them apart, and the pixels' near tie is the look-alike
    glyphs', so the dictionary has no say there (it does on "เอนกพงช์", a rare spelling)."""
    if other == word or _SILENCED.sub("_", other) != _SILENCED.sub("_", word):
        return False
    return all(
        a == b or (a in _NAME_SILENT and b in _NAME_SILENT)
        for a, b in zip(word, other, strict=True)
    )


_CONSONANT_HEAD = re.compile(r"^([\u0e40-\u0e44]?)([\u0e01-\u0e2e])")


def _vowel_initial_name(
    text: str, en_title: str | None, en_first: str | None, en_last: str | None
) -> str:
    """A Thai first name or surname whose English twin starts with a vowel starts with อ
    (after a leading vowel): another consonant there is a misread อ ("ลารีศักดิ์" beside
    "Arisak" is "อารีศักดิ์"), taken where the romanisation comes nearer the English."""

    def respell(word: str, english: str) -> str | None:
        m = _CONSONANT_HEAD.match(word)
        if english[:1].lower() not in "aeiou" or m is None or m.group(2) == "อ":
            return None
        cand = m.group(1) + "อ" + word[m.end() :]
        far = th_roman.spelling_distance(word, english)
        return cand if th_roman.spelling_distance(cand, english) < far else None

    return _respelt_name_words(text, en_title, en_first, en_last, respell)


def _split_thai_name(text: str, en_title: str | None) -> tuple[str | None, str | None, str | None]:
    """(title, first, surname) from the Thai name line, repaired with what the Latin line
    says: junk tokens without Thai letters are dropped, a misread title token is snapped
    to the Thai titles that print the same English title, and the surname is one word."""
    words = [w for w in text.split() if len(_THAI_LETTER.findall(w)) >= 1 and w not in ".-"]
    while words and len(words[0]) <= 2 and not name_word(words[0]):
        words.pop(0)  # a stray mark or letter before the title ("ใจ" is a name)
    title, first, last = th_titles.split_thai_name(" ".join(words))
    allowed = [t.thai_abbr for t in th_titles.TITLES if en_title and t.english == en_title]
    if title is None and words and allowed:
        # The first token(s) should be the title: snap them to an allowed title.
        for n in (1, 2):
            head = "".join(words[:n])
            best = max(allowed, key=lambda t: fuzz.ratio(head, t))
            if fuzz.ratio(head, best) >= 50 and len(words) > n:
                title, rest = best, words[n:]
                first, last = rest[0], " ".join(rest[1:]) or None
                break
    elif title is not None and allowed and title not in allowed and len(allowed) == 1:
        title = allowed[0]
    rest = [w for w in f"{first or ''} {last or ''}".split() if _THAI_LETTER.search(w)]
    if title is not None:  # the title read twice ("ด.ช. ติ.ซี. เกียรติพงศ์"): no name has dots
        while rest and _TITLE_ECHO.fullmatch(rest[0]):
            rest.pop(0)
    if not rest:
        return title, None, None
    first = rest[0]
    if len(rest) >= 3 and rest[1] == "ณ":  # "ณ อยุธยา": a surname of two words
        return title, first, f"ณ {rest[2]}"
    tail = [w for w in rest[1:] if name_word(w)]
    last = "".join(tail[:2]) if tail else None
    return title, first, last


def _ink_segments(binv: np.ndarray, min_gap: int) -> list[tuple[int, int]]:
    """Column ranges of ink separated by at least `min_gap` blank columns (words)."""
    cols = np.flatnonzero(binv.max(axis=0) > 0)
    if cols.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(cols) > min_gap)
    starts = [cols[0], *cols[breaks + 1]]
    ends = [*cols[breaks], cols[-1]]
    return [(int(a), int(b) + 1) for a, b in zip(starts, ends, strict=True)]


def _religion_value_crop(img: np.ndarray, lines: list[Line]) -> np.ndarray | None:
    """The value word right of the "ศาสนา" label: the second ink segment of the row."""
    ln = max(lines, key=lambda x: x.x1)
    x0, x1 = int(min(x.x0 for x in lines)), int(max(x.x1 for x in lines))
    crop = _gray(img[int(ln.y0) : int(ln.y1), max(0, x0) : x1])
    if crop.size == 0:
        return None
    _, binv = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    h = crop.shape[0]
    segs = _ink_segments(binv, max(4, int(0.22 * h)))
    if len(segs) < 2:
        return None
    end = segs[1][1]
    for a, b2 in segs[2:]:  # a value word split by a wide letter gap
        if a - end > 0.8 * h:
            break
        end = b2
    v = crop[:, max(0, segs[1][0] - 3) : min(crop.shape[1], end + 3)]
    v = cv2.resize(v, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    _, v = cv2.threshold(v, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return v


def _snap_religion(text: str) -> str | None:
    rel = th_religion.snap_religion(text)
    if rel or not text.strip():
        return rel
    # The lexicon is six words: the closest one wins when it is clearly closest.
    words = [w for w, _ in th_religion.RELIGIONS]
    scores = sorted(((fuzz.ratio(text.replace(" ", ""), w), w) for w in words), reverse=True)
    if scores[0][0] >= 50 and scores[0][0] - scores[1][0] >= 15:
        return scores[0][1]
    return None


def _read_religion(img: np.ndarray, out: dict[str, Reading]) -> None:
    holder = out.pop("_religion_lines", None)
    if holder is None:
        return
    for row in reversed(holder.extra["rows"]):
        rel, conf = _religion_of(img, row)
        if rel:
            out["religion"] = Reading(rel, conf, row, valid=True)
            return


def _religion_of(img: np.ndarray, row: list[Line]) -> tuple[str | None, float]:
    """The religion a row reads as (snapped to the card's forms), and its confidence."""
    rel, conf = None, 0.0
    for reader in _fallbacks("religion"):
        v = _religion_value_crop(img, row) if reader == "tesseract" else None
        if v is not None:
            text, conf = ocr.read_thai(v, "tha", 7)
            rel = _snap_religion(text)
        if rel is None:
            text, conf = _read_thai(img, row, kind="religion", reader=reader)
            # (past the label wherever it reads: a frame may take in the serial's digits)
            rel = _snap_religion(_strip_thai_label(text.rpartition("ศาสนา")[2], ("ศาสนา",)))
        if rel is not None:
            break
    return rel, conf


_ADDR_MARK = re.compile(r"^(?:หมู|ม\.|ถ\.|ถนน|ซ\.|ซอย|ต\.|ตำบล|แขวง|อ\.|อำเภอ|เขต|จ\.|จังหวัด)")
# A number glued to the address marker after it ("867/74แขวงยานนาวา").
_NUMBER_THEN_MARK = re.compile(r"(?<![0-9/])([0-9]+(?:/[0-9]+)?)(?=" + _ADDR_MARK.pattern[1:] + ")")
# Arabic digits only: the card prints no Thai digit, and Tesseract mixes one into a number
# it is unsure of ("6๐5/164" for "655/164"), which is then no clean reading of it.
_ADDR_NUM = re.compile(r"[0-9]+(?:/[0-9]+)?")
# A house number the reader split at a space ("83 1/194", "731/1 56 หมู่ที่ 11"): no
# address prints a bare number right before a house number with a slash, nor between a
# house number and "หมู่ที่".
_SPLIT_HOUSE = re.compile(r"(?<![\d/])(\d{1,4}) (\d{1,3}/\d)")
_SPLIT_TAIL = re.compile(r"(?<![\d/])(\d{1,4}/\d{1,3}) (\d{1,3})(?= ?หมู)")
# A house number's slash read with a space beside it ("519/ 67"): the card prints it tight.
_SPACED_SLASH = re.compile(r"(?<![\d/])(\d{1,4})(?: /|/ | / )(\d{1,3})(?![\d/])")


def _number_joined(text: str, head: bool = True) -> str:
    """`text` with the house number the reader split put back together: its spaced slash,
    a tail split off before หมู่ที่ ("274/1 02 หมู่ที่") and, with `head`, a head split off
    before the slash ("83 1/194")."""
    text = _SPACED_SLASH.sub(r"\1/\2", text, count=1)
    if head:
        text = _SPLIT_HOUSE.sub(r"\1\2", text, count=1)
    return _SPLIT_TAIL.sub(r"\1\2", text, count=1)


def _addr_numbers(text: str) -> list[str]:
    return _ADDR_NUM.findall(_number_joined(text))


# A หมู่ที่ (village) number as printed: no leading zero, three digits at most.
_MOO_DIGITS = re.compile(r"[1-9]\d{0,2}")
# A number with a speck or two read before or after it as punctuation ("877/31.",
# "597/28,", ".989/24").
_SPECKED_NUMBER = re.compile(r"[.,:;'\"]{0,2}(\d+(?:/\d+)?)[.,:;'\"]{0,2}")


def _fix_house_digits(
    img: np.ndarray,
    row: list[Line],
    text: str,
    native: str | Callable[[], str] | None = None,
    own: bool = True,
    heard: list[str] | tuple[str, ...] = (),
    heard_moo: list[str] | tuple[str, ...] = (),
) -> str:
    """Tesseract's Thai model misreads Arabic digits; the Latin reader (digits only) reads
    the house number and the หมู่ที่ number, which replace Tesseract's versions.
    `native`: the row read by Tesseract at its own size, whose clean house number is the
    one trusted (upscaled, Tesseract turns digits into other digits). `own`: `text` is
    Tesseract's, whose clean house number is kept (the CRNN's unsure one is not).
    `heard`, `heard_moo`: the house and หมู่ที่ numbers of earlier readings of the row."""
    nums = []
    crnn_moo = crnn_house = None
    if ocr.fast_latin() is not None:  # the cascade's CRNN reads the digits among the Thai
        reads = _crnn_row(img, row)
        if m := _MOO_NUMBER.search(" ".join(r.text for r in reads)):
            crnn_moo = m.group(1)
        crnn_house = next((n for r in reads for n in _addr_numbers(r.text)), None)
        if _crnn_numbers_stand(img, row):
            nums = [n for r in reads for n in _addr_numbers(r.text)]
    sure = nums[0] if nums else None  # the CRNN's house number, every digit sure
    if not nums:
        nums = _digit_numbers(img, row)
    if not nums:
        return text
    # The digit reader's house number, Tesseract's and the earlier readings', for the pixel
    # check (a reader independent of the CRNN that judges them).
    heard = [nums[0], *heard]
    # A number glued to the marker after it is split off; Tesseract's only where another
    # reader read it too (glued to letters, its number is otherwise no clean reading).
    agree = {crnn_house, *nums}
    text = _number_joined(text, head=False)  # ("274/ 1 02 หมู่ที่": split twice)
    text = _NUMBER_THEN_MARK.sub(
        lambda m: m.group(1) + (" " if not own or m.group(1) in agree else ""),
        _PUNCT_TOKEN.sub(" ", text),
    )
    text = _MOO_GLUED.sub("หมู่ที่ ", _past_label(text))
    repl = {"๓.": "ต.", "ด.": "ต.", "๑.": "อ."}
    words = [(repl[w[:2]] + w[2:]) if w[:2] in repl else w for w in text.split()]
    if words and (m := _SPECKED_NUMBER.fullmatch(words[0])):
        words[0] = m.group(1)  # "877/31.": a speck beside the number, which stays clean
    as_read = list(words)
    k = 0
    while k < len(words) and not _ADDR_MARK.match(words[k]):
        k += 1
    k = min(k, 2)
    if k == 0 and words and words[0].startswith("หมู"):
        return _MOO_OCR.sub("หมู่ที่ ", text)  # no house number printed
    if k == 2 and not _junk_word(words[1]):
        k = 1  # a road or soi name whose marker was misread, not part of the number
    if k >= 1 and words[1:2] and words[1].startswith(("ถุ", "ถ,", "ซุ", "ซ,")):
        words[1] = words[1][0] + "." + words[1][2:]
    house, rest = nums[0], nums[1:]
    lone = False  # the digit reader's one number stands for the หมู่ที่ number
    tess_num = words[0] if own and words and _ADDR_NUM.fullmatch(words[0]) else None
    # (the CRNN's reading of the row agreeing with it, sure or not, confirms it too)
    confirmed = tess_num is not None and (
        tess_num == crnn_house or any(n in (tess_num, tess_num.replace("/", "")) for n in nums)
    )
    if native is not None and not confirmed:
        native = native if isinstance(native, str) else native()
        # Unless the digit reader confirms the upscaled reading's number (its slash lost or
        # not): the native reading's first number after its "ที่อยู่" label (misread or not
        # found: its first number among two tokens).
        toks = _PUNCT_TOKEN.sub(" ", native).split()
        at = next((i for i, w in enumerate(toks[:5]) if _ADDR_LABEL.fullmatch(w)), None)
        head = toks[at + 1 : at + 2] if at is not None else toks[:2]
        # (No house number starts with 0: "00 739" for "607/39" is no reading of it.)
        upscaled, tess_num = (
            tess_num,
            next((w for w in head if _ADDR_NUM.fullmatch(w) and w[0] != "0"), tess_num),
        )
        if upscaled and tess_num in words[k:]:
            # A number the upscaled reading holds later (the soi's "72" where the native
            # reading glued the house number to the soi's name: "634.ประชาราษฎร์ 72"; the
            # หมู่ที่ number) is no reading of the house number.
            tess_num = upscaled
        if upscaled and tess_num != upscaled:
            if th_address.house_number_shape(upscaled) and any(
                len(n) >= 2 and within(n, upscaled) and not within(n, tess_num) for n in nums
            ):
                # The digit reader heard digits the native reading lost or misread ("91"
                # where it read "15" for "915", "10" where it read "18" for "101"): two
                # readers hold the upscaled reading's, where a card prints its shape (not
                # "60799", whose slash is lost).
                tess_num = upscaled
            elif within(tess_num, upscaled):
                heard.append(upscaled)  # the native reading lost digits ("1" of "157/90")
    if tess_num:
        heard.append(tess_num)
    # The CRNN's own house numbers (its reading's, unsure, and its whole-alphabet one): the
    # pixels lean to them, so they are weighed only where they hold the number read and more
    # ("642/79" for "6427"), not as a repair of a misshapen one.
    crnn_heard = [crnn_house] if crnn_house else []
    if not tess_num and not own and words and _ADDR_NUM.fullmatch(words[0]):
        crnn_heard.append(words[0])
    if not tess_num and k >= 1 and _ADDR_NUM.fullmatch(words[0]) and house in words[k:]:
        # The digit reader heard only a number printed later (a road's "พระราม 2"): the
        # reading's own house number stays, for the pixel check to judge.
        house, rest = words[0], []
    if k >= 1 and tess_num:
        # Tesseract's Thai model turns digits into letters, not into other digits: a clean
        # number from it is kept, and the Latin reader then only fixes the หมู่ที่ number
        # (its one number is that one when it is short and not the house number, nor the
        # house number cut short: "53" for "536", "70" for "370/15").
        house = tess_num
        if len(nums) == 1 and len(nums[0]) <= 2 and not _cut_house(nums[0], house):
            rest, lone = nums, True
    # The house number read twice: a garbled "ที่อยู่" label kept Tesseract's own reading of
    # it from the head ("หื่อ ยู ู 182/54 หมู่ที่" where 782/54 was heard; "ทีอู 370194"):
    # the head runs to that reading.
    mark_at = next((j for j, w in enumerate(words) if _ADDR_MARK.match(w)), len(words))
    for j in range(k, min(mark_at, 5)):
        if not _reread_house(words[j], house):
            if not (_junk_word(words[j]) or Levenshtein.distance(words[j], "ที่อยู่") <= 3):
                break  # a word of the address's own (a soi whose marker was misread)
            continue
        k = j + 1
    moo = _dropped_moo(" ".join(words[:k]), words[k:])
    # The house number read again later is dropped, unless it is the หมู่ที่ number ("1
    # หมู่ที่ 1" where the house number was cut to "1").
    later = words[k:]
    words = [
        house,
        *moo,
        *(w for j, w in enumerate(later) if w != house or (j and later[j - 1] == "หมู่ที่")),
    ]
    fixed = " ".join(words)
    m = _MOO_TOKEN.search(fixed)
    if m and rest and _MOO_DIGITS.fullmatch(rest[0]):
        read = m.group(1)
        later = re.findall(r"\d+", fixed[m.end() :])
        # The Latin reader drops a digit beside Thai script ("19" → "1"), or a whole number
        # (its first is then the soi's or road's, printed later): a clean number of the
        # Thai reader's is kept.
        cut_short = read.startswith(rest[0]) and read != rest[0]
        if crnn_moo is None and own and read.isdigit():
            crnn_moo = _wide_moo(img, row)
        # ... and so is one of Tesseract's the CRNN reads too, sure or not: two readers
        # agree (a row the CRNN read agrees with itself).
        if not (read.isdigit() and len(read) <= 3 and (cut_short or rest[0] in later)) and (
            read != crnn_moo or not own
        ):
            tail = fixed[m.end() :]
            sep = "" if tail[:1] in ("", " ") else " "
            cand = f"{fixed[: m.start()]}หมู่ที่ {rest[0]}{sep}{tail}"
            # Unless the row's pixels favour the Thai reader's number clearly: the digit
            # reader, reading a whole row, also puts a later number's digit there. Where it
            # lost the house number, and so read one number only, they need only favour it,
            # and the CRNN's own หมู่ที่ number, where it differs, is judged beside it.
            other = crnn_moo if lone and crnn_moo not in (None, rest[0], read) else None
            score_of = _row_scorer(img, row, first=True) if read.isdigit() or other else None
            keep = False
            if score_of is not None:  # one scoring of the reading and its candidates
                opts = [cand, *([f"{fixed[: m.start()]}หมู่ที่ {other}{sep}{tail}"] if other else [])]
                s = score_of([fixed, *opts])
                cand = opts[int(np.argmax(s[1:]))]
                keep = read.isdigit() and s[0] >= s[1:].max() + (0.0 if lone else _ROW_GAIN)
            fixed = fixed if keep else cand
    crnn_heard = [h for h in dict.fromkeys(crnn_heard) if h not in heard]  # (one reader)
    fixed = _heard_number(img, row, fixed, 0, house, [*heard, *crnn_heard])
    fixed = _split_tail_dropped(fixed, as_read)
    if (
        sure
        and sure != house
        and fixed.startswith(house + " ")
        and len(sure) + 1 >= len(house)
        and not twin_of(sure, house)
        and house not in _digit_numbers(img, row)
    ):
        # Tesseract's number differs from the CRNN's sure one ("79/841" for "79/84": a
        # stroke after it read as 1; "949/1" for "549/11" in some fonts): the row's pixels
        # judge between them. Not where the CRNN's lacks a twin digit ("40" for "400"): it
        # merges twins surely, and its pixels would only agree with it; nor where it lacks
        # more than one digit (a frame that cut the number); nor where the digit reader
        # reads Tesseract's number ("354" where the CRNN lost the "3"): two readers agree.
        fixed = _pixels_pick(img, row, fixed, [sure + fixed[len(house) :]])
    if m := _NUMBER_BEFORE_HOUSE.match(fixed):  # ("5 312 หมู่ที่ 16": the label read "5")
        fixed = _pixels_pick(img, row, fixed, [fixed[m.end() :]])
    fixed = _MOO_OCR.sub("หมู่ที่ ", _shaped_house(img, row, fixed, heard))  # "หมูที่ 1": its slot
    # (one wider view: the first row is the card's longest line, read on every card)
    fixed = _twin_read(img, row, fixed, 0, fixed.partition(" ")[0], _house_read, _TWIN_STRETCH[:1])
    if m := _MOO_SLOT.search(fixed):
        moo_heard = [n for n in (*rest[:1], crnn_moo) if n and _MOO_DIGITS.fullmatch(n)]
        fixed = _heard_number(img, row, fixed, m.start(1), m.group(1), moo_heard)
        fixed = _moo_cut_to_heard(img, row, fixed, moo_heard)
    if (m := _MOO_SLOT.search(fixed)) and m.group(1):
        fixed = _tied_moo(img, row, fixed, m, heard_moo)
    if (m := _MOO_SLOT.search(fixed)) and m.group(1).startswith("0"):
        fixed = _no_moo_zero(img, row, fixed, m, heard_moo)
    return _moo_twin(img, row, fixed)


def _no_moo_zero(
    img: np.ndarray, row: list[Line], text: str, m: re.Match[str], heard: Sequence[str]
) -> str:
    """`text` with its หมู่ที่ number `m`, which starts with 0 (no village does: "หมู่ที่ 0"
    is "20" with its head lost), replaced by the number an earlier reading of the row heard
    that the row's pixels favour; as it stands where none was heard."""
    return _moo_from_heard(
        img, row, text, m, [h for h in heard if _MOO_DIGITS.fullmatch(h)], -np.inf
    )


def _moo_cut_to_heard(img: np.ndarray, row: list[Line], text: str, heard: list[str]) -> str:
    """`text` with a หมู่ที่ number of three digits cut to the shorter one another reader
    heard at its head, unless the row's pixels refuse it: no village is numbered past 99,
    so the third digit is a glyph of the marker after it ("10 ต.ตะโก" read "109 ตตะใก")."""
    m = _MOO_SLOT.search(text)
    if m is None or len(m.group(1)) != 3:
        return text
    shorter = [n for n in dict.fromkeys(heard) if len(n) < 3 and m.group(1).startswith(n)]
    cands = [text[: m.start(1)] + n + text[m.end(1) :] for n in shorter]
    return _pixels_pick(img, row, text, cands, -_ROW_GAIN) if cands else text


def _digit_numbers(img: np.ndarray, row: list[Line]) -> list[str]:
    """The numbers of an address row as the Latin reader reads its digits."""
    _read_latin(img, row)
    return [n for ln in row for n in _addr_numbers(_redecode(ln, ocr.DIGITS + "/ ").text)]


def _split_tail_dropped(text: str, read: list[str]) -> str:
    """`text` without the rest of a house number the reading (`read`, its words) split in
    two ("1 31๓" for "131 ต."), where the whole number now leads `text` ("131 31๓")."""
    house, _, rest = text.partition(" ")
    nxt = rest.partition(" ")[0]
    m = re.match(r"[0-9]+", nxt)
    if m is None or not any(a + m.group() == house and b == nxt for a, b in pairwise(read[:5])):
        return text
    return f"{house} {rest[m.end() :].lstrip()}".rstrip()


def _cut_house(number: str, house: str) -> bool:
    """`number` (two digits at most) is `house` cut short: its head, or two digits ending
    its part before the slash (the digit reader lost the first digit and what follows)."""
    return house.startswith(number) or (len(number) == 2 and house.split("/")[0].endswith(number))


def _reread_house(word: str, house: str) -> bool:
    """`word` is another reading of the house number: a number of three characters or more
    a slip away from it (a digit misread, the slash read as 1)."""
    return (
        _ADDR_NUM.fullmatch(word) is not None
        and min(len(word), len(house)) >= 3
        and Levenshtein.distance(word, house) <= 1
    )


# Two หมู่ที่ numbers whose scores on the row differ by less than this are a tie for the
# CRNN's pixels ("1" and "3" on a dim row).
_MOO_TIE = 1.0


def _tied_moo(
    img: np.ndarray, row: list[Line], text: str, m: re.Match[str], heard: Sequence[str]
) -> str:
    """`text` with its หมู่ที่ number `m` replaced by another of the same length that an
    earlier reading of the row heard (Tesseract's, which turns digits into letters rather
    than into other digits), where the row's pixels cannot tell the two apart."""
    number = m.group(1)
    others = [h for h in heard if h != number and len(h) == len(number)]
    return _moo_from_heard(img, row, text, m, others, -_MOO_TIE)


def _moo_from_heard(
    img: np.ndarray, row: list[Line], text: str, m: re.Match[str], heard: list[str], gain: float
) -> str:
    """`text` with its หมู่ที่ number `m` replaced by the one of `heard` the row's pixels
    favour over it by `gain` nats (`_pixels_pick`)."""
    cands = [text[: m.start(1)] + h + text[m.end(1) :] for h in dict.fromkeys(heard)]
    return _pixels_pick(img, row, text, cands, gain=gain)


# The CRNN emits no blank between two narrow twin glyphs ("11" read "1") where the crop is
# too narrow; cuts stretched this much wider, in turn, are its other views of the row.
_TWIN_STRETCH = (1.25, 1.5)


def _twin_read(
    img: np.ndarray,
    row: list[Line],
    text: str,
    at: int,
    number: str,
    find: Callable[[str], str | None],
    stretches: Sequence[float] = _TWIN_STRETCH,
) -> str:
    """`text` with the `number` at `at`, which the CRNN read too or lost (`find` picks it
    out of a reading of the row), read again from the row stretched wider, where that
    reading holds one of its digits twice ("11" for "1", "445" for "45"): on a narrow crop
    the CRNN puts no blank between two narrow twin digits, and CTC merges them."""

    def read(stretch: float) -> str | None:
        return find(_row_text(img, row, stretch))

    if not number or text[at : at + len(number)] != number:
        return text
    own = read(1.0)
    views: Iterable[str | None]
    if own is None:
        # The CRNN lost it at its own width ("หมู่ี 1"): every wider view must read the twin.
        got = {read(stretch) for stretch in stretches}
        views = [got.pop()] if len(got) == 1 else []
    else:
        views = (read(stretch) for stretch in stretches) if own == number else iter(())
    wide = next((w for w in views if w is not None and twin_of(number, w)), None)
    return text[:at] + wide + text[at + len(number) :] if wide else text


def _row_text(img: np.ndarray, row: list[Line], stretch: float = 1.0) -> str:
    """The CRNN's reading of the row's lines (stretched `stretch` times wider), joined."""
    return " ".join(r.text for r in _crnn_reads(img, row, stretch) if r)


def _moo_twin(img: np.ndarray, row: list[Line], text: str) -> str:
    """`text` with a one-digit หมู่ที่ number read again wider for its twin (`_twin_read`;
    a หมู่ที่ number has two digits at most)."""
    if (m := _MOO_SLOT.search(text)) and len(m.group(1)) == 1:
        return _twin_read(img, row, text, m.start(1), m.group(1), _moo_read)
    return text


def _wide_moo(img: np.ndarray, row: list[Line]) -> str | None:
    """The หมู่ที่ number the CRNN reads in the row stretched wider, where both wider views
    read the same one (for a row whose own-width reading lost it)."""
    got = _wide_moos(img, row)
    return got[0] if len(got) == len(_TWIN_STRETCH) and len(set(got)) == 1 else None


def _wide_moos(img: np.ndarray, row: list[Line]) -> list[str]:
    """The หมู่ที่ numbers the CRNN reads in the row stretched wider, one per view that
    reads one."""
    return [n for st in _TWIN_STRETCH if (n := _view_moo(_row_text(img, row, st)))]


def _moo_read(text: str) -> str | None:
    """The หมู่ที่ number of a reading (a marker glued to it or not)."""
    got = _MOO_TOKEN.search(text)
    return got.group(1) if got and got.group(1).isdigit() else None


def _house_read(text: str) -> str | None:
    """The house number of a reading: its first number."""
    return next(iter(_addr_numbers(text)), None)


# หมู่ที่ and its number's token, which ends where a marker glued to it starts
# ("หมู่ที่ 1ถ.ศรีนครินทร์": the road stays when the number is replaced).
_MOO_TOKEN = re.compile(r"หมู[่้]?\s*ที[่้]?\s*(\S*?)(?=[ก-ฮ]\.|\s|$)")
# "ผมู๋ที่10", "พมู่ที่ 3": หมู่ที่ misread among the tokens before the first marker (glued to
# the house number, or with its ห lost), which the house number replaces.
_MOO_HEAD = re.compile(  # (ม read บ: "374ผบู่ที่10"; ท read ก: "415/7ผมู่กี่10")
    r"[มบ]ู[\u0e48-\u0e4b]?\s*[ทหคดพก]?[\u0e34-\u0e37]?[\u0e48-\u0e4b]?\s*(\d{1,3})(?!\S*/)"
)


def _dropped_moo(head: str, kept: list[str]) -> list[str]:
    """The หมู่ที่ and its number read among the head tokens the house number replaces."""
    m = _MOO_HEAD.search(head)
    if m is None or any(w.startswith(("หมู", "ม.")) for w in kept):
        return []
    return ["หมู่ที่", m.group(1)]


# "หมู่ถำ7": ที่ misread as another letter and its marks, glued to the number (which may
# have lost a digit to them).
_MOO_GLUED = re.compile(r"หมู[่้]?\s*[ก-ฮ][\u0e31-\u0e3a\u0e47-\u0e4e]{1,3}(?=\d)")


# The หมู่ที่ number's place in a row ("หมู่ที่" with its number lost too).
_MOO_SLOT = re.compile(r"หมู่ที่ ?(\d{0,3})(?=\s|$)")


def _heard_number(
    img: np.ndarray, row: list[Line], text: str, at: int, number: str, heard: list[str]
) -> str:
    """`text` with the `number` at `at` (the house or the หมู่ที่ number) replaced by a
    longer one another reader heard, where the row's pixels favour it: each reader drops
    digits on some rows ("515/72" read "5", "หมู่ที่ 17" read "หมู่ที่ 1")."""
    others = _longer_numbers(number, heard)
    if not others or text[at : at + len(number)] != number:
        return text
    head, tail = text[:at], text[at + len(number) :]
    if not number:  # the number itself was lost: it goes between two words
        head, tail = head.rstrip() + " ", " " + tail.lstrip() if tail.strip() else ""
    cands = [head + h + tail for h in others]
    agreed = [c for h, c in zip(others, cands, strict=True) if heard.count(h) >= 2]
    # Two earlier readings of the row agree on a longer number: it stands unless the pixels
    # refuse it clearly (the CRNN merges twin digits, "733" read "73", and drops a last one
    # surely; its pixels lean to its own reading). Not where the number was not found
    # ("หมู่ที่ 6ต.": its slot is empty, the number is there).
    if number and agreed and (picked := _pixels_pick(img, row, text, agreed, -_ROW_GAIN)) != text:
        return picked
    return _pixels_pick(img, row, text, cands)


def _shaped_house(img: np.ndarray, row: list[Line], text: str, heard: Sequence[str] = ()) -> str:
    """`text` with a house number no card prints ("077", "73972") replaced by the repair
    (`thai.address.house_number_repairs`) or the well-shaped number another reader heard
    (`heard`: "724/7" where Tesseract read "12471") the row's pixels favour."""
    head, _, tail = text.partition(" ")
    repairs = th_address.house_number_repairs(head)
    if not repairs:
        return text
    # The CRNN's readings of the row stretched wider (where twin digits part) add theirs.
    wide = [_house_read(_row_text(img, row, stretch)) for stretch in _TWIN_STRETCH]
    repairs += [
        h
        for h in dict.fromkeys([*heard, *wide])
        if h and h not in repairs and th_address.house_number_shape(h)
    ]
    score_of = _row_scorer(img, row, first=True)
    if score_of is None:
        return text
    best = repairs[int(np.argmax(score_of([" ".join([r, tail]).strip() for r in repairs])))]
    # The pixels lean to a repair with twin digits merged ("81/78" for "81178"), the
    # CRNN's own slip at this width: a wider view's reading with the twin ("811/78") holds.
    best = next((w for w in wide if w and twin_of(best, w)), best)
    return " ".join([best, tail]).strip()


def _moo_slot_filled(img: np.ndarray, row: list[Line], text: str, heard: Sequence[str]) -> str:
    """`text` with an empty หมู่ที่ slot ("หมู่ที่ ถ.เพชรเกษม", "หมู่กี่ ต.หนองแก้ว") given the
    number an earlier reading of the row heard there, or the CRNN, at its own width or a
    wider view (the pixels pick among several; twin digits then are read wider): no card
    prints หมู่ที่ without its number, so a heard one stands however the row's pixels score
    it (a blurred row's CRNN output gives "หมู่ี 7" and scores the reading without a digit
    higher)."""
    text = _MOO_WORD.sub("หมู่ที่", text)
    m = _MOO_SLOT.search(text)
    if m is None or m.group(1) or re.match(r"\s*\d", text[m.end() :]):
        return text
    crnn = _moo_read(_row_text(img, row))
    nums = [
        n
        for n in dict.fromkeys([*heard, crnn, *_wide_moos(img, row)])
        if n and _MOO_DIGITS.fullmatch(n)
    ]
    if not nums:
        return text
    head, tail = text[: m.start(1)].rstrip(), text[m.end(1) :].lstrip()
    cands = [f"{head} {n} {tail}".strip() for n in nums]
    return _moo_twin(img, row, _pixels_pick(img, row, text, cands, gain=-np.inf))


# หมู่ที่ misread with no number after it ("หมู่กี่ ต.หนองแก้ว", "มู่ที่ ต.บ้านหนุน"): its slot.
_MOO_WORD = re.compile(r"(?<!\S)(?:ห?มู|ห[ยป]ู)[่้]?[ทกคหพถ]ี?[่้]?(?=\s+\D)")


def _pixels_pick(
    img: np.ndarray, row: list[Line], text: str, cands: list[str], gain: float | None = None
) -> str:
    """`text`, a reading of the first address row, or the candidate its pixels favour most
    where they favour it over `text` by `gain` nats (`_ROW_GAIN`; a negative gain lets a
    candidate other evidence backs stand unless the pixels refuse it by that much, and
    -inf lets the pixels only choose among the candidates)."""
    score_of = _row_scorer(img, row, first=True) if cands else None
    if score_of is None:
        return text
    scores = score_of([text, *cands])
    k = int(np.argmax(scores[1:]))
    wins = np.isfinite(scores[k + 1]) and scores[k + 1] >= scores[0] + (
        _ROW_GAIN if gain is None else gain
    )
    return cands[k] if wins else text


def _longer_numbers(number: str, heard: list[str]) -> list[str]:
    """The numbers holding `number` and more that the other readings (`heard`) make: each
    one that holds it, the same with one digit fewer ("67" and "6571": "671", where one
    reader dropped a digit and the other read a speck as one), and two that overlap."""
    held = [h for h in dict.fromkeys(heard) if len(h) > len(number) and within(number, h)]
    fewer = [
        c
        for h in held
        for i in range(len(h))
        if h[i] != "/" and len(c := h[:i] + h[i + 1 :]) > len(number) and within(number, c)
    ]
    out = list(dict.fromkeys([*held, *fewer]))
    return out + [m for m in _overlaps(number, heard) if m not in out]


def _overlaps(number: str, heard: list[str]) -> list[str]:
    """House numbers two readings make together where each lost one end and they overlap
    by two characters or more ("418" and "18/62": "418/62")."""
    out = []
    for h in heard:
        for a, b in ((number, h), (h, number)):
            for n in range(min(len(a), len(b)) - 1, 1, -1):
                if a[-n:] == b[:n] and len(a) > n and len(b) > n:
                    merged = a + b[n:]
                    if _ADDR_NUM.fullmatch(merged) and merged not in out:
                        out.append(merged)
    return out


_MOO_NUMBER = re.compile(r"หมู่ที่ (\d{1,3})(?!\S)")
# "ที่อยู่" as the readers see it, tone and vowel marks shuffled ("ทื่อยู", "ที่อยุ่", "ตือย",
# "พี่อยู่", "หื่อผู้", "หือสู่", "ชือย", "ล่อยู", "หอยู่,"), or its first vowel lost ("ทอยู่":
# no place name holds อยู่).
_ADDR_LABEL = re.compile(
    r"[ทตหคพชล](?:[\u0e34-\u0e37\u0e48\u0e49]+\s?อ[ยขผส][\u0e38\u0e39]?[\u0e48\u0e49]{0,2}"
    r"|อยู[\u0e48\u0e49])(?=[\s\d,.:;]|$)"
)
_LABEL_REACH = 6
# Further in, only a label that starts a word: the religion row merged above the address
# can put ten words of junk before it.
_LABEL_WORD = re.compile(r"(?<!\S)" + _ADDR_LABEL.pattern)
_WORD_REACH = 12
# A short number read before the house number: no card prints two numbers before its first
# marker, and a blurred "ที่อยู่" label reads as a digit to both readers.
_NUMBER_BEFORE_HOUSE = re.compile(r"\d{1,2} (?=\d+(?:/\d+)?(?:\s|$))")
_PUNCT_TOKEN = re.compile(r"(?:(?<=\s)|^)[|!,;:'\"_\-.()\[\]{}]+(?=\s|$)")


_ADDR_HEIGHTS: dict[str, tuple[int | None, ...]] = {"crnn": (None,), "tesseract": (72, None)}


def _native_address_row(img: np.ndarray, row: list[Line]) -> str:
    """The first address row read by Tesseract at its own size, label stripped."""
    native = _strip_thai_label(_read_thai(img, row, reader="tesseract")[0], ("ที่อยู่",))
    return _past_label(native)


def _past_label(text: str) -> str:
    """The row past its "ที่อยู่" label, wherever the label is among the first words:
    what reads before it (a neighbouring row's end merged in) is not the address."""
    words = text.split()
    for rx, reach in ((_ADDR_LABEL, _LABEL_REACH), (_LABEL_WORD, _WORD_REACH)):
        m = rx.search(" ".join(words[:reach]))
        if m is not None:
            return (" ".join(words[:reach])[m.end() :] + " " + " ".join(words[reach:])).strip()
    return text


def _read_address_rows(
    img: np.ndarray,
    rows: list[list[Line]],
    height: int | None,
    reader: str,
    heard: list[str] | tuple[str, ...] = (),
    heard_moo: list[str] | tuple[str, ...] = (),
    raw: list[tuple[str, float]] | None = None,
) -> tuple[list[str], list[float]]:
    """The address rows read by `reader` (or given `raw`, each row's text and confidence,
    read otherwise); `heard`, `heard_moo`: the house and หมู่ที่ numbers other readings of
    the rows gave, for the pixel checks (`_fix_house_digits`)."""
    texts, confs = [], []
    for k, r in enumerate(rows):
        sure = _sure_row(img, r, texts if k else None) if reader == "tesseract" and height else None
        if raw is not None:
            t, c = raw[k]
        else:
            t, c = sure or _read_thai(img, r, height=height, kind="address", reader=reader)
        own = reader == "tesseract" and sure is None
        if k == 0:
            # (before the house number's checks, which take "2ฉลาดพร้าว" for a number)
            t = _unglued_moo_marker(_past_label(_strip_thai_label(t, ("ที่อยู่",))))
            native = None
            if own and height is not None:
                native = partial(_native_address_row, img, r)  # read only if need be
            t = _fix_house_digits(img, r, t, native, own=own, heard=heard, heard_moo=heard_moo)
            t = _moo_slot_filled(img, r, t, heard_moo)
            if own:
                t = _lost_head(img, r, t)
            t = _lost_tail(img, r, t)
        texts.append(t)
        confs.append(c)
    return texts, confs


_T = TypeVar("_T")


def _called(make: Callable[[], Iterable[_T]]) -> Iterator[_T]:
    """What `make()` gives, made only when first asked for."""
    yield from make()


def _crnn_row(img: np.ndarray, row: list[Line]) -> list[recognizer.LineRead]:
    """The CRNN's readings of a row's lines (those with pixels)."""
    return [r for ln in row if (r := _crnn_read(img, ln)) is not None]


def _crnn_numbers_stand(img: np.ndarray, row: list[Line]) -> bool:
    """The digit checks take the CRNN's own numbers of an address row: the cascade's CRNN
    reads its digits and is sure of every one (on damaged rows PP-OCR reads digits better)."""
    return ocr.fast_latin() is not None and _digits_sure(_crnn_row(img, row))


def _digits_sure(reads: list[recognizer.LineRead]) -> bool:
    """The CRNN read digits in a row (its lines' readings) and is sure of every one."""
    probs = [p for r in reads for c, p in zip(r.text, r.char_probs, strict=True) if c.isdigit()]
    return bool(probs) and min(probs) >= _SURE_DIGIT


def _numbers_heard(row: str) -> tuple[str | None, str | None]:
    """The house number a first address row (label stripped) leads with, and its หมู่ที่
    number: what a reading of the row offers the pixel checks of the others."""
    house = m.group(1) if (m := _HOUSE_LEAD.match(row)) else None
    moo = (m.group(1) or None) if (m := _MOO_SLOT.search(row)) else None
    return house, moo


def _address_cuts(
    img: np.ndarray, rows: list[list[Line]]
) -> list[tuple[str, None, list[tuple[str, float]]]]:
    """Further CRNN readings of the address rows (their numbers for the pixel checks, and
    readings to place: after the CRNN's own without Tesseract, after Tesseract's last): the
    rows read in `_NAME_VIEWS`' cuts, their consensus first, then each cut's own, each
    reading once (as `_read_address_rows` attempts: the CRNN, no height, each row's text
    and confidence)."""
    views = [_read_in_views(img, r) for r in rows]
    if any(v is None for v in views):
        return []
    seen: set[tuple[str, ...]] = set()
    out = []
    for i in range(len(_NAME_VIEWS) + 1):  # 0: the consensus; then each cut's reading
        raw = []
        for text, cuts in views:  # type: ignore[misc]
            reads = [c[i] for c in cuts]  # (c[0]: the own cut, whose confidence it takes)
            if i:
                text = normalize_text(" ".join(rd.text for rd in reads))
            raw.append((text, float(np.mean([rd.confidence for rd in reads]))))
        key = tuple(t for t, _ in raw)
        if key not in seen:
            seen.add(key)
            out.append(("crnn", None, raw))
    return out


# The CRNN's least sure character of an address row above which its reading stands
# without Tesseract's (a later row's only where it places the address with the rows before).
_ROW_SURE = 0.8


def _sure_row(
    img: np.ndarray, row: list[Line], before: list[str] | None
) -> tuple[str, float] | None:
    """An address row as the CRNN read it, with its least sure character's probability
    (past the first row's "ที่อยู่" label), where that is at least `_ROW_SURE`: this spares
    a Tesseract run. A later row (the area's names; `before`: the rows read before it) must
    also let the gazetteer place the address. A blurred row fails the check and is read as
    before (a row the gazetteer cannot place then sends the whole address to the other
    readings)."""
    if not recognizer.available():
        return None
    label = ("ที่อยู่",) if before is None else ()
    text, weakest = _read_thai(img, row, kind="address", reader="crnn", weakest=label)
    if weakest < _ROW_SURE or (before is not None and not _address_resolves([*before, text])):
        return None
    return text, weakest


# A row's last number, that the detector's box left out: a lone narrow "1" after a street's
# name ("ถ.เทศบาล 1"). The CRNN reads the row again this many line heights further right.
_TAIL_REACH = 1.0
_STREET_DIGITS = r"\d{1,3}"  # a soi's or road's number
_TAIL_NUMBER = re.compile(_STREET_DIGITS)


def _lost_tail(img: np.ndarray, row: list[Line], text: str) -> str:
    """The first address row's reading with the street's number the detector's box left out
    put back, where the CRNN reads the row reached further right as the same words and a
    number after them, and the pixels favour the number. Only after a soi's or road's name:
    none follows the area's names."""
    words = text.split()
    marked = [w for w in words if _ADDR_MARK.match(w)]
    if not marked or not marked[-1].startswith(("ซ.", "ถ.")) or _ADDR_NUM.fullmatch(words[-1]):
        return text
    if not recognizer.available():
        return text
    last = max(row, key=lambda ln: ln.x1)
    x1 = min(last.x1 + _TAIL_REACH * last.h, _PHOTO_X)
    if x1 <= last.x1 + 0.3 * last.h:
        return text
    whole = row[0] if len(row) == 1 else _row_box(row)
    base = _crnn_read(img, whole)  # (a one-line row's reading is at hand)
    (reach,) = recognizer.recognize([line_crop(img, Line.box(whole.x0, whole.y0, x1, whole.y1))])
    if base is None:
        return text
    tail = reach.text[len(base.text) :]
    if not reach.text.startswith(base.text + " ") or not _TAIL_NUMBER.fullmatch(tail[1:]):
        return text
    # (the lone "1" is read less than sure: its pixels must favour it clearly)
    with_tail, without = recognizer.recognizer().scores(reach, [reach.text, base.text])
    return f"{text} {tail[1:]}" if with_tail - without >= _ROW_GAIN else text


# A number of one to three digits as a word of its own, after a space.
_BARE_NUMBER = re.compile(r" \d{1,3}(?=\s|$)")
# A soi's or road's number: the 1-3 digits after its name ("ซ.ร่วมใจ 22").
_STREET_NUMBER = re.compile(rf"(?:^|\s)[ซถ]\.\S+\s({_STREET_DIGITS})(?=\s|$)")


def _first_row_by_views(img: np.ndarray, row: list[Line], text: str) -> str:
    """The first address row with a หมู่ที่ it lost put back, and its soi's or road's number,
    as the CRNN reads them in its own cut and in one 1.25 times wider: where the cuts that
    read them otherwise agree and both cuts' pixels favour them. Tesseract read "ซ.ร่วมใจ 2"
    for "22" and lost a หมู่ที่ whose marker it misread, and a narrow cut merges "76" into
    "6". (The house number and a หมู่ที่ number read stay: summed over the two cuts, the
    pixels took a wrong house number on blurred cards as often as a right one, and "1" for
    "11" on in-hand cards.) So are a หมู่ที่ number read as no number ("๐", "เร็์"), and a soi's
    or road's name as a cut reads it (a third of its letters off at most, a better
    spelling: "ซ.พหลโยธิน" for Tesseract's "ซ.พหลโกฉีน"), the one both cuts' pixels favour
    most. A name split in two ("ซ.มิตร ไมตรี": a wide letter gap read as a space) is joined
    where both cuts' pixels favour it: the own cut scores a space and none alike. A soi's or
    road's number the own cut reads with twin digits merged is read wider (`_twin_read`)."""
    if not recognizer.available():
        return text
    cuts: list[recognizer.LineRead] = []

    def views() -> list[recognizer.LineRead]:
        if not cuts:
            cuts.extend(
                ev
                for st in (1.0, _TWIN_STRETCH[0])
                if (ev := _row_evidence(img, row, st)) is not None
            )
        return cuts

    words = _MOO_LETTER.sub(r"\1 \2", text).split(" ")
    # A หมู่ที่ whose number reads as no number ("หมู่ที่ ๐", "คมู่ที่ เร็์"): the cuts' one.
    at = next((j for j in range(len(words) - 1) if _moo_unread(words[j], words[j + 1])), None)
    if at is not None:
        glued = _GLUED_MARK.search(words[at + 1])  # "เร็์ต.ด่านศรีสุข": the next part kept
        kept = [words[at + 1][glued.start() :]] if glued else []
        tail = " ".join([*kept, *words[at + 2 :]])
        head = " ".join(words[:at])
        text = _pick_by_views(
            img, row, text, views(), _view_moo, "", lambda g: f"{head} หมู่ที่ {g} {tail}".strip()
        )
    if _MOO_SLOT.search(text) is None and (m := _HOUSE_LEAD.match(text)):
        at = m.end(1)
        # A bare number after the house number is that หมู่ที่ number, its marker lost.
        end = at + (bare.end() if (bare := _BARE_NUMBER.match(text[at:])) else 0)
        text = _pick_by_views(
            img, row, text, views(), _view_moo, "", lambda g: f"{text[:at]} หมู่ที่ {g}{text[end:]}"
        )
    if m := _STREET_NUMBER.search(text):
        i, j = m.span(1)
        text = _pick_by_views(
            img, row, text, views(), _street_read, m.group(1), lambda g: text[:i] + g + text[j:]
        )
    if m := _STREET_NUMBER.search(text):  # ("ซ.ประชาร่วมใจ 11" for "111": twins merged)
        text = _twin_read(img, row, text, m.start(1), m.group(1), _street_read, _TWIN_STRETCH[:1])
    for i, w in enumerate(text.split(" ")):
        # (a name of one dictionary word has no better spelling: its cut is not read wider)
        if _STREET_WORD.match(w) and _name_cost(w) > 1:
            near = (_street_like(w, ev.text) for ev in views())
            got = [n for n in dict.fromkeys(near) if n and n != w]
            text = _best_by_views(img, row, views(), text, [_put_word(text, i, g) for g in got])
    words = text.split(" ")
    for j in range(len(words) - 2, -1, -1):
        if _split_street(words[j], words[j + 1]):
            cand = " ".join([*words[:j], words[j] + words[j + 1], *words[j + 2 :]])
            text = _best_by_views(img, row, views(), text, [cand])
    return text


# หมู่ที่ with one letter glued on for its number ("หมู่ที่ธ" for "หมู่ที่ 8").
_MOO_LETTER = re.compile(r"(?<!\S)(หมู่ที่)([ก-ฮ])(?=\s)")


def _street_like(now: str, text: str) -> str | None:
    """The soi's or road's name in a reading that is nearest `now` (the same marker, at
    most a third of its letters off, spelt with dictionary words alone and better; a name
    split in two joined). Not a name as well spelt: on a blurred row the CRNN's cuts favour
    their own look-alike ("ถ.ประสาอุทิศ" for a clean "ถ.ประชาอุทิศ")."""
    words = text.split()
    joined = [a + b for a, b in pairwise(words) if _split_street(a, b)]
    reach = max(2, len(now) // 3)
    cost = _name_cost(now)
    near = [
        w
        for w in dict.fromkeys([*words, *joined])
        if _STREET_WORD.match(w)
        and w[:2] == now[:2]
        and Levenshtein.distance(w, now) <= reach
        and th_lexicon.well_spelt(w[2:])
        and th_lexicon.spelling_cost(w[2:]) < cost
    ]
    return min(near, key=lambda w: Levenshtein.distance(w, now)) if near else None


def _split_street(word: str, nxt: str) -> bool:
    """`word` is a marked soi or road name and `nxt` a plain Thai word after it (no number,
    marker or area word): the rest of the name, split off by a wide letter gap."""
    return bool(
        _STREET_WORD.match(word) and _THAI_WORD.fullmatch(nxt) and not _PART_WORD.match(nxt)
    )


def _name_cost(street: str) -> int:
    """The dictionary words a marked street's name takes (`lexicon.spelling_cost`); a Latin
    letter inside it is a speck ("ถ.ปhระชาอุทิศ" costs what "ถ.ประชาอุทิศ" does, which the
    street dictionary restores later)."""
    return th_lexicon.spelling_cost(_NOT_THAI.sub("", street[2:]))


_NOT_THAI = re.compile(r"[^\u0e01-\u0e4e\-]")


def _put_word(text: str, i: int, word: str) -> str:
    """`text` with its `i`-th word (space-separated) replaced by `word`."""
    words = text.split(" ")
    return " ".join([*words[:i], word, *words[i + 1 :]])


_GLUED_MARK = re.compile(rf"(?<=\S)[ตอจถซ]\.(?=[{_LEAD}])")


def _moo_unread(word: str, nxt: str) -> bool:
    """`word` is หมู่ที่ (a letter off at most) and `nxt`, its number, reads as no Arabic
    number nor as the next part's marker."""
    return (
        Levenshtein.distance(word, "หมู่ที่") <= 1
        and not nxt.isascii()
        and _ADDR_MARK.match(nxt) is None
    )


def _best_by_views(
    img: np.ndarray, row: list[Line], views: list[recognizer.LineRead], text: str, cands: list[str]
) -> str:
    """Of `cands`, the one the first row's pixels favour most, summed over the cuts' CRNN
    outputs, where it beats `text` by `_ROW_GAIN`; else `text`."""
    if not views or not cands:
        return text
    total = sum(_row_scorer(img, row, True, ev)([text, *cands]) for ev in views)  # type: ignore[misc]
    k = int(np.argmax(total[1:]))
    with np.errstate(invalid="ignore"):  # -inf less -inf (no cut spells either): nan, no gain
        return cands[k] if total[k + 1] - total[0] >= _ROW_GAIN else text


def _pick_by_views(
    img: np.ndarray,
    row: list[Line],
    text: str,
    views: list[recognizer.LineRead],
    find: Callable[[str], str | None],
    now: str,
    put: Callable[[str], str],
) -> str:
    """`text` with the number `find` picks out of the cuts' readings `put` in place of
    `now`, where the cuts that read it otherwise read one number (not `now` with a twin
    digit merged: CTC favours the merge on a narrow cut) and their pixels favour it."""
    got = {n for ev in views if (n := find(ev.text)) and n != now and not twin_of(n, now)}
    # One cut's number with a twin digit merged, another's whole ("17" and "117"): the
    # whole one (a narrow cut merges twins).
    got -= {n for n in got if any(twin_of(n, m) for m in got)}
    if len(got) != 1:  # none, or two other numbers: a guess
        return text
    return _best_by_views(img, row, views, text, [put(got.pop())])


def _view_moo(text: str) -> str | None:
    """The หมู่ที่ number of a CRNN reading, its marker misread or glued or not."""
    return m.group(1) if (m := _MOO_NUMBER.search(_MOO_OCR.sub("หมู่ที่ ", text))) else None


def _street_read(text: str) -> str | None:
    """The soi's or road's number of a reading."""
    return m.group(1) if (m := _STREET_NUMBER.search(text)) else None


_ADMIN_MARK = re.compile(r"^(?:ต\.|ตำบล|แขวง|อ\.|อำเภอ|เขต|จ\.|จังหวัด)")


def _lost_head(img: np.ndarray, row: list[Line], text: str) -> str:
    """Tesseract's first address row with its head (the house number, หมู่ที่, soi and
    road: the words before the sub-district) as the CRNN read it, where Tesseract lost
    part of it ("17 แขวงบางซื่อ" for "989/171 ซ.เทศบาล 17 แขวงบางซื่อ", "107" for
    "9/107") and the row's pixels favour the CRNN's."""
    ev = _row_evidence(img, row)
    if ev is None:
        return text
    theirs = _past_label(_strip_thai_label(normalize_text(ev.text), ("ที่อยู่",))).split()
    words = text.split()
    i = next((k for k, w in enumerate(words) if _ADMIN_MARK.match(w)), None)
    j = next((k for k, w in enumerate(theirs) if _ADMIN_MARK.match(w)), None)
    if i is None or not j or not _ADDR_NUM.fullmatch(theirs[0]):
        return text
    mine, head = words[:i], theirs[:j]
    if len(" ".join(head)) <= len(" ".join(mine)):
        return text
    # Every word of Tesseract's head is in the CRNN's, in order (a number may have lost
    # digits): the CRNN's only adds what Tesseract dropped.
    rest = iter(head)
    if not all(any(w == t or (w.isdigit() and within(w, t)) for t in rest) for w in mine):
        return text
    score_of = _row_scorer(img, row, first=True, ev=ev)
    if score_of is None:
        return text
    cand = " ".join([*head, *words[i:]])
    base, new = score_of([text, cand])
    return cand if new >= base + _ROW_GAIN else text


def _address_resolves(texts: list[str]) -> bool:
    texts = _repair_rows(texts)
    return th_address.parse_address(" ".join(t for t in texts if t)).resolved


def _junk_word(w: str) -> bool:
    """A digit group Tesseract read as Thai: short, or holding digits or Latin letters."""
    return len(w) <= 3 or bool(re.search(r"[0-9A-Za-z\u0e50-\u0e59]", w))


# A หมู่ที่ number the reader split at a space ("หมู่ที่ 1 1"): the card prints no bare
# number after it.
_MOO_SPLIT = re.compile(r"(?<=หมู่ที่ \d) (?=\d(?:\s|$))")
# "ทมู่ที่", "มมู่ที่", "หมู่หี่", "หมู่ศี่", "หมู่ท", "มู่ที่", "หมมู่ที่", "หู่ท่", "หม่ที่",
# "หมี้ห็", "หมู่ี่", "หมที", "ผยู่ที", "พมู่กี", "ทมุตี", "หปูกี่", "หมุ่ที่": ห, ม or ท misread
# or lost, ม doubled, ู or ี lost or misread (only before a number).
_MOO_OCR = re.compile(
    r"(?:หม{1,2}ู|(?<!\S)(?:[ทมผพห]?ม[ุู]|[ผพห][ยป]ู|หู|หม[ีิ]?(?=[่้])|หม(?=[ทหค][ีิ])))[่้]?\s*"
    r"(?:[ทหคศสกต][ีิ็]?|[ีิ])[่้]?\s*(?=\d)"
)


def _address_fields(
    out: dict[str, Reading], texts: list[str], confs: list[float], rows: list[list[Line]]
) -> None:
    # OCR repair: the tone marks of "หมู่ที่" are often dropped or swapped.
    texts = _repair_rows(texts)
    full_text = " ".join(t for t in texts if t)
    addr = th_address.parse_address(full_text)
    conf = float(np.mean(confs)) if confs else 0.0
    rule = 1.0 if addr.resolved else 0.7
    # A street part no card prints ("หมู่ที่" without its number, or misread) is a misread
    # the reader may have been sure of: the lines that hold it are in doubt too.
    shaped = 1.0 if addr.street is None or th_address.street_shape(addr.street) else 0.7
    if addr.resolved:
        printed = addr.printed()
        # Split the corrected address back over the printed lines: line 2 holds the tail
        # that was printed on the second line (usually the province).
        line1, line2 = _split_lines(printed, texts)
    else:
        printed, line1 = full_text, texts[0]
        line2 = texts[1] if len(texts) > 1 else None
    if line1:
        out["address_1"] = Reading(line1, conf * rule * shaped, rows[0])
    if line2:
        out["address_2"] = Reading(line2, conf * rule, rows[1] if len(rows) > 1 else [])
    all_lines = [ln for r in rows for ln in r]
    out["address_full"] = Reading(printed, conf * rule * shaped, all_lines, valid=addr.resolved)
    parts = addr.fields()
    if not addr.resolved and not addr.house_number:
        # The gazetteer could not place the rest, but a clean leading number is still the
        # house number (it is read by the digit reader, not Tesseract's Thai model).
        m = _HOUSE_LEAD.match(texts[0])
        parts["address_house_building_number"] = m.group(1) if m else None
    for key, val in parts.items():
        if val:
            out[key] = Reading(
                val,
                conf * rule * (shaped if key == "address_street_address" else 1.0),
                [],
                valid=addr.resolved if "house" not in key and "street" not in key else None,
            )


_HOUSE_LEAD = re.compile(r"(\d{1,4}(?:/\d{1,4})?)(?=\s)")
# The หมู่ที่ number glued to the next marker, its dot lost ("หมู่ที่ 9ต หนองบัว").
_MOO_GLUED_MARKER = re.compile(rf"(หมู่ที่ \d{{1,3}})([ตอจถซ])[\s,:.\-]+(?=[{_LEAD}])")
_MOO_SPECKED = re.compile(r"(หมู่ที่ \d{1,3})[.,](?=\s|$)")
# A soi's or road's marker read as its lookalike letter, its dot and the space before it
# lost ("หมู่ที่ 2ฉลาดพร้าว"): no name follows the หมู่ที่ number unmarked.
_MOO_GLUED_LOOKALIKE = re.compile(rf"(หมู่ที่ \d{{1,3}})([ฉช])(?=[{_LEAD}][^\s\d]+)")


def _unglued_moo_marker(text: str) -> str:
    """`text` with a marker glued to the หมู่ที่ number parted and spelt
    (`_MOO_GLUED_LOOKALIKE`): "หมู่ที่ 2ฉลาดพร้าว" → "หมู่ที่ 2 ถ.ลาดพร้าว"."""
    return _MOO_GLUED_LOOKALIKE.sub(lambda m: f"{m.group(1)} {_LOOKALIKE[m.group(2)]}.", text)


_LONE_MARKER = re.compile(rf"(?:(?<=\s)|^)([ตอจถซ])[\s,:.\-]+(?=[{_LEAD}])")
# Markers no address prints, misread for the soi / road ones: "ช.เจริญสุข", "ฉ.พหลโยธิน",
# "ก.ประชาอุทิศ".
_LOOKALIKE_MARKER = re.compile(rf"(?:(?<=\s)|^)([ชฉก])\.(?=[{_LEAD}])")
_DISTRICT_NEXT = re.compile(r"^(?:อ[.,:;ะ]|อำเภอ|เขต)")  # the district's marker (misread)
_MARKED_MARKER = re.compile(rf"(?:(?<=\s)|^)([ตอจถซ])[{MARKS}]+\.")
_STRAY_MARK = re.compile(rf"(?<=[\s.\d])[{MARKS}]+")  # (no Thai mark sits on a digit)
# A marked name of one letter (its marks aside) ends a row: no place or street is one letter.
_STUB_MARKED = re.compile(rf"\s+[ตอจถซ]\.[ก-ฮเ-ไ][{MARKS}]*$")


def _repair_rows(texts: list[str]) -> list[str]:
    """`_repair_address` on each printed row, then the road marker: an address has one
    sub-district (ต. or แขวง), so an earlier "ต." token is a road's "ถ." misread."""
    texts = [_repair_address(_MOO_SPLIT.sub("", _MOO_OCR.sub("หมู่ที่ ", t))) for t in texts]
    return [" ".join(ws) for ws in _roads_marked([t.split(" ") for t in texts])]


def _roads_marked(rows: list[list[str]]) -> list[list[str]]:
    """The address's words, row by row, with each "ต." token before the last sub-district
    marker read as the road's "ถ." it is (an address has one sub-district)."""
    rows = [list(ws) for ws in rows]
    marks = [(i, j) for i, ws in enumerate(rows) for j, w in enumerate(ws) if _SUB_MARK.match(w)]
    for i, j in marks[:-1]:
        if rows[i][j].startswith("ต."):
            rows[i][j] = "ถ." + rows[i][j][2:]
    return rows


# ---------------------------------------------------------------- address rows, pixel-checked

# An edit of a row's reading is kept when the CRNN's output for the row's pixels favours
# it by this many nats (CTC log-likelihood): the rules propose, the pixels decide.
_ROW_GAIN = 2.0
_PART_WORD = re.compile(r"หมู่|แขวง|เขต|ตำบล|อำเภอ|จังหวัด|กรุงเทพ")
_NUMBER_MARKER = re.compile(rf"[0-9oO]{{1,2}}\.(?=[{_LEAD}])")
_LOOKALIKE = {"ถ": "ถ", "ซ": "ซ", "ต": "ต", "อ": "อ", "จ": "จ", "ฉ": "ถ", "ช": "ซ"}
_GLUED_NUMBER = re.compile(r"(.*[\u0e01-\u0e4e])(\d{1,3})")
# A number with one digit read as a Thai letter (its mark too): "ว์3" for 73, "9ร" for 93.
_LETTER_IN_NUMBER = re.compile(r"(\d?)[ก-ฮ][\u0e48-\u0e4c]?(\d?)")
_NUMBER_GLUED_MARKER = re.compile(rf"^(\d{{1,4}})[\u0e40-\u0e44]?([ก-ฮ])[.,](?=[{_LEAD}])")
# A soi's number glued to the road's marker after it, its dot lost ("41ตรามคำแหง").
_NUMBER_GLUED_NAME = re.compile(rf"^(\d{{1,3}})([ถซตช])(?=[{_LEAD}]\S\S)")
_GLUED_JUNK = re.compile(rf"^[^{_LEAD}\d]+(?=\S)")
_JUNK_BEFORE_MARKER = re.compile(r"[ก-ฮ]{1,3}([ตอจถซ]\.)")  # "ตดต.": a speck read as letters


def _row_edits(text: str) -> list[str]:
    """Readings one structural slip away from `text`, as OCR makes them in address rows:
    a marker's dot lost ("ถงามวงศ์วาน"), punctuation or a letter glued on (".ซ.",
    "นหมู่ที่"), a stray short token ("479 3 ต."), a word or number split ("รา มคำแหง",
    "1 4"), a house number's slash lost or read as a digit ("944174", "7717129")."""
    words = text.split(" ")
    out: list[str] = []

    def put(j: int, new: str, span: int = 1) -> None:
        out.append(" ".join([*words[:j], *([new] if new else []), *words[j + span :]]))

    sub_at = next((j for j, w in enumerate(words) if _SUB_MARK.match(w)), len(words))
    for j, w in enumerate(words):
        nxt = words[j + 1] if j + 1 < len(words) else ""
        for mark in _street_marks(w, j < sub_at):
            put(j, mark)
        if sub_at == len(words) and j and _NO_MARKER.match(w) and _DISTRICT_NEXT.match(nxt):
            # "ดลำที อะท้ายเหมือง": no sub-district marked, and a word before the district's
            # whose marker was misread is it.
            put(j, "ต." + w[1:])
        if len(w) >= 3 and w[0] in "ถซตอจช" and _THAI_LEAD.match(w[1]):
            put(j, w[0] + "." + w[1:])
            if w[0] == "ช":
                put(j, "ซ." + w[1:])
            if j < sub_at and w[0] in "ถซ" and len(w) >= 4 and _THAI_LEAD.match(w[2]):
                put(j, w[0] + "." + w[2:])  # "ซมมิตรไมตรี": the dot read as a letter
        if m := _NUMBER_MARKER.match(w):  # "0.นิมมาน", "31.นิมมาน": a marker read as digits
            for mark in ("ถ.", "อ.", "ซ.", "ต."):
                put(j, mark + w[m.end() :])
        if len(w) >= 3 and w[0] in _LOOKALIKE and w[1] in "าะ,:;" and _THAI_LEAD.match(w[2]):
            put(j, _LOOKALIKE[w[0]] + "." + w[2:])  # "ฉาเจริญกรุง": the dot read as a vowel
        if (
            # (ู; "หมุ่ก 20")
            (
                "\u0e39" in w
                or Levenshtein.distance(w, "หมู่ที่") <= 3
                or w.endswith("ที่")
                or w.startswith("หม")
            )
            and 2 <= len(w) <= 8
            and j + 1 < len(words)
            and words[j + 1].isdigit()
            and not w.startswith("หมู่ที่")
        ):
            put(j, "หมู่ที่")  # "แปูกี่ 3", "ทม่ที่ 3", "พที่ 3": หมู่ที่ misread before its number
        if (k := w.find(".", 2)) > 0 and _THAI_LEAD.match(w[k + 1 : k + 2]):
            put(j, w[:k] + w[k + 1 :])  # "ซ.ศ.รีเจริญ": a speck read as a dot
        if m := _GLUED_JUNK.match(w):
            put(j, w[m.end() :])
        if (m := _JUNK_BEFORE_MARKER.fullmatch(w)) and _names_next(words, j):
            put(j, m.group(1) + words[j + 1], span=2)  # "ตดต. กุตลาด"
        if m := _GLUED_NUMBER.fullmatch(w):  # "ซ.พหลโยธิน79": a soi's number glued on
            put(j, f"{m.group(1)} {m.group(2)}")
        m = _LETTER_IN_NUMBER.fullmatch(w)
        if j and m and (m.group(1) or m.group(2)) and _THAI_LEAD.search(words[j - 1]):
            for d in "0123456789":  # "ซ.งามวงศ์วาน ว์3": a soi's number with a digit read as ว
                put(j, m.group(1) + d + m.group(2))
        if w.endswith("หมู่ที่") and len(w) > len("หมู่ที่"):
            put(j, "หมู่ที่")
        # (a number after the house or หมู่ที่ number, not one after a soi's name)
        if j > 0 and len(w) <= 2 and (not w.isdigit() or _ADDR_NUM.fullmatch(words[j - 1])):
            put(j, "")
        if nxt:
            # (the house number split after its slash too: "601/1 39")
            digits = (w.isdigit() or (j == 0 and bool(_ADDR_NUM.fullmatch(w)))) and nxt.isdigit()
            thai = bool(_THAI_WORD.fullmatch(nxt)) and not _PART_WORD.match(nxt)
            if digits or (thai and _THAI_WORD.search(w[-1:])):
                put(j, w + nxt, span=2)
        if m := _NUMBER_GLUED_MARKER.match(w):  # "9ห.วังคาล", "1ได.เจริญกรุง": a marker misread
            for mark in dict.fromkeys((m.group(2), "ต", "อ", "ถ", "ซ")):
                put(j, f"{m.group(1)} {mark}.{w[m.end() :]}")
        if j < sub_at and (m := _NUMBER_GLUED_NAME.match(w)):  # "41ตรามคำแหง": dot lost
            for mark in dict.fromkeys(("ถ", "ซ", m.group(2))):
                put(j, f"{m.group(1)} {mark}.{w[m.end() :]}")
        if "๓" in w:  # the card prints Arabic digits: a Thai three is a misread ต marker
            head, _, tail = w.partition("๓")
            if tail.startswith("ต."):  # "๓ต.ไม้รูด": the marker read twice
                put(j, f"{head} {tail}".strip())
            elif _THAI_LEAD.match(tail):  # "๓คลองใหญ่": the marker's dot lost as well
                put(j, f"{head} ต.{tail}".strip())
            elif not tail and j + 1 < len(words) and _THAI_LEAD.match(words[j + 1]):
                put(j, f"{head} ต.{words[j + 1]}".strip(), span=2)  # "19๓ คุลปลาตุก"
        if j == 0 and w.isdigit() and len(w) >= 4:
            for k in range(1, len(w)):
                put(j, w[:k] + "/" + w[k:])
                if k < len(w) - 1:
                    put(j, w[:k] + "/" + w[k + 1 :])
    return out


def _names_next(words: list[str], j: int) -> bool:
    """Whether the word after `words[j]` is a name (a Thai word, not a marked one)."""
    nxt = words[j + 1] if j + 1 < len(words) else ""
    return bool(_THAI_LEAD.match(nxt)) and not _NAME_MARKED.match(nxt)


def _end_drops(text: str, first: bool = False) -> list[str]:
    """`text` without a run of words at either end: another row's words read into this
    one (a frame a row and a half tall). Not a run that holds หมู่ที่, a soi or a road, nor
    in the first row a number: where the frame took in the wrong row, the pixels favour its
    junk."""
    words = text.split(" ")
    kept = [
        w.startswith(("หมู่", "ซ.", "ถ.")) or (first and bool(_ADDR_NUM.fullmatch(w))) for w in words
    ]
    out = []
    for j in range(1, len(words)):
        if not any(kept[j:]):
            out.append(" ".join(words[:j]))
        if not any(kept[:j]):
            out.append(" ".join(words[j:]))
    return out


# What OCR makes of a soi's or road's marker: another letter's marker ("ข.เจริญกรุง",
# "อ.ลาดพร้าว", or a leading vowel's: "เ.พระราม"), a letter beside the dot ("ถด.นิมมาน",
# "ดต.ถ้ำสิงขร"), the dot read as a vowel ("ซเพระราม", "ถูพหลโยธิน"), or a letter or digit
# with no dot ("ณสุขุมวิท", "๑ประชาราษฎร์").
# (a mark on the letter too: "ชู.มิตรภาพ"; or the repeat mark: "ๆ.ประชาราษฎร์")
_OTHER_MARKER = re.compile(rf"^(?:[ก-ฮ][{MARKS}]?|[เแโใไๆ])?[.,](?=[{_LEAD}])")
_MARKER_SLIP = re.compile(rf"^(?:([ถซตอจ])[^\s.\d]{{1,2}}|[ก-ฮ]([ถซตอจ]))[.,](?=[{_LEAD}])")
_DOT_AS_VOWEL = re.compile(rf"^([ถซ])[เุู](?=[{_LEAD}])")
_NO_MARKER = re.compile(rf"^[ก-ฮ](?=[{_LEAD}][^\s\d]{{2,}}$)")
_VOWEL_MARKER = re.compile(rf"^[ก-ฮ][ุู](?=[{_LEAD}][^\s\d]{{2,}}$)")  # "จูเจริญกรุง"
_DIGIT_MARKER = re.compile(rf"^[1-9๑-๙](?=[{_LEAD}][^\s\d]{{2,}}$)")  # "๑ประชาราษฎร์" (a zero is อ.)
_NOT_STREET = re.compile(r"^(?:หมู่|ซอย|ถนน|ตรอก|ตำบล|อำเภอ|จังหวัด|แขวง|เขต|กรุงเทพ|บ้านเลขที่)")


def _street_marks(w: str, before_sub: bool) -> list[str]:
    """`w` with a soi's or road's marker OCR misread put right, ถ. or ซ. (the pixels pick):
    a word before the sub-district marker that is no house or หมู่ที่ number is a street."""
    if w.startswith(("ถ.", "ซ.")) or _NOT_STREET.match(w):
        return []
    if m := _MARKER_SLIP.match(w):
        return [k + "." + w[m.end() :] for k in m.groups() if k]
    if m := _DOT_AS_VOWEL.match(w):
        return [m.group(1) + "." + w[m.end() :]]
    if not before_sub:
        return []
    if m := _OTHER_MARKER.match(w) or _VOWEL_MARKER.match(w):
        return [k + w[m.end() :] for k in ("ถ.", "ซ.")]
    if _NO_MARKER.match(w):
        return [k + rest for k in ("ถ.", "ซ.") for rest in (w[1:], w)]
    if _DIGIT_MARKER.match(w):
        return [k + w[1:] for k in ("ถ.", "ซ.")]
    return []


def _row_evidence(
    img: np.ndarray, row: list[Line], stretch: float = 1.0
) -> recognizer.LineRead | None:
    """The CRNN's output over a row's lines (cut `stretch` times wider), left to right, a
    certain space between them."""
    reads = [r for r in _crnn_reads(img, row, stretch) if r is not None and r.probs is not None]
    if len(reads) <= 1:
        return reads[0] if reads else None
    space = np.zeros((1, reads[0].probs.shape[1]), np.float32)
    space[0, recognizer.recognizer().index[" "]] = 1.0
    probs = np.concatenate([x for r in reads for x in (r.probs, space)][:-1])
    return recognizer.LineRead(" ".join(r.text for r in reads), [], probs)


def _row_scorer(
    img: np.ndarray,
    row: list[Line],
    first: bool,
    ev: recognizer.LineRead | None = None,
) -> Callable[[list[str]], np.ndarray] | None:
    """The CTC log-likelihoods of readings of `row` under the CRNN's output for its pixels
    (`ev`, when the caller has it already; else its cuts', `_cuts_scorer`; None without a
    model or pixels). The first row's label ("ที่อยู่") is in the pixels but not in the
    text: each reading is scored with the head that fits it best."""
    if ev is None:
        return _cuts_scorer(img, row, first)
    if not recognizer.available():
        return None
    rec = recognizer.recognizer()
    label = ev.text.split(" ")[0]
    label = "" if _ADDR_NUM.fullmatch(label) else label  # no label in the pixels: the number
    heads = list(dict.fromkeys(["", label, "ที่อยู่"] if first else [""]))
    if len(heads) == 1:
        return lambda texts: rec.scores(ev, texts)

    # Each reading with the head that fits it best: one head for all would let a short
    # reading's "ที่อยู่" stand in for the pixels of the words it lost.
    def score_of(texts: list[str]) -> np.ndarray:
        s = rec.scores(ev, [f"{h} {t}".strip() for t in texts for h in heads])
        return s.reshape(len(texts), len(heads)).max(axis=1)

    return score_of


def _checked_row(
    img: np.ndarray,
    row: list[Line],
    text: str,
    first: bool,
    edits: Callable[[str], list[str]] = _row_edits,
) -> str:
    """`text` with the edits (`_row_edits`) the row's pixels support, one at a time."""
    score_of = _row_scorer(img, row, first) if text else None
    if score_of is None:
        return text
    best = float(score_of([text])[0])
    for _ in range(4):
        cands = [c for c in dict.fromkeys(edits(text)) if c != text]
        if not cands:
            break
        scores = score_of(cands)
        k = int(np.argmax(scores))
        score, cand = float(scores[k]), cands[k]
        if score < best + _ROW_GAIN:
            break
        text, best = cand, score
    return text


def _checked_rows(
    img: np.ndarray, rows: list[list[Line]], texts: list[str], tried: Sequence[list[str]] = ()
) -> list[str]:
    """The address rows after the pixel check; the check may not unplace an address the
    gazetteer placed. `tried`: the other readers' readings of the rows, that no entry
    placed either (their garbled names may still point to the right entries)."""
    if os.environ.get("THAIID_ROW_CHECK", "1") == "0":
        return texts
    texts = _repair_rows(texts)
    checked = [
        _checked_row(img, r, t, k == 0) if t else t
        for k, (r, t) in enumerate(zip(rows, texts, strict=False))
    ] + texts[len(rows) :]
    if checked != texts and _address_resolves(checked):
        placed = checked
    elif _address_resolves(texts):
        placed = texts
    else:
        return _nearest_entry(img, rows, checked, [_repair_rows(t) for t in tried])
    # The placed rows without words read in from the next or last row, where the gazetteer
    # still places them (not rows it could not place: a trimmed garble may place a frame
    # a few pixels off, which then stands for the card).
    trimmed = [
        _checked_row(img, r, t, k == 0, partial(_end_drops, first=k == 0)) if t else t
        for k, (r, t) in enumerate(zip(rows, placed, strict=False))
    ] + placed[len(rows) :]
    return trimmed if trimmed != placed and _address_resolves(trimmed) else placed


def _crnn_street_names(img: np.ndarray, row: list[Line], text: str) -> str:
    """The first address row with each soi or road name ("ซ.สายเอเซีย") replaced by the
    CRNN's reading of it, one letter off and no worse a spelling, where the row's pixels
    favour it: Tesseract reads the row, and its look-alike letters (ซ/ช, ด/ต) make names
    the street dictionary accepts. (Two letters off, the CRNN's reading of an unseen font
    on a photocopy, "ซ.แห้งวัฒนา" for "ซ.แจ้งวัฒนะ", wins as often as Tesseract's.)
    A word before the sub-district that lost its marker to Tesseract ("ถิมมานเหมินท์",
    "ราชดำเนิน") may take the CRNN's marked name near it."""
    if not recognizer.available():
        return text
    reads = " ".join(rd.text for rd in _crnn_reads(img, row) if rd is not None).split()
    # (a marker and a letter split off its name: "ถ.ร าชดำเนิน")
    joined = [a + b for a, b in pairwise(reads) if _CUT_MARKER.fullmatch(a)]
    theirs = [w for w in [*reads, *joined] if _STREET_WORD.match(w)]
    words = text.split(" ")
    cands = _unmarked_streets(words, theirs)
    for i, w in enumerate(words):
        if not _STREET_WORD.match(w) or w in theirs:
            continue
        near = [
            x
            for x in theirs
            if x[:2] == w[:2]
            and Levenshtein.distance(x, w) == 1
            and th_lexicon.spelling_cost(x[2:]) <= th_lexicon.spelling_cost(w[2:])
        ]
        cands += [_put_word(text, i, x) for x in near]
    return _pixels_pick(img, row, text, cands)


_CUT_MARKER = re.compile(r"[ซถ]\.[ก-ฮ]{0,2}")


def _unmarked_streets(words: list[str], theirs: list[str]) -> list[str]:
    """`words` (a row) with a word before the sub-district marker that has no street marker
    of its own, and is no number, หมู่ที่ or area word, replaced by a marked street name of
    `theirs` near it: the word, or the name past the marker, at most a quarter of its
    letters (two at least) off ("ถิมมานเหมินท์" for "ถ.นิมมานเหมินท์")."""
    sub_at = next((j for j, w in enumerate(words) if _SUB_MARK.match(w)), len(words))
    out = []
    for i, w in enumerate(words[:sub_at]):
        core = _GLUED_JUNK.sub("", w)
        skip = _STREET_WORD.match(w) or _ADDR_MARK.match(core) or not _THAI_LEAD.match(core)
        if skip or len(core) < 4:
            continue
        reach = max(2, len(core) // 4)
        near = [
            x
            for x in dict.fromkeys(theirs)
            if x not in words
            and min(Levenshtein.distance(x, w), Levenshtein.distance(x[2:], core)) <= reach
        ]
        out += [" ".join([*words[:i], x, *words[i + 1 :]]) for x in near]
        if i and len(words[i - 1]) == 1 and _THAI_LEAD.match(words[i - 1]):
            # its marker read as a lone letter ("ด แจ้งวัฒนะ"), which goes with it
            out += [" ".join([*words[: i - 1], x, *words[i + 1 :]]) for x in near]
    return out


# A street name's respelling pays this many nats of CTC log-likelihood per dictionary word
# it saves, and may cost at most `_SPELL_SLACK` (the names' word search's) in all.
_WORD_NATS = float(os.environ.get("THAIID_WORD_NATS", "3.0"))
_SPELL_ROUNDS = 2  # respellings of one name in turn (the second mends what the first left)
_STREET_WORD = re.compile(rf"^([ซถ]\.)([{_LEAD}][^\s\d]+)$")
# A name whose first letter blur took ("ซ.ามคำแหง"): it starts with a vowel written after a
# consonant.
_HEADLESS_STREET = re.compile(r"^([ซถ]\.)([\u0e30-\u0e33][^\s\d]{2,})$")


def _spelled_rows(img: np.ndarray, rows: list[list[Line]], texts: list[str]) -> list[str]:
    """Soi and road names ("ซ.ร์วมใจ") respelt with dictionary words where the row's pixels
    allow it: each respelling is scored by the CRNN, less `_WORD_NATS` per word it takes."""
    if _WORD_NATS <= 0:
        return texts
    out = list(texts)
    for k, (row, text) in enumerate(zip(rows, texts, strict=False)):
        words = text.split(" ")
        spots = [
            (j, marker, name, number, alts)
            for j, marker, name, number in _street_words(words)
            if (alts := _street_spellings(img, row, marker, name))
        ]
        if not spots:
            continue
        score_of = _row_scorer(img, row, k == 0)
        if score_of is None:
            continue
        base = float(score_of([text])[0])
        shift = 0  # a respelling that parts a glued number adds a word
        for at, marker, name, number, alts in spots:
            j, tail = at + shift, [number] if number else []
            for _ in range(_SPELL_ROUNDS):
                cands = [" ".join([*words[:j], marker + a, *tail, *words[j + 1 :]]) for a in alts]
                lls = score_of(cands)
                cost = th_lexicon.spelling_cost(name)
                worth = [
                    (ll - _WORD_NATS * (th_lexicon.spelling_cost(a) - cost) - paid, a, c)
                    for ll, (a, paid), c in zip(lls, alts.items(), cands, strict=True)
                    if ll >= base - _SPELL_SLACK
                ]
                if not worth or (best := max(worth))[0] <= base:
                    break
                shift += len(best[2].split(" ")) - len(words)
                words, name, tail = best[2].split(" "), best[1], []
                base = float(score_of([best[2]])[0])
                # One respelling may leave a word a second one mends ("ซ.ครินครีบทร์" →
                # "ซ.ตรินครินทร์" → "ซ.ศรีนครินทร์").
                alts = _street_spellings(img, row, marker, name)
        out[k] = " ".join(words)
    return out


# A row's own cut is squeezed where the CRNN's output has fewer steps than this per
# character it reads (a clear row has two or more).
_STEPS_PER_CHAR = 1.8


def _cuts_scorer(
    img: np.ndarray, row: list[Line], first: bool
) -> Callable[[list[str]], np.ndarray] | None:
    """`_row_scorer` of the row's own cut, averaged with its 1.25× wider one's where the
    own cut is squeezed (`_STEPS_PER_CHAR`). A row cut from a box taller than its text (the
    label "ที่อยู่" printed lower than the value) is brought to the CRNN's height with too
    few CTC steps for its letters: the own cut's reading drops some ("ถ.นิมมานเมินท์"),
    and its pixels barely tell a respelling that drops two more from the printed name; the
    wider cut's steps hold them all. (A row with steps to spare is judged by its own cut:
    on blurred rows the wider cut reads its own slips, "ค้า" for "คำ", more surely.)"""
    own = _row_evidence(img, row)
    if own is None:
        return None
    evs = [own]
    if own.probs is not None and len(own.probs) < _STEPS_PER_CHAR * len(own.text):
        wide = _row_evidence(img, row, _TWIN_STRETCH[0])
        evs += [wide] if wide is not None else []
    scorers = [f for ev in evs if (f := _row_scorer(img, row, first, ev)) is not None]
    if not scorers:
        return None
    return lambda texts: sum(f(texts) for f in scorers) / len(scorers)


def _street_words(words: list[str]) -> list[tuple[int, str, str, str]]:
    """The soi and road words of a row as (index, marker, name, number): a number glued
    to the name ("ถ.เทศบาร1", printed "ถ.เทศบาล 1") is parted from it, and a "ต." before
    the sub-district's is a road's "ถ." misread (`_roads_marked`)."""
    out = []
    for j, w in enumerate(_roads_marked([words])[0]):
        glued = _GLUED_NUMBER.fullmatch(w)
        word, number = glued.groups() if glued else (w, "")
        if m := _STREET_WORD.match(word) or _HEADLESS_STREET.match(word):
            out.append((j, m.group(1), m.group(2), number))
    return out


# A respelling only the search over the CRNN's output found (none of the dictionary's near
# spellings) pays this many nats more: the search looked at many more spellings.
_SEARCH_NATS = float(os.environ.get("THAIID_SEARCH_NATS", "2.0"))


def _nearest_token(
    reads: list[recognizer.LineRead | None], word: str, reach: int, lead: str = ""
) -> tuple[recognizer.LineRead, int] | None:
    """The CRNN's token for `word`: the nearest one (at most `reach` edits; starting with
    `lead`) in the readings that carry their output, as its reading and word index."""
    found = min(
        (
            (Levenshtein.distance(tok, word), j, r)
            for r in reads
            if r is not None and r.probs is not None
            for j, tok in enumerate(r.text.split())
            if tok.startswith(lead)
        ),
        key=lambda c: c[0],
        default=None,
    )
    return (found[2], found[1]) if found is not None and found[0] <= reach else None


def _street_spellings(img: np.ndarray, row: list[Line], marker: str, name: str) -> dict[str, float]:
    """Respellings of a soi's or road's `name`, each with the nats it pays up front: the
    dictionary's one or two edits away (nothing), and those the CRNN's output for the row
    allows (`recognizer.word_search` on its reading of the word, toward fewer dictionary
    words; `_SEARCH_NATS`)."""
    alts = dict.fromkeys(th_lexicon.respellings(name), 0.0)
    # Only toward the dictionary: a spelling that takes more words is no respelling, and
    # none takes fewer than one (the search would be wasted on a name read as one word).
    worse = th_lexicon.spelling_cost(name)
    ev = _row_evidence(img, row) if worse > 1 and recognizer.available() else None
    src = _nearest_token([ev], marker + name, max(2, len(name) // 3), marker[0]) if ev else None
    if src is None and ev is not None:
        src = _lone_marked(ev, marker)

    def cost(text: str) -> float:
        return th_lexicon.spelling_cost(text[len(marker) :]) if text.startswith(marker) else 99.0

    found = recognizer.recognizer().word_search(*src, cost, _WORD_NATS, _SPELL_SLACK) if src else {}
    for t in found:
        if t.startswith(marker) and len(t) > len(marker) + 1 and cost(t) < worse:
            alts.setdefault(t[len(marker) :], _SEARCH_NATS)
    # A hyphen between two of its words that the reader lost ("ซ.บางนาตราด" for
    # "ซ.บางนา-ตราด"): a thin mark, so the pixels must favour it by `_ROW_GAIN` more.
    for a, paid in list({name: 0.0, **alts}.items()):
        parts = th_lexicon.segments(a) if "-" not in a and th_lexicon.well_spelt(a) else ()
        for k in range(1, len(parts)):
            alts.setdefault("".join(parts[:k]) + "-" + "".join(parts[k:]), paid + _ROW_GAIN)
    alts.pop(name, None)
    return alts


def _lone_marked(read: recognizer.LineRead, marker: str) -> tuple[recognizer.LineRead, int] | None:
    """The CRNN's one word with `marker` ("ถ.") in its reading of the row, however far from
    the other reader's ("ถ.นิมมานเมินท์" for Tesseract's "ถ.เมียบานเหมนท์"): the same street."""
    at = [
        j
        for j, tok in enumerate(read.text.split())
        if _STREET_WORD.match(tok) and tok.startswith(marker)
    ]
    return (read, at[0]) if len(at) == 1 and read.probs is not None else None


# The gazetteer entries near an unplaced reading are told apart by the pixels when the
# best beats the next by this many nats and is not much less likely than the reading.
_ENTRY_MARGIN = 3.0
_ENTRY_SLACK = 12.0
_AREA_MARGIN = float(os.environ.get("THAIID_AREA_MARGIN", "5.0"))


def _entries(
    variants: list[list[str]], find: Callable[[str], list[th_address.Address]]
) -> list[tuple[th_address.Address, list[str]]]:
    """The gazetteer entries `find` gives for each reading of the rows, with that reading."""
    return [(e, v) for v in variants for e in find(" ".join(t for t in v if t))]


def _nearest_entry(
    img: np.ndarray, rows: list[list[Line]], texts: list[str], others: Sequence[list[str]] = ()
) -> list[str]:
    """Rows that no gazetteer entry fits clearly ("ต.บ้านต้้า": บ้านต๊ำ or บ้านสาง?): the
    near entries printed over the rows and scored against the rows' pixels. Where none wins
    clearly, the entries near `others` (other readers' readings of the same rows, each
    entry with the house and street of the reading that named it) join them."""
    others = [o for o in others if o != texts]
    scorers: list[Callable[[list[str]], np.ndarray] | None] | None = None

    def scores(alts: list[list[str]]) -> list[float]:
        # Each row's distinct texts in one batch (an area's entries share most rows); a
        # text's score does not depend on the others in its batch.
        table = [
            dict(zip(row, f(row).tolist(), strict=True)) if row else {}  # type: ignore[misc]
            for k, f in enumerate(scorers)  # type: ignore[arg-type]
            for row in [list(dict.fromkeys(a[k] for a in alts if len(a) > k and a[k]))]
        ]
        return [sum(table[k][t] for k, t in enumerate(a[: len(table)]) if t) for a in alts]

    for variants in ([texts], [texts, *others]) if others else ([texts],):
        near, margin = _entries(variants, th_address.near_entries), _ENTRY_MARGIN
        if not near:
            # The names too garbled for the text to narrow: every entry of the area a word
            # names clearly (the province on the second row), the pixels judging alone.
            near, margin = _entries(variants, th_address.area_entries), _AREA_MARGIN
        if not near:
            continue
        if scorers is None:  # the rows' pixels are read only when there is an entry to judge
            scorers = [_row_scorer(img, r, k == 0) for k, r in enumerate(rows[: len(texts)])]
            if not scorers or any(f is None for f in scorers):
                return texts
            now = scores([texts])[0]
        cands = [
            (entry, alt)
            for entry, variant in near
            for alt in _entry_rows(entry.printed(), variant, len(texts))
        ]
        # Each area (sub-district, district, province) is spoken for by the likeliest of
        # the readings that named it.
        best: dict[tuple[str | None, ...], tuple[float, list[str], str | None]] = {}
        for (entry, alt), ll in zip(cands, scores([a for _, a in cands]), strict=True):
            area = (entry.sub_district, entry.district, entry.province)
            got = (ll, alt, entry.province)
            if area not in best or got[0] > best[area][0]:
                best[area] = got
        ranked = sorted(best.values(), key=lambda x: -x[0])
        top, alt, province = ranked[0]
        runner = ranked[1][0] if len(ranked) > 1 else -np.inf
        # Another reader's garbled names may point far off: not where a reading spells
        # another province nearly exactly.
        if len(variants) > 1 and set().union(
            *(th_address.named_provinces(" ".join(v)) for v in variants)
        ) - {province}:
            continue
        if top - runner >= margin and top >= now - _ENTRY_SLACK:
            return [a or "" for a in alt] + texts[len(alt) :]
    return texts


_SUB_MARK = re.compile(rf"^(?:ต\.|แขวง)(?=[{_LEAD}])")
_NAME_MARKED = re.compile(rf"^[ก-ฮ]\.[{_LEAD}][^\s\d]*$")


def _entry_rows(printed: str, variant: list[str], n_rows: int) -> list[list[str]]:
    """The rows a gazetteer entry (`printed` over a reading `variant`) would print. Where
    the entry puts its sub-district at the end of the first row right after a marked name
    ("... ถ.ม้านสำนาว ต.บ้านลำนาว"), that name may be the sub-district itself with its ต.
    misread: the rows without it are a candidate too, for the pixels to judge."""
    if n_rows < 2:
        return [[printed]]
    line1, line2 = _split_lines(printed, variant)
    rows = [[line1, line2]]
    words = line1.split()
    if (
        len(words) >= 3
        and _SUB_MARK.match(words[-1])
        and _NAME_MARKED.match(words[-2])
        and not _NOT_STREET.match(words[-2][2:])
    ):
        rows.append([" ".join(words[:-2] + words[-1:]), line2])
    return rows


def _repair_address(text: str) -> str:
    """OCR repairs of the abbreviation markers: "อ แม่ใจ" → "อ.แม่ใจ", and no vowel or
    tone mark right after a dot or a space ("จ.ุพะเยา")."""
    text = _MOO_GLUED_MARKER.sub(r"\1 \2.", text)
    text = _MOO_SPECKED.sub(r"\1", text)  # "หมู่ที่ 18. ถ.": no หมู่ที่ number has a dot
    text = _unglued_moo_marker(text)
    text = _THAI_THREE_MARKER.sub("ต.", text)  # "๓.รามคำแหง": no card prints a Thai digit
    text = _LONE_MARKER.sub(lambda m: m.group(1) + ".", text)
    text = _MARKED_MARKER.sub(r"\1.", text)  # "ถุ.ลาดพร้าว": a stray mark on the marker
    text = _LOOKALIKE_MARKER.sub(lambda m: {"ช": "ซ.", "ฉ": "ถ.", "ก": "ถ."}[m.group(1)], text)
    text = _JUNK_BEFORE_MOO.sub(r"\1 ", text)  # "130 ผู๋ หมู่ที่ 4": stray tokens
    text = _DOUBLE_LEADING.sub("", text)  # "ถ.แเทศบาล": two different leading vowels
    text = _SPACED_HYPHEN.sub("-", text)  # "ซ.บางนา -ตราด": a name's hyphen is printed tight
    # "ถ.ประชาราษฎ2ร์": no street name holds a digit inside a word. (Not in the area's
    # names: a digit there marks a misread the gazetteer must not place.)
    text = _STREET_TOKEN.sub(lambda m: _DIGIT_IN_WORD.sub("", m.group(0)), text)
    text = _STREET_GLUED_NUMBER.sub(r"\1 \2", text)  # "ถ.เทศบาล1": printed "ถ.เทศบาล 1"
    text = _STUB_MARKED.sub("", text).strip()  # "... ถ.โ": junk past the row's end
    return _STRAY_MARK.sub("", text)


# The card prints the moo right after the house number: words between them were never
# printed, unless they hold a digit (a number split from the house's) or name a place.
_JUNK_BEFORE_MOO = re.compile(
    r"^(\d+(?:/\d+)?)\s+(?:(?!ซ\.|ถ\.|ซอย|ถนน|ตรอก|หมู่บ้าน|อาคาร)[^\s\d]+\s+){1,4}(?=หมู่ที่)"
)
_STREET_TOKEN = re.compile(r"(?<!\S)[ซถ]\.\S+")
_THAI_THREE_MARKER = re.compile(rf"(?<!\S)๓\.(?=[{_LEAD}])")
_STREET_GLUED_NUMBER = re.compile(
    r"(?<!\S)([ซถ]\.[\u0e01-\u0e4e\-]*[\u0e01-\u0e4e])(\d{1,3})(?!\S)"
)
_DIGIT_IN_WORD = re.compile(r"(?<=[ก-\u0e4e])\d+(?=[ก-\u0e4e])(?![ก-ฮ]\.)")
_SPACED_HYPHEN = re.compile(
    rf"(?<=[\u0e01-\u0e4e]) -(?=[{_LEAD}])|(?<=[\u0e01-\u0e4e])- (?=[{_LEAD}])"
)
_DOUBLE_LEADING = re.compile(r"(?:แ(?=เ)|เ(?=แ)|[โใไ](?=[เแ])|[เแ](?=[โใไ]))")


def _split_lines(printed: str, texts: list[str]) -> tuple[str, str | None]:
    """The gazetteer's address cut where the card's rows (`texts`) break it."""
    if len(texts) < 2:
        return printed, None
    words = printed.split(" ")
    if not texts[1]:
        # The second row read as nothing (blur): what the first row holds is line 1, and
        # the parts the gazetteer placed beyond it (the province) were printed below.
        k = max(range(1, len(words) + 1), key=lambda k: fuzz.ratio(" ".join(words[:k]), texts[0]))
        return " ".join(words[:k]), " ".join(words[k:]) or None
    n2 = len(texts[1].split(" "))
    best_k, best = len(words) - n2, -1.0
    for k in range(1, len(words)):
        # Both rows judge: junk read into one row (glare, a stamp) misleads its side alone.
        score = fuzz.ratio(" ".join(words[:k]), texts[0]) + fuzz.ratio(
            " ".join(words[k:]), texts[1]
        )
        if score > best:
            best_k, best = k, score
    return " ".join(words[:best_k]), " ".join(words[best_k:])


# ---------------------------------------------------------------- back


def _front_evidence(lines: list[Line]) -> bool:
    """Latin-read lines that only a front prints: the serial under the photo, "Name",
    "Date of Birth", an English date. A laser-like code beside them is a misread serial."""
    for ln in lines:
        if ln.latin is None:
            continue
        if th_serial.normalize_serial(ln.text) or _en_name_line(ln) or _DOB_LABEL.search(ln.text):
            return True
        if _en_date(ln).status == "valid":
            return True
    return False


def _read_back(img: np.ndarray, lines: list[Line]) -> dict[str, Reading]:
    out: dict[str, Reading] = {}
    if _front_evidence(lines):
        return out
    best = _checked_laser(img, lines)
    # PP-OCR reads the lines again when the CRNN found no code.
    again = [ln for ln in lines if ln.latin and ln.latin.fast and not _thai_line(ln)]
    if (best is None or not best.valid) and again:
        _read_latin(img, again, strong=True)
        best = _best_laser(lines)
    if best is not None:
        out["laser_number"] = best
    return out


def _checked_laser(img: np.ndarray, lines: list[Line]) -> Reading | None:
    """The best laser code on the read `lines`. A code the CRNN read surely stands if it
    keeps the pattern with its two letters read as letters; PP-OCR reads it again otherwise
    (the CRNN takes a T for a 1 more often than PP-OCR does, and "1" becomes "I")."""
    best = _best_laser(lines)
    lead_read = best is not None and best.valid and _laser_lead(best.lines[0]).isalpha()
    if best is not None and best.lines[0].latin.fast and not lead_read:
        _read_latin(img, best.lines, strong=True)
        best = _best_laser(lines)
    return best


def _laser_lead(ln: Line) -> str:
    """The first two characters the reader gave a laser code line (its letters' places)."""
    return re.sub(r"[^A-Z0-9]", "", ln.text.upper())[:2]


def _settles_back(laser: Reading | None) -> TypeGuard[Reading]:
    """A laser code that keeps its pattern, read surely enough to call the card a back."""
    return laser is not None and bool(laser.valid) and laser.confidence >= 0.5


def _best_laser(lines: list[Line]) -> Reading | None:
    best = None
    for ln in lines:
        code = th_laser.normalize_laser(ln.text.replace(" ", ""))
        if code:
            conf = ln.latin.confidence if ln.latin else 0.0
            # Both letters made from digits: more likely a misread serial number or date.
            valid = th_laser.is_valid_laser(code) and not _laser_lead(ln).isdigit()
            if best is None or conf > best.confidence:
                best = Reading(code, conf, [ln], valid=valid)
    return best


def _upright_then_turned(
    rect: Rectified, lines: list[Line]
) -> Iterator[tuple[Rectified, list[Line]]]:
    yield rect, lines
    yield rect.rotated(2), _rot180(lines)


# The band a back's laser code lies in (card pixels x0, y0, x1, y1), with room for a frame a
# few percent off. Sized so that the detector's input (sides rounded to multiples of 32)
# holds the band at the whole card's scales, 0.544 across and 0.559 down.
_LASER_BAND = (40, 50, 452, 165)


def _quick_back(rect: Rectified) -> CardRead | None:
    """A back told by its laser code alone, upright or turned: the detector runs on the
    code's band only (7% of the card's pixels), which spares the whole card's detection, the
    engine's largest cost. None unless a code keeping its pattern is read there."""
    if _doubtful_frame(rect):
        return None
    x0, y0, x1, y1 = _LASER_BAND
    for r in (rect, rect.rotated(2)):
        quads, _ = ocr.detector().detect(
            r.image[y0:y1, x0:x1], round((x1 - x0) * DET_SIDE / CARD_W)
        )
        # The code's line alone: one long, tall line (not a front's labels or title).
        lines = [
            ln
            for ln in _lines_from(quads + np.float32([x0, y0]))
            if 24 <= ln.h <= 64 and 4.5 * ln.h <= ln.x1 - ln.x0 <= 10 * ln.h
        ]
        # PP-OCR reads again only a line the CRNN read as a code, unsure of it.
        _read_latin(r.image, lines, rule=_laser_or_skip)
        laser = _checked_laser(r.image, [ln for ln in lines if ln.latin is not None])
        if _settles_back(laser):
            return CardRead("back", r, lines, {"laser_number": laser}, laser.confidence)
        if len(quads):  # print where an upright back has its code, and no code: read it all
            return None
    return None


def _laser_or_skip(read: ocr.LatinRead) -> bool | None:
    return None if th_laser.normalize_laser(read.text.replace(" ", "")) else False


def read_card(rect: Rectified, want_religion: bool = True) -> CardRead | None:
    """Read a rectified card; None when what was rectified is not a readable card."""
    if (quick := _quick_back(rect)) is not None:
        return quick
    quads, _ = ocr.detector().detect(rect.image, DET_SIDE)
    lines = _lines_from(quads)
    if len(lines) < 2:
        return _laserless_back(rect, lines)
    # A valid ID number, or on a back (few lines) a laser code that keeps its pattern,
    # read upright or upside down, settles the side and the orientation; otherwise the card
    # is turned if it reads better upside down, and the ID is looked for again.
    id_line = id_read = None
    oconf = 0.0
    for r, ls in _upright_then_turned(rect, lines):
        id_line, id_read = _find_id_line(r.image, ls, quick=True)
        if id_line is not None and id_line.latin is not None:
            rect, lines, oconf = r, ls, id_line.latin.confidence
            break
        if len(ls) < 12:
            cands = sorted(ls, key=lambda ln: -ln.h)[:12]
            _read_latin(r.image, cands, latin_only=True)
            fields = _read_back(r.image, cands)
            laser = fields.get("laser_number")
            if _settles_back(laser):
                return CardRead("back", r, ls, fields, laser.confidence)
    if id_line is None:
        rect, lines, oconf = _orient(rect, lines)
        if oconf < 0.5:
            return _laserless_back(rect, lines)
        id_line, id_read = _find_id_line(rect.image, lines)
    if id_line is not None:
        fields = _read_front(rect.image, lines, id_line, id_read)
        if want_religion:
            _read_religion(rect.image, fields)
        fields.pop("_religion_lines", None)
        return CardRead("front", rect, lines, fields, oconf)
    # Not a readable front: look for the back's laser code.
    cands = sorted(lines, key=lambda ln: -ln.h)[:12]
    _read_latin(rect.image, cands, latin_only=True)
    fields = _read_back(rect.image, cands)
    if fields:
        return CardRead("back", rect, lines, fields, oconf)
    if (
        len(lines) >= 12
        and sum(_en_name_line(ln) or bool(_DOB_LABEL.search(ln.text)) for ln in cands) >= 1
    ):
        fields = _read_front(rect.image, lines, None, None)
        fields.pop("_religion_lines", None)
        return CardRead("front", rect, lines, fields, oconf)
    return _laserless_back(rect, lines)


def _laserless_back(rect: Rectified, lines: list[Line]) -> CardRead | None:
    """A card's stock framed, with a back's few lines and none that a front prints, its
    laser code past reading (blur): a back whose code is missing; else None."""
    if rect.source == "full" or len(lines) >= 12 or stock_tint(rect.image)[0] is None:
        return None
    if _front_evidence([ln for ln in lines if ln.latin is not None]):
        return None
    # The code's line, long and high on the card, read upright or turned.
    if not any(
        ln.x1 - ln.x0 > 4 * ln.h and abs(ln.cy - CARD_H / 2) > 0.15 * CARD_H for ln in lines
    ):
        return None
    return CardRead("back", rect, lines, {}, 0.0)


def _frames(bgr: np.ndarray) -> Iterator[tuple[np.ndarray, str]]:
    """The card candidates, then (only when they all failed to read whole: it costs a few
    tens of ms) the best quad of four straight edges, unless it repeats a candidate. On a
    page that is not card-shaped (a photo with the card in it) the straight-edge quad goes
    before the whole image, the least likely frame there."""
    cands = card_candidates(bgr)[:MAX_CANDIDATES]
    h, w = bgr.shape[:2]

    def edge_frame() -> Iterator[tuple[np.ndarray, str]]:
        for quad in edge_line_quads(bgr)[:1]:
            if not repeats(quad, [q for q, _ in cands], max(h, w)):
                yield quad, "lines"

    for quad, how in cands:
        if how == "full" and not card_shaped(w, h):
            yield from edge_frame()
            yield quad, how
            return
        yield quad, how
    yield from edge_frame()


def find_and_read(bgr: np.ndarray, want_religion: bool = True) -> CardRead | None:
    """Try the card candidates in turn; the first that reads as a card wins."""
    weak: CardRead | None = None
    partial: CardRead | None = None  # the fullest sound read that still lacks a field
    for quad, how in _frames(bgr):
        rect = rectify(bgr, quad, how)
        res = read_card(rect, want_religion)
        if res is not None and not _weak(res):
            if not _incomplete(res):
                return _straightened(bgr, res, want_religion)
            partial = _fuller(partial, res)
            continue
        # A weak read in the straight-edge frame is no fallback: that frame may have taken
        # a print edge (a back's band) for a side, where the text frame below finds the card.
        if (
            res is not None
            and how != "lines"
            and (weak is None or _read_count(res) > _read_count(weak))
        ):
            weak = res
    page_quads, _ = ocr.detector().detect(bgr, 1280)
    quad = _text_quad(page_quads)
    if partial is not None:
        # The frame the page's text lines give may read what the card's own edges missed
        # (a corner fit a few degrees off square).
        res = read_card(rectify(bgr, quad, "text"), want_religion) if quad is not None else None
        if res is not None and not _weak(res):
            partial = _fuller(partial, res)
        return _straightened(bgr, partial, want_religion)
    if quad is not None:
        res = read_card(rectify(bgr, quad, "text"), want_religion)
        # A weak read from a card candidate yields to the text-line frame unless it read
        # more of the same side.
        if res is not None and (
            weak is None
            or (not _weak(res) and (weak.side != res.side or _read_count(res) >= _read_count(weak)))
        ):
            weak = res
    for quad, how in card_candidates(bgr, ground=True) if weak is None else []:
        weak = read_card(rectify(bgr, quad, how), want_religion)
    if weak is None:
        weak = _back_by_laser(bgr, page_quads)
    return _straightened(bgr, weak, want_religion) if weak is not None else None


# Where the laser code sits on a back (card pixels, measured on ID-1 backs): its left
# edge, top edge and width. A page whose only text is a back's few lines is framed
# from its laser code line.
_LASER_AT = (85.0, 95.0, 250.0)


def _back_by_laser(bgr: np.ndarray, quads: np.ndarray) -> CardRead | None:
    """A back whose edges and text frame are both lost (a faint photocopy on white paper):
    each long page line is taken for the laser code, the card framed round it, and the
    first frame that reads a valid laser code wins."""
    x_at, y_at, width = _LASER_AT
    long = [q for q in quads if np.linalg.norm(q[1] - q[0]) > 3 * np.linalg.norm(q[3] - q[0])]
    for q in sorted(long, key=lambda q: q[:, 1].min())[:4]:
        along = (q[1] - q[0]) / width  # one card pixel along the line, on the page
        down = np.array([-along[1], along[0]])
        tl = q[0] - x_at * along - y_at * down
        frame = np.array(
            [tl, tl + CARD_W * along, tl + CARD_W * along + CARD_H * down, tl + CARD_H * down],
            np.float32,
        )
        res = read_card(rectify(bgr, frame, "laser"), want_religion=False)
        if res is not None and res.side == "back":
            laser = res.fields.get("laser_number")
            if laser is not None and laser.valid:
                return res
    return None


# A front whose text lines run this many degrees off level was framed askew (a soft or
# hidden card edge): it is framed again along its text and read again.
_TILT = 1.5


def _text_tilt(lines: list[Line]) -> float:
    """The median slope, in degrees, of the long text lines (0 when too few)."""
    angles = []
    for ln in lines:
        q = ln.quad
        w, h = np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[3] - q[0])
        if w > 4 * h:
            angles.append(np.degrees(np.arctan2(q[1][1] - q[0][1], q[1][0] - q[0][0])))
    return float(np.median(angles)) if len(angles) >= 6 else 0.0


def _straightened(bgr: np.ndarray, res: CardRead, want_religion: bool) -> CardRead:
    """`res`, or the card read again in a frame turned to level its text when that reads
    at least as many fields."""
    tilt = _text_tilt(res.lines) if res.side == "front" else 0.0
    if abs(tilt) < _TILT or os.environ.get("THAIID_STRAIGHTEN", "1") == "0":
        return res
    c, s = np.cos(np.radians(tilt)), np.sin(np.radians(tilt))
    centre = np.array([CARD_W / 2, CARD_H / 2])
    corners = np.array([[0, 0], [CARD_W - 1, 0], [CARD_W - 1, CARD_H - 1], [0, CARD_H - 1]])
    turned = (corners - centre) @ np.array([[c, s], [-s, c]]) + centre
    again = read_card(rectify(bgr, res.rect.map_points(turned), res.rect.source), want_religion)
    if again is None or again.side != res.side:
        return res
    if _read_count(again) < _read_count(res):
        return _carried(res, again, spelt_only=True)
    return _carried(again, res)


def _field_group(name: str) -> str:
    """The fields read together (a name line's parts, a date's two lines, the address's
    parts): one frame's reading of a group is kept or left whole."""
    if name.startswith("address"):
        return "address"
    if name.startswith(("dob_", "doi_", "doe_")):
        return name[:3]
    if name in ("title_name_surname_th", "title_th", "name_th", "surname_th"):
        return "name_th"
    if name in ("title_name_en", "title_en", "name_en", "surname_en"):
        return "name_en"
    return name


def _fuller(partial: CardRead | None, res: CardRead) -> CardRead:
    """`res` where it read more fields than `partial` (or none came before), else
    `partial`; each with the other's groups it lacks (`_carried`: from the read of fewer,
    only those the card's rules spelt)."""
    if partial is None or _read_count(res) > _read_count(partial):
        return _carried(res, partial)
    return _carried(partial, res, spelt_only=True)


def _carried(res: CardRead, before: CardRead | None, spelt_only: bool = False) -> CardRead:
    """`res`, a better frame's read of the card, with the field groups it lost and
    `before` (another frame's read of the same side) had: a frame a few pixels off
    reads most fields better yet may lose one (a serial cut at the card's edge). A group
    `before` read replaces one `res` has only from the card's rules (marked unread); one
    `before` has from the rules goes where `res` has none (`spelt_only`: those alone).
    The groups' lines move into `res`'s frame."""
    if before is None or before.side != res.side or os.environ.get("THAIID_CARRY") == "0":
        return res
    have = {_field_group(k) for k in res.fields}
    have_read = {_field_group(k) for k, r in res.fields.items() if not r.extra.get("unread")}
    lost = {
        k: r
        for k, r in before.fields.items()
        if (_field_group(k) not in have_read and not r.extra.get("unread") and not spelt_only)
        or (_field_group(k) not in have and r.extra.get("unread"))
    }
    if not lost:
        return res
    # card pixels of `before` → page → card pixels of `res`
    to_res = np.linalg.inv(res.rect.to_page) @ before.rect.to_page
    moved: dict[int, Line] = {}

    def move(ln: Line) -> Line:
        if id(ln) not in moved:
            q = cv2.perspectiveTransform(ln.quad.reshape(-1, 1, 2).astype(np.float64), to_res)
            q = q.reshape(-1, 2).astype(np.float32)
            xs, ys = q[:, 0], q[:, 1]
            moved[id(ln)] = Line(q, xs.min(), ys.min(), xs.max(), ys.max(), ln.latin, ln.crnn)
        return moved[id(ln)]

    fields = dict(res.fields)
    for k, r in lost.items():
        fields[k] = replace(r, lines=[move(ln) for ln in r.lines])
    return replace(res, fields=fields)


def _weak(res: CardRead) -> bool:
    """A back read from a doubtful frame (a laser code that fails its pattern, or the whole
    image taken as the card when the image is not card-shaped): maybe a misframed front."""
    if res.side != "back":
        # A front through such a frame that misses the dates or the address; a front
        # whose print fills only part of the frame (a hand or the table taken with it); a
        # front without its ID number (a frame cutting into the card).
        need = ("dob_en", "doe_en", "address_full")
        return (
            (_doubtful_frame(res.rect) and not all(k in res.fields for k in need))
            or _shrunk_print(res.lines)
            or "id_number" not in res.fields
        )
    laser = res.fields.get("laser_number")
    if laser is None or laser.valid is False:
        return True
    return _doubtful_frame(res.rect)


def _read_count(res: CardRead) -> int:
    """The fields a frame read (not those the card's rules gave where nothing was read)."""
    return sum(not r.extra.get("unread") for r in res.fields.values())


def _incomplete(res: CardRead) -> bool:
    """A front read without its dates or a placed address: on a blurred card a frame a
    few pixels off can read them where this one did not."""
    if res.side != "front":
        return False
    have = {k for k, r in res.fields.items() if not r.extra.get("unread")}
    return not (
        {"dob_th", "dob_en"} & have and {"doe_th", "doe_en"} & have and "address_province" in have
    )


def _shrunk_print(lines: list[Line]) -> bool:
    """A front's print ends well short of the frame's right or bottom edge (the serial
    under the photo and the bottom dates reach past 80% / 85% of a well-framed card), or
    starts well inside its top-left corner (the name label starts before 10% of the width
    and the title line within 5% of the height)."""
    if len(lines) < 8:
        return False
    return (
        max(ln.x1 for ln in lines) < 0.8 * CARD_W
        or max(ln.y1 for ln in lines) < 0.85 * CARD_H
        or (
            min(ln.x0 for ln in lines) > 0.15 * CARD_W
            and min(ln.y0 for ln in lines) > 0.09 * CARD_H
        )
    )


def _doubtful_frame(rect: Rectified) -> bool:
    """The whole image taken as the card when the image is not card-shaped."""
    if rect.source != "full":
        return False
    w = np.linalg.norm(rect.quad[1] - rect.quad[0])
    h = np.linalg.norm(rect.quad[3] - rect.quad[0])
    return not card_shaped(float(w), float(h))


def _text_quad(quads: np.ndarray) -> np.ndarray | None:
    """The card found by its printed text when its edges are not (a photocopy on white
    paper, a hand over a corner): the rotated box round the page's text lines (`quads`,
    detected on the page), grown to the card's margins."""
    if len(quads) < 6:
        return None
    pts = quads.reshape(-1, 2)
    centers = quads.mean(axis=1)
    med = np.median(centers, axis=0)
    dist = np.linalg.norm(centers - med, axis=1)
    keep = dist <= 2.5 * np.median(dist) + 1.0
    pts = quads[keep].reshape(-1, 2)
    if len(pts) < 24:
        return None
    (cx, cy), (w, h), ang = cv2.minAreaRect(pts.astype(np.float32))
    w, h = w * 1.08, h * 1.08
    return cv2.boxPoints(((cx, cy), (w, h), ang)).astype(np.float32)


def _to_fields(res: CardRead, size: tuple[int, int], opts: Options) -> dict[str, Any]:
    page = empty_page()
    for name, r in res.fields.items():
        if not opts.wants(name):
            continue
        boxes = [res.rect.map_points(ln.quad).tolist() for ln in r.lines] if r.lines else None
        conf = r.confidence
        if opts.do_field_validation and r.valid is False:
            conf = -1.0
        extra: dict[str, Any] = {}
        if opts.return_datetime_iso and "date" in r.extra:
            extra["iso"] = th_dates.format_iso(r.extra["date"])
        page[name] = field(r.value, conf, boxes, size if boxes else None, **extra)
    page["side"] = field(res.side, 1.0 if res.fields else 0.5)  # a back whose code is lost
    num = res.fields.get("id_number")
    if num:  # the ID's first digit decides (6/7: pink card)
        ctype, cconf = th_id.card_type_for_id(num.value), 1.0
    else:  # a back (or an unread ID): the stock colour; a grey copy falls back to "normal"
        tint, tconf = stock_tint(_stock_view(res), read=True)
        ctype, cconf = (tint, 0.5 + 0.5 * tconf) if tint else ("normal", 0.5)
    page["card_type"] = field(ctype, cconf)
    if opts.return_gender and res.side == "front":
        t_th = res.fields.get("title_th")
        t_en = res.fields.get("title_en")
        g = th_titles.gender_from_title(t_th.value if t_th else None, t_en.value if t_en else None)
        page["option"]["gender"] = field(g, 1.0 if g != "unknown" else 0.0)
    return page


def _stock_view(res: CardRead) -> np.ndarray:
    """The card's stock to judge its colour by: the rectified card, or where no card edge
    was found (the whole image taken for the card: a back held up against a pink wall)
    the stock round the laser code's line."""
    laser = res.fields.get("laser_number")
    if res.rect.source != "full" or laser is None or not laser.lines:
        return res.rect.image
    ln = laser.lines[0]
    h, w = res.rect.image.shape[:2]
    pad = 0.1 * (ln.x1 - ln.x0)
    y0, y1 = max(0, int(ln.y0 - ln.h)), min(h, int(ln.y1 + ln.h))
    return res.rect.image[y0:y1, max(0, int(ln.x0 - pad)) : min(w, int(ln.x1 + pad))]


def read_page(page: PageImage, opts: Options) -> dict:
    """One page → its data entry; raises NoCardFound when no card can be read."""
    bgr = cv2.cvtColor(page.rgb, cv2.COLOR_RGB2BGR)
    res = find_and_read(bgr, want_religion=opts.wants("religion"))
    if res is None:
        raise NoCardFound(f"No ID card found on page {page.index}.", page=page.index)
    from thaiid_ops.engine.imaging import apply_image_options

    return apply_image_options(_to_fields(res, page.size, opts), page, res, opts)
