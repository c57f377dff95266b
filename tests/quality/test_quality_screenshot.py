"""The Data Docs index renders in headless Chromium; the PNG is kept as a CI artifact in build/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "quality"
WIDTH, HEIGHT = 1280, 1000


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, profile: Path) -> None:
    """Render a local page to PNG; no network (CDN assets and the logo fail fast)."""
    cmd = [
        _chromium() or "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--hide-scrollbars",
        f"--window-size={WIDTH},{HEIGHT}",
        f"--screenshot={png}",
        page.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (scripts/bootstrap.sh)")
def test_data_docs_index_renders(defects_result: Any, report_dir: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "dq_index.png": report_dir / "index.html",
        "dq_validation_front.png": next(
            (report_dir / "validations" / "thaiid_front").rglob("*.html")
        ),
    }
    for name, page in shots.items():
        png = ARTIFACTS / name
        png.unlink(missing_ok=True)
        screenshot(page, png, tmp_path / f"profile-{name}")
        img = Image.open(png).convert("L")
        assert img.size == (WIDTH, HEIGHT)
        pixels = np.asarray(img)
        # Content, not a blank page: a good share of non-white pixels and many grey levels.
        assert (pixels < 200).mean() > 0.01, name
        assert len(np.unique(pixels)) > 32, name
        assert pixels.std() > 20, name
