"""Fixtures for the engine tests: `ctc_path`, a CRNN output whose best path spells a text."""

from __future__ import annotations

import numpy as np
import pytest

from thaiid_ops.engine import recognizer as rec


def _path_probs(text: str, hide: int | None = None) -> np.ndarray:
    """A softmax output whose best path spells `text`, each character over two steps
    with a blank after it; `hide`: that character's steps mostly blank (blur)."""
    r = rec.recognizer()
    rows = []
    for i, ch in enumerate(text):
        row = np.full(len(r.chars), 1e-3)
        row[r.index[ch]] = 0.3 if i == hide else 1.0
        if i == hide:
            row[0] = 0.7
        rows += [row, row.copy()]
        blank = np.full(len(r.chars), 1e-3)
        blank[0] = 1.0
        rows.append(blank)
    p = np.array(rows)
    return p / p.sum(axis=1, keepdims=True)


@pytest.fixture
def ctc_path():
    return _path_probs
