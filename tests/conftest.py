"""Fixtures shared by the Polars and sink tests: `cards` (tests/polars/polars_cards.py) and `lake`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_path = Path(__file__).resolve().parent / "polars" / "polars_cards.py"
_spec = importlib.util.spec_from_file_location("thaiid_polars_cards", _path)
_cards = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cards)


@pytest.fixture
def cards():
    return _cards


@pytest.fixture
def lake(tmp_path):
    return _cards.write_lake(tmp_path)
