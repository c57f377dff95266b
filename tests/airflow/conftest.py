"""One Airflow home per test session: temp AIRFLOW_HOME, SQLite metadata DB, env connections.

The environment is set at import, before any test module imports airflow, because Airflow
reads its configuration once, at import time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="thaiid_airflow_"))

os.environ.update(
    {
        "AIRFLOW_HOME": str(AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{AIRFLOW_HOME / 'airflow.db'}",
        "AIRFLOW__CORE__TEST_CONNECTION": "Enabled",
        "AIRFLOW_CONN_THAIID_DEFAULT": '{"conn_type": "thaiid", "extra": {"backend": "local"}}',
    }
)


@pytest.fixture(scope="session")
def airflow_home() -> Path:
    return AIRFLOW_HOME


@pytest.fixture(scope="session")
def airflow_db(airflow_home: Path) -> Path:
    """A migrated SQLite metadata DB (the `airflow db migrate` of a fresh machine)."""
    from airflow.utils import db

    db.resetdb()
    return airflow_home / "airflow.db"


class Lake:
    """A synthetic document lake on disk and the personal values it holds (for leak checks)."""

    def __init__(self, root: Path, n_cards: int, seed: int, bad: int) -> None:
        from thaiid_ops.synth import bad_samples, generate

        self.root = root
        samples = generate(n_cards, seed=seed, side="both", out=root / "cards")
        for sample in bad_samples(bad, seed=seed):
            sample.write(root / "bad")
        self.documents = len(samples) + bad
        # One row per page: a PDF sample holds both sides; a broken file gives one error row.
        self.rows = sum(max(1, len(s.truth.get("data", []))) for s in samples) + bad
        self.secrets = sorted(_personal_values(s.truth for s in samples))

    def leaks(self, text: str) -> list[str]:
        """The personal values that occur in `text` (reported masked)."""
        return [s[:2] + "…" for s in self.secrets if s in text]


def _personal_values(truths) -> set[str]:
    """ID numbers (raw and printed) and Thai/English names from the ground truth."""
    found: set[str] = set()
    for truth in truths:
        for page in truth.get("data", []):
            for key in ("id_number", "name_th", "surname_th", "name_en", "surname_en"):
                value = (page.get(key) or {}).get("value")
                if not value or len(str(value)) < 3:
                    continue
                found.add(str(value))
                if key == "id_number":
                    v = str(value)
                    found.add(f"{v[0]} {v[1:5]} {v[5:10]} {v[10:12]} {v[12]}")
    return found


@pytest.fixture(scope="session")
def small_lake(tmp_path_factory) -> Lake:
    """2 cards x 2 sides + 1 broken file: the default suite's lake."""
    return Lake(tmp_path_factory.mktemp("small_lake"), n_cards=2, seed=11, bad=1)


@pytest.fixture(scope="session")
def lake_factory():
    return Lake
