"""Session fixtures of the quality tests: Parquet files and GX results shared by the tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).parent))

from quality_data import TODAY, clean_cards, defect_cards, flat_rows, write_parquet


@pytest.fixture(scope="session")
def quality_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("quality")


@pytest.fixture(scope="session")
def clean_parquet(quality_dir: Path) -> Path:
    return write_parquet(quality_dir / "clean.parquet", flat_rows(clean_cards()))


@pytest.fixture(scope="session")
def defects_parquet(quality_dir: Path) -> Path:
    flat = flat_rows(clean_cards(seed=3, n=10) + defect_cards())
    return write_parquet(quality_dir / "defects.parquet", flat)


@pytest.fixture(scope="session")
def clean_result(clean_parquet: Path) -> Any:
    """Every bundled suite on the clean set (GX result)."""
    from thaiid_ops.quality import validate

    return validate(clean_parquet, today=TODAY)


@pytest.fixture(scope="session")
def report_dir(quality_dir: Path) -> Path:
    return quality_dir / "dq"


@pytest.fixture(scope="session")
def defects_result(defects_parquet: Path, report_dir: Path) -> Any:
    """Every bundled suite on clean + seeded-defect rows, with Data Docs in `report_dir`."""
    from thaiid_ops.quality import validate

    return validate(defects_parquet, report_dir=report_dir, today=TODAY)
