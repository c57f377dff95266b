"""`POST /v2/{project_id}/ocr/thailand-id-card` against a real server: seed 002's shapes."""

from __future__ import annotations

import base64

import httpx

ROUTE = "/v2/0123456789abcdef/ocr/thailand-id-card"


def post(url: str, token: str | None, json) -> httpx.Response:
    headers = {"X-Auth-Token": token} if token else {}
    return httpx.post(url + ROUTE, json=json, headers=headers, timeout=120)


def test_401_without_a_token(server_url: str) -> None:
    r = post(server_url, None, {"image": "AAAA"})
    assert r.status_code == 401
    assert set(r.json()) == {"error_code", "error_msg"}


def test_errors_have_seed_002_shape(server_url: str, api_key: str) -> None:
    cases = [
        ({"image": base64.b64encode(b"plain text").decode()}, "AIS.0102"),
        ({"image": "@@@"}, "AIS.0102"),
        ({"url": "https://example.invalid/card.jpg"}, "AIS.0101"),
        ({"image": "AAAA", "return_text_location": "yes"}, "AIS.0101"),
        ({"image": "AAAA", "side": "top"}, "AIS.0101"),
        ({"image": "A" * (10 * 1024 * 1024 + 4)}, "AIS.0103"),
    ]
    for payload, code in cases:
        r = post(server_url, api_key, payload)
        assert r.status_code == 400, payload.keys()
        body = r.json()
        assert set(body) == {"error_code", "error_msg"}
        assert body["error_code"] == code


def test_front_result_shape(server_url: str, api_key: str, card_b64: str) -> None:
    r = post(
        server_url,
        api_key,
        {
            "image": card_b64,
            "side": "front",
            "return_idcard_type": True,
            "return_text_location": True,
        },
    )
    assert r.status_code == 200
    result = r.json()["result"]
    assert result["side"] == "front"
    assert result["type"] in ("normal", "pink")
    assert result["idcard_type"] == "normal"
    assert isinstance(result["confidence"], dict)
    text_keys = set(result) - {"side", "type", "idcard_type", "confidence", "text_location"}
    assert "name_th" in text_keys
    assert set(result["confidence"]) <= text_keys
    assert all(0.0 <= c <= 1.0 for c in result["confidence"].values())
    if "id_number" in result:  # printed form, as in seed 002's example
        assert len(result["id_number"].replace(" ", "")) == 13 and " " in result["id_number"]
    for quad in result["text_location"].values():
        assert len(quad) == 4 and all(len(p) == 2 for p in quad)
