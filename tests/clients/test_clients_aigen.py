"""AigenBackend against a real `thaiid serve` gives what LocalBackend gives."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import random
import secrets

import pytest

from thaiid_ops.clients import AigenBackend, Backend, LocalBackend, make_backend
from thaiid_ops.errors import Unauthorized
from thaiid_ops.service.app import create_app
from thaiid_ops.service.server import serve_in_thread


@pytest.fixture(scope="module")
def served():
    key = "k-" + secrets.token_hex(12)
    with serve_in_thread(create_app([key], max_concurrency=2)) as url:
        yield url, key


@pytest.fixture(scope="module")
def card_jpeg() -> bytes:
    from thaiid_ops.synth.render import render_card
    from thaiid_ops.synth.spec import random_spec

    rng = random.Random(1)
    img = render_card(random_spec(rng), "front", rng=rng).image.convert("RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def as_json(body: dict) -> dict:
    return json.loads(json.dumps(body))


def test_same_data_as_the_local_engine(served, card_jpeg: bytes) -> None:
    url, key = served
    remote = make_backend("aigen", base_url=url, api_key=key)
    local = make_backend("local")
    assert isinstance(remote, Backend) and isinstance(local, Backend)
    options = {"return_gender": True, "do_field_validation": True}
    got = remote.extract(card_jpeg, options)
    want = as_json(local.extract(card_jpeg, options))
    assert got["status"] == "success"
    assert got == want

    bad = base64.b64encode(b"not an image").decode()
    assert remote.extract(bad) == as_json(local.extract(bad))
    assert remote.extract("@@@") == as_json(local.extract("@@@"))


def test_async_batch_in_order(served) -> None:
    url, key = served
    remote = AigenBackend(url, key, max_in_flight=4)
    images = ["@@@", base64.b64encode(b"text").decode(), "A" * 8]
    out = asyncio.run(remote.extract_many(images))
    assert [r["error"][0]["code"] for r in out] == [20001, "400", "400"]


def test_wrong_key_raises_and_key_is_not_in_repr(served) -> None:
    url, key = served
    with pytest.raises(Unauthorized):
        AigenBackend(url, "wrong-key").extract("AAAA")
    assert key not in repr(AigenBackend(url, key))
    with pytest.raises(ValueError):
        make_backend("nope")
    assert repr(LocalBackend()) == "LocalBackend()"
