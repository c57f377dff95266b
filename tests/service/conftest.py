"""A real `thaiid serve` app on 127.0.0.1 (ephemeral port, background thread) and test cards."""

from __future__ import annotations

import base64
import io
import random
import secrets
from collections.abc import Iterator

import pytest
from PIL import Image

from thaiid_ops.service.app import create_app
from thaiid_ops.service.server import serve_in_thread


@pytest.fixture(scope="module")
def api_key() -> str:
    return "svc-" + secrets.token_hex(12)


@pytest.fixture(scope="module")
def server_url(api_key: str) -> Iterator[str]:
    with serve_in_thread(create_app([api_key], max_concurrency=2)) as url:
        yield url


@pytest.fixture(scope="session")
def card_image() -> Image.Image:
    """One synthetic front (no real person's data)."""
    from thaiid_ops.synth.render import render_card
    from thaiid_ops.synth.spec import random_spec

    rng = random.Random(1)
    return render_card(random_spec(rng), "front", rng=rng).image.convert("RGB")


@pytest.fixture(scope="session")
def card_b64(card_image: Image.Image) -> str:
    buf = io.BytesIO()
    card_image.save(buf, "JPEG", quality=90)
    return base64.b64encode(buf.getvalue()).decode()
