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
